/** Price ratios with a known business meaning: a ratio near one of them names the likely cause. */
export interface KnownFactor {
  factor: number;
  cause: string;
}

export const KNOWN_FACTORS: readonly KnownFactor[] = [
  { factor: 0.92, cause: 'values converted USD→EUR under an unchanged currency label' },
  { factor: 1 / 0.92, cause: 'values converted EUR→USD under an unchanged currency label' },
  { factor: 0.79, cause: 'values converted USD→GBP under an unchanged currency label' },
  { factor: 1 / 0.79, cause: 'values converted GBP→USD under an unchanged currency label' },
  { factor: 0.86, cause: 'values converted EUR→GBP under an unchanged currency label' },
  { factor: 1 / 0.86, cause: 'values converted GBP→EUR under an unchanged currency label' },
  { factor: 100, cause: 'amounts sent in cents (minor units) instead of units' },
  { factor: 0.01, cause: 'amounts sent in units where cents were expected, or divided by 100 twice' },
  { factor: 1000, cause: 'amounts sent in milli-units instead of units' },
  { factor: 0.001, cause: 'amounts divided by 1000' },
  { factor: 1.2, cause: '20% VAT added to prices that were net' },
  { factor: 1 / 1.2, cause: '20% VAT removed from prices that were gross' },
  { factor: 1.19, cause: '19% VAT added to prices that were net' },
  { factor: 1 / 1.19, cause: '19% VAT removed from prices that were gross' },
];

/** The known factor within `tolerance` (in log space) of `factor`, if any. */
export function matchKnownFactor(factor: number, tolerance = 0.015): KnownFactor | undefined {
  let best: KnownFactor | undefined;
  let bestDistance = tolerance;
  for (const known of KNOWN_FACTORS) {
    const distance = Math.abs(Math.log(factor / known.factor));
    if (distance <= bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}
