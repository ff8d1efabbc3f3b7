// The lecture's Mandelbrot set, every version it shows, written with arraylint's runtime and checked
// equal to the scalar early-exit loop with nd.testing.assertAllclose (check(); run by
// test/examples/lecture.test.ts). `node --import tsx examples/lecture/mandelbrot.ts` also times them
// side by side — and shows the lecture's advice inverted in JavaScript: the scalar loop is compiled code
// with an early exit, so every whole-array version is slower (see runtime/BENCHMARKS.md for the
// fused evaluate() variants).
import * as nd from "arraylint/runtime";
import { complexPositions } from "./arrays";

/**
 * mandel1's idea, with the counting rule of the array versions below: iterate z = z² + c from
 * z = c; the first time |z| > 2, record how many steps of `limit` were left; 0 if it never diverges.
 * Returns float64 counts of the same shape as `position`.
 */
export function mandelScalar(position: nd.NDArray, limit = 50): nd.NDArray {
  // a contiguous complex128 copy stores [re, im] pairs: read them directly
  const pairs = position.copy().data;
  const out = new Float64Array(position.size);
  for (let p = 0; p < out.length; p++) {
    const cr = pairs[2 * p];
    const ci = pairs[2 * p + 1];
    let zr = cr;
    let zi = ci;
    for (let left = limit - 1; left >= 0; left--) {
      const t = zr * zr - zi * zi + cr;
      zi = 2 * zr * zi + ci;
      zr = t;
      if (zr * zr + zi * zi > 4) {
        out[p] = left;
        break;
      }
    }
  }
  return nd.array(out).reshape(position.shape);
}

/** mandel4: the whole grid one operation at a time; divergence tested with abs(value) > 2. */
export function mandel4(position: nd.NDArray, limit = 50): nd.NDArray {
  let value = position;
  const divergedAtCount = nd.zeros(position.shape);
  while (limit > 0) {
    limit -= 1;
    value = nd.add(nd.power(value, 2), position);
    const diverging = nd.greater(nd.abs(value), 2);
    const firstDivergedThisTime = nd.logicalAnd(diverging, nd.equal(divergedAtCount, 0));
    divergedAtCount.set(firstDivergedThisTime, limit);
    value.set(diverging, 2);
  }
  return divergedAtCount;
}

/** mandel5: "can we do better by avoiding a square root?" — value * conj(value) > 4. */
export function mandel5(position: nd.NDArray, limit = 50): nd.NDArray {
  let value = position;
  const divergedAtCount = nd.zeros(position.shape);
  while (limit > 0) {
    limit -= 1;
    value = nd.add(nd.power(value, 2), position);
    const diverging = nd.greater(nd.multiply(value, nd.conj(value)), 4);
    const firstDivergedThisTime = nd.logicalAnd(diverging, nd.equal(divergedAtCount, 0));
    divergedAtCount.set(firstDivergedThisTime, limit);
    value.set(diverging, 2);
  }
  return divergedAtCount;
}

/** mandel6: compute only the points still being calculated (boolean-mask indexing copies). */
export function mandel6(position: nd.NDArray, limit = 50): nd.NDArray {
  const value = nd.add(nd.zeros(position.shape), position);
  let calculating = nd.ones(position.shape, "bool");
  const divergedAtCount = nd.zeros(position.shape);
  while (limit > 0) {
    limit -= 1;
    value.set(calculating, nd.add(nd.power(value.get(calculating), 2), position.get(calculating)));
    const divergingNow = nd.zeros(position.shape, "bool");
    const v = value.get(calculating);
    divergingNow.set(calculating, nd.greater(nd.multiply(v, nd.conj(v)), 4));
    calculating = nd.logicalAnd(calculating, nd.logicalNot(divergingNow));
    divergedAtCount.set(divergingNow, limit);
  }
  return divergedAtCount;
}

