// A program that runs the functions of examples/ — what `check --profile` is tested on. Recorded by
// profile.test.ts with `node --cpu-prof` from an esbuild bundle with a source map, so the profile's
// lines map back to examples/*.ts. The work is deliberately uneven (the Mandelbrot dominates, the
// mean is cheap), so the ranking says something.
import { countAbove } from "../../examples/dtype";
import { addTen, celsiusToFahrenheit, rootMagnitude } from "../../examples/elementwise";
import { squares } from "../../examples/growth";
import { mandelbrot } from "../../examples/mandelbrot";
import { dot, mean } from "../../examples/reductions";

const seconds = Number(process.argv[2] ?? 1.5);
const x = new Float64Array(200_000).map((_, i) => Math.sin(i) * 50);
const y = new Float64Array(200_000).map((_, i) => Math.cos(i));
let sink = 0;
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  sink += mandelbrot(120, 80, 60)[7];
  sink += countAbove(x, 10);
  sink += addTen(x)[3];
  celsiusToFahrenheit(y.slice());
  sink += rootMagnitude(x)[5];
  sink += squares(50_000)[9];
  sink += mean(x) + dot(x, y);
}
console.log(sink > 0 ? "done" : "done.");
