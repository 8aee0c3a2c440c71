/**
 * Threshold of a Gaussian CUSUM with reference value k for a wanted in-control run length, from
 * Siegmund's approximation ARL0 ≈ (e^{2kb} - 2kb - 1) / (2k²), b = h + 1.166.
 */
export function gaussianCusumThreshold(k: number, targetRunLength: number): number {
  let b = 1;
  // ARL0 grows monotonically in b: bisection on a bracket wide enough for any sane budget.
  let low = 0;
  let high = 200;
  for (let i = 0; i < 100; i++) {
    b = (low + high) / 2;
    const arl = (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
    if (arl < targetRunLength) low = b;
    else high = b;
  }
  return Math.max(0, b - 1.166);
}