/** mandel7: mandel6 with preallocated buffers and `out` arguments instead of fresh temporaries. */
export function mandel7(position: nd.NDArray, limit = 50): nd.NDArray {
  const value = nd.add(nd.zeros(position.shape), position);
  const calculating = nd.ones(position.shape, "bool");
  const divergedAtCount = nd.zeros(position.shape);
  const divergingNow = nd.zeros(position.shape, "bool");
  const notDiverging = nd.zeros(position.shape, "bool");
  while (limit > 0) {
    limit -= 1;
    const v = value.get(calculating);
    nd.multiply(v, v, { out: v });
    nd.add(v, position.get(calculating), { out: v });
    value.set(calculating, v);
    divergingNow.set(nd.ellipsis, false);
    divergingNow.set(calculating, nd.greater(nd.multiply(v, nd.conj(v)), 4));
    nd.logicalNot(divergingNow, { out: notDiverging });
    nd.logicalAnd(calculating, notDiverging, { out: calculating });
    divergedAtCount.set(divergingNow, limit);
  }
  return divergedAtCount;
}

/** The runtime's own answer: one fused evaluate() pass per iteration, no temporaries. */
export function mandelFused(position: nd.NDArray, limit = 50): nd.NDArray {
  const c = position.reshape(-1).copy();
  const z = c.copy();
  const count = nd.zeros([c.size]);
  const done = nd.zeros([c.size]);
  const program =
    "z = where(done == 0, z*z + c, z); count = where((done == 0) & (real(z)*real(z) + imag(z)*imag(z) > 4), left, count); done = where(count != 0, 1, done)";
  for (let left = limit - 1; left >= 0; left--) nd.evaluate(program, { z, c, count, done, left });
  return count.reshape(position.shape);
}

/**
 * The fused early-exit loop: evaluate's `repeat`/`until` runs each point's iterations to its exit before
 * the next point starts — the scalar loop's shape, expressed with the runtime.
 */
export function mandelRepeat(position: nd.NDArray, limit = 50): nd.NDArray {
  const c = position.reshape(-1).copy();
  const z = c.copy();
  const count = nd.zeros([c.size]);
  nd.evaluate("z = z*z + c; count = where(real(z)*real(z) + imag(z)*imag(z) > 4, limit - it, count)", { z, c, count, limit }, {
    repeat: limit,
    until: "real(z)*real(z) + imag(z)*imag(z) > 4",
    iteration: "it",
  });
  return count.reshape(position.shape);
}

export const VERSIONS = { mandel4, mandel5, mandel6, mandel7, mandelFused, mandelRepeat } as const;

/** Throws (NumPy's assert_allclose message) if a version disagrees with the scalar loop. */
export function check(resolution = 60, limit = 50): void {
  const position = complexPositions(resolution);
  const expected = mandelScalar(position, limit);
  for (const [name, version] of Object.entries(VERSIONS)) {
    try {
      nd.testing.assertAllclose(version(position, limit), expected, { rtol: 0, atol: 0 });
    } catch (e) {
      throw new Error(`${name} differs from the scalar loop: ${(e as Error).message}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  check();
  const position = complexPositions(300);
  const rounds = 5;
  const times: Record<string, number[]> = { mandelScalar: [] };
  for (const name of Object.keys(VERSIONS)) times[name] = [];
  for (let r = 0; r < rounds; r++) {
    // interleaved rounds, medians: the machine is shared
    for (const [name, fn] of [["mandelScalar", mandelScalar], ...Object.entries(VERSIONS)] as const) {
      const t = performance.now();
      fn(position, 50);
      times[name].push(performance.now() - t);
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const base = median(times.mandelScalar);
  console.log("every version equals the scalar loop (300×300 grid, limit 50); medians of 5 interleaved rounds:");
  for (const [name, v] of Object.entries(times)) {
    const m = median(v);
    console.log(`  ${name.padEnd(13)} ${m.toFixed(1).padStart(8)} ms   ${name === "mandelScalar" ? "" : `${(m / base).toFixed(1)}× the scalar loop's time`}`);
  }
}
