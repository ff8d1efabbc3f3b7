/** Complex scalar helpers (Smith's algorithm for division, as NumPy). */

export function complexDivide(ar: number, ai: number, br: number, bi: number, res: Float64Array): void {
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) {
      res[0] = ar / abr;
      res[1] = ai / abr;
      return;
    }
    const rat = bi / br;
    const scl = 1.0 / (br + bi * rat);
    res[0] = (ar + ai * rat) * scl;
    res[1] = (ai - ar * rat) * scl;
  } else {
    const rat = br / bi;
    const scl = 1.0 / (bi + br * rat);
    res[0] = (ar * rat + ai) * scl;
    res[1] = (ai * rat - ar) * scl;
  }
}

export function complexExp(re: number, im: number, res: Float64Array): void {
  const e = Math.exp(re);
  if (im === 0) {
    res[0] = e;
    res[1] = im;
    return;
  }
  res[0] = e * Math.cos(im);
  res[1] = e * Math.sin(im);
}

export function complexLog(re: number, im: number, res: Float64Array): void {
  res[0] = Math.log(Math.hypot(re, im));
  res[1] = Math.atan2(im, re);
}

export function complexSqrt(re: number, im: number, res: Float64Array): void {
  // Principal branch, stable formulation (as C99 csqrt).
  if (re === 0 && im === 0) {
    res[0] = 0;
    res[1] = im;
    return;
  }
  if (!Number.isFinite(im) && !Number.isNaN(im)) {
    res[0] = Infinity;
    res[1] = im;
    return;
  }
  const t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
  if (re >= 0) {
    res[0] = t;
    res[1] = im / (2 * t);
  } else {
    res[0] = Math.abs(im) / (2 * t);
    res[1] = im < 0 || Object.is(im, -0) ? -t : t;
  }
}

export function complexMultiply(ar: number, ai: number, br: number, bi: number, res: Float64Array): void {
  const re = ar * br - ai * bi;
  res[1] = ar * bi + ai * br;
  res[0] = re;
}

/** Complex power via exp(b log a); exact small integer exponents by repeated multiplication like NumPy. */
export function complexPower(ar: number, ai: number, br: number, bi: number, res: Float64Array): void {
  if (br === 0 && bi === 0) {
    res[0] = 1;
    res[1] = 0;
    return;
  }
  if (ar === 0 && ai === 0) {
    if (br > 0) {
      res[0] = 0;
      res[1] = 0;
    } else {
      res[0] = NaN;
      res[1] = NaN;
    }
    return;
  }
  if (bi === 0 && Number.isInteger(br) && Math.abs(br) < 100) {
    let n = Math.abs(br);
    let pr = 1;
    let pi = 0;
    let xr = ar;
    let xi = ai;
    while (n > 0) {
      if (n & 1) {
        const t = pr * xr - pi * xi;
        pi = pr * xi + pi * xr;
        pr = t;
      }
      const t = xr * xr - xi * xi;
      xi = 2 * xr * xi;
      xr = t;
      n >>= 1;
    }
    if (br < 0) complexDivide(1, 0, pr, pi, res);
    else {
      res[0] = pr;
      res[1] = pi;
    }
    return;
  }
  const lr = Math.log(Math.hypot(ar, ai));
  const li = Math.atan2(ai, ar);
  complexExp(lr * br - li * bi, lr * bi + li * br, res);
}

export function complexLog2(re: number, im: number, res: Float64Array): void {
  complexLog(re, im, res);
  res[0] /= Math.LN2;
  res[1] /= Math.LN2;
}

export function complexLog10(re: number, im: number, res: Float64Array): void {
  complexLog(re, im, res);
  res[0] /= Math.LN10;
  res[1] /= Math.LN10;
}

export function complexSin(re: number, im: number, res: Float64Array): void {
  res[0] = Math.sin(re) * Math.cosh(im);
  res[1] = Math.cos(re) * Math.sinh(im);
}

export function complexCos(re: number, im: number, res: Float64Array): void {
  res[0] = Math.cos(re) * Math.cosh(im);
  res[1] = -Math.sin(re) * Math.sinh(im);
}

export function complexSinh(re: number, im: number, res: Float64Array): void {
  res[0] = Math.sinh(re) * Math.cos(im);
  res[1] = Math.cosh(re) * Math.sin(im);
}

export function complexCosh(re: number, im: number, res: Float64Array): void {
  res[0] = Math.cosh(re) * Math.cos(im);
  res[1] = Math.sinh(re) * Math.sin(im);
}

export function complexTanh(re: number, im: number, res: Float64Array): void {
  // tanh(x+iy) = (sinh 2x + i sin 2y) / (cosh 2x + cos 2y), with the large-|x| limit.
  if (Math.abs(re) > 20) {
    res[0] = Math.sign(re);
    res[1] = 0 * Math.sin(2 * im);
    return;
  }
  const d = Math.cosh(2 * re) + Math.cos(2 * im);
  res[0] = Math.sinh(2 * re) / d;
  res[1] = Math.sin(2 * im) / d;
}

export function complexTan(re: number, im: number, res: Float64Array): void {
  // tan(z) = -i tanh(iz)
  complexTanh(-im, re, res);
  const r = res[0];
  res[0] = res[1];
  res[1] = -r;
}

/** asin(z) = -i log(iz + sqrt(1 - z^2)) */
export function complexArcsin(re: number, im: number, res: Float64Array): void {
  // 1 - z^2
  const wr = 1 - (re * re - im * im);
  const wi = -(2 * re * im);
  complexSqrt(wr, wi, res);
  // iz + sqrt(...)
  const sr = res[0] - im;
  const si = res[1] + re;
  complexLog(sr, si, res);
  const lr = res[0];
  res[0] = res[1];
  res[1] = -lr;
}

/** acos(z) = pi/2 - asin(z) */
export function complexArccos(re: number, im: number, res: Float64Array): void {
  complexArcsin(re, im, res);
  res[0] = Math.PI / 2 - res[0];
  res[1] = -res[1];
}

/** atan(z) = (i/2) (log(1 - iz) - log(1 + iz)) */
export function complexArctan(re: number, im: number, res: Float64Array): void {
  complexLog(1 + im, -re, res);
  const ar = res[0];
  const ai = res[1];
  complexLog(1 - im, re, res);
  const dr = ar - res[0];
  const di = ai - res[1];
  res[0] = -di / 2;
  res[1] = dr / 2;
}
