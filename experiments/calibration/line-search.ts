/**
 * One-dimensional searches shared by the calibration fits: golden section
 * for a maximum in a bracket, and Brent's method (golden section with
 * parabolic steps) for a minimum in a bracket.
 */

export const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** The maximum of a unimodal `f` on `[a, b]` by golden section, to a bracket narrower than `tol`: its argument and value. */
export function goldenMaximum(f: (x: number) => number, a: number, b: number, tol: number): { x: number; value: number } {
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  return { x, value: f(x) };
}

/**
 * The minimum of `f` on the bracket `a < x < b` (`f(x)` below both ends,
 * `fx = f(x)`) by Brent's method, to `tol` in the argument.
 */
export function brentMinimum(f: (u: number) => number, a: number, x: number, b: number, fx: number, tol: number): number {
  let w = x;
  let v = x;
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < 100; iter++) {
    const mid = (a + b) / 2;
    const tol1 = tol / 2;
    if (Math.abs(x - mid) <= 2 * tol1 - (b - a) / 2) break;
    let parabolic = false;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = d;
        d = p / q;
        const uTry = x + d;
        if (uTry - a < 2 * tol1 || b - uTry < 2 * tol1) d = mid >= x ? tol1 : -tol1;
        parabolic = true;
      }
    }
    if (!parabolic) {
      e = (x >= mid ? a : b) - x;
      d = (1 - GOLDEN) * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      [v, fv, w, fw, x, fx] = [w, fw, x, fx, u, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        [v, fv, w, fw] = [w, fw, u, fu];
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return x;
}
