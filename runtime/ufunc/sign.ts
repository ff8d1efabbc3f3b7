import { unaryUfunc } from "./_unary";

/** Elementwise sign -1/0/1 (np.sign): nan stays nan, ±0 gives +0; complex gives z/|z|. bool is rejected. */
export const sign = unaryUfunc({
  name: "sign",
  types: (d) => {
    if (d === "bool") {
      throw new TypeError("ufunc 'sign' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None");
    }
    return { loop: d, result: d };
  },
  real: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x),
  // its own loop so V8 inlines the test (the shared general loop calls \`real\` through a pointer)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) {
      const x = a[i];
      out[i] = x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
    }
  },
  complex: (re, im, res) => {
    const m = Math.hypot(re, im);
    if (m === 0) {
      res[0] = 0;
      res[1] = 0;
    } else {
      res[0] = re / m;
      res[1] = im / m;
    }
  },
});
