// A program that runs the functions of examples/ — what `check --profile` is tested on. Recorded by
// profile.test.ts with `node --cpu-prof` from an esbuild bundle with a source map, so the profile's
// lines map back to examples/*.ts. The work is deliberately uneven (the Mandelbrot dominates, the
// mean is cheap), so the ranking says something: the Mandelbrot is about 22-24% of the samples.
import { countAbove } from "../../examples/dtype";
import { addTen, celsiusToFahrenheit, rootMagnitude } from "../../examples/elementwise";
import { squares } from "../../examples/growth";
import { mandelbrot } from "../../examples/mandelbrot";
import { dot, mean } from "../../examples/reductions";

const seconds = Number(process.argv[2] ?? 1.5);
const x = new Float64Array(200_000).map((_, i) => Math.sin(i) * 50);
const y = new Float64Array(200_000).map((_, i) => Math.cos(i));
let sink = 0;
// CPU time, not wall time: on a loaded machine 1.5 s of wall time ran a fraction of the work, and the
// cheap functions' findings got no sample (a flaky "findings seen in the profile" in CI)
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const end = cpuSeconds() + seconds;
for (let round = 0; round < 20 || cpuSeconds() < end; round++) {
  sink += mandelbrot(240, 160, 100)[7];
  sink += countAbove(x, 10);
  sink += addTen(x)[3];
  celsiusToFahrenheit(y.slice());
  sink += rootMagnitude(x)[5];
  sink += squares(50_000)[9];
  sink += mean(x) + dot(x, y);
}
console.log(sink > 0 ? "done" : "done.");
