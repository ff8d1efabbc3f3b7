// Element-wise loops: out[i] = f(x[i], ...). NumPy would write one array expression.
// arraylint flags them, rewrites the safe ones into runtime calls, and measures the difference.

/** The lecture's first example, y = x + 10, on a flat Float64Array. */
export function addTen(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    y[i] = x[i] + 10;
  }
  return y;
}

/** Degrees Celsius to Fahrenheit, in place: a compound expression (nested runtime calls). */
export function celsiusToFahrenheit(t: Float64Array): void {
  for (let i = 0; i < t.length; i++) {
    t[i] = t[i] * 1.8 + 32;
  }
}

/** Square roots of a signal's magnitudes into a fresh buffer. */
export function rootMagnitude(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.sqrt(Math.abs(x[i]));
  }
  return out;
}
