/** Six significant decimals: enough for alert details, short in JSON. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
