// The "NumPy for performance" lecture's first examples, written with arraylint's runtime next to the
// plain loops they replace. Each pair is checked equal with nd.testing.assertAllclose by check()
// (test/examples/lecture.test.ts runs it; `node --import tsx examples/lecture/arrays.ts` too).
import * as nd from "arraylint/runtime";

/** x = np.arange(0, 256, 4).reshape(8, 8); x + 10 — the whole array at once. */
export function plusTen(): nd.NDArray {
  const x = nd.arange(0, 256, 4).reshape(8, 8);
  return nd.add(x, 10);
}

/** The same with a loop per element over nested JS arrays. */
export function plusTenLoop(): number[][] {
  const y: number[][] = [];
  for (let i = 0; i < 8; i++) {
    const row: number[] = [];
    for (let j = 0; j < 8; j++) row.push(4 * (8 * i + j) + 10);
    y.push(row);
  }
  return y;
}

/** np.sqrt of a grid of squared distances: sqrt(x**2 + y**2) over np.mgrid[0:4, 0:5]. */
export function distanceGrid(): nd.NDArray {
  const g = nd.mgrid("0:4", "0:5");
  const x = g.get(0, nd.ellipsis);
  const y = g.get(1, nd.ellipsis);
  return nd.sqrt(nd.add(nd.power(x, 2), nd.power(y, 2)));
}

export function distanceGridLoop(): number[][] {
  return Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.sqrt(i ** 2 + j ** 2)));
}

export const xmin = -1.5, xmax = 0.5, ymin = -1.0, ymax = 1.0;

/**
 * The lecture's grid of complex positions: ymatrix, xmatrix = np.mgrid[ymin:ymax:Nj, xmin:xmax:Nj];
 * values = xmatrix + 1j * ymatrix. Shape (resolution, resolution), complex128.
 */
export function complexPositions(resolution: number): nd.NDArray {
  const g = nd.mgrid(`${ymin}:${ymax}:${resolution}j`, `${xmin}:${xmax}:${resolution}j`);
  const ymatrix = g.get(0, nd.ellipsis);
  const xmatrix = g.get(1, nd.ellipsis);
  return nd.complex(xmatrix, ymatrix);
}

/** The same positions, real and imaginary parts, from a scalar loop. */
export function complexPositionsLoop(resolution: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(resolution * resolution);
  const im = new Float64Array(resolution * resolution);
  // NumPy's formula: start + k * step, with step = (stop - start) / (num - 1) and the endpoint exact
  const step = (lo: number, hi: number, k: number) => lo + k * ((hi - lo) / (resolution - 1));
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      re[r * resolution + c] = c === resolution - 1 ? xmax : step(xmin, xmax, c);
      im[r * resolution + c] = r === resolution - 1 ? ymax : step(ymin, ymax, r);
    }
  }
  return { re, im };
}

/** Throws (NumPy's assert_allclose message) if a runtime version disagrees with its loop. */
export function check(): void {
  nd.testing.assertAllclose(plusTen(), plusTenLoop(), { rtol: 0, atol: 0 });
  nd.testing.assertAllclose(distanceGrid(), distanceGridLoop(), { rtol: 0, atol: 0 });
  const positions = complexPositions(7);
  const loop = complexPositionsLoop(7);
  nd.testing.assertAllclose(nd.real(positions).reshape(-1), loop.re, { rtol: 0, atol: 0 });
  nd.testing.assertAllclose(nd.imag(positions).reshape(-1), loop.im, { rtol: 0, atol: 0 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  check();
  console.log(String(plusTen()));
  console.log(String(distanceGrid()));
  console.log(String(complexPositions(3)));
  console.log("arrays.ts: every runtime version equals its loop");
}
