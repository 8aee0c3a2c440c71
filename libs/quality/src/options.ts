/** Tunables of the quality monitor. Every alarm threshold derives from the false-alarm budget. */
export interface QualityOptions {
  /** Tolerated false alarms per million clean events, summed over every detector. */
  falseAlarmsPerMillionEvents: number;
  /** How many sequential tests share the budget at any moment (a Bonferroni split). */
  concurrentTests: number;
  /** Events a stream must have shown before its rate tests may alarm. */
  warmupEvents: number;
  /** Learned rate baselines halve their counts past this many events, so they follow slow change. */
  baselineHorizonEvents: number;
  /** A price within this log distance of a known price level of the product is unchanged. */
  priceLevelTolerance: number;
  /** Width of the log-ratio bins in which a common price factor is looked for. */
  priceBinWidth: number;
  /**
   * A shift seen on fewer distinct products is a business change of those products, not a unit change.
   * It must exceed the largest same-factor promotion that is normal at one moment (up to 4 here).
   */
  priceMinDistinctProducts: number;
  /** Floor of the learned baseline rate of a price-ratio bin (keeps one promotion from looking like a fault). */
  priceMinBaselineRate: number;
  /**
   * Priced events a scope (a currency, or a currency in one source) learns before its price test may
   * alarm: early on, products still reveal their normal price tiers (x2 packs) all at once.
   */
  priceWarmupEvents: number;
  /** Observations of a product before its prices are compared with its own history. */
  priceMinHistory: number;
  /** Event ids remembered for duplicate detection (two generations of this size). */
  duplicateMemory: number;
  /** Events older than this at ingest are stale. */
  staleAfterMs: number;
  /** Events dated further than this into the future are future-dated. */
  futureToleranceMs: number;
  /** The volume test looks for the rate falling to this fraction of its baseline. */
  volumeDropRatio: number;
  /** Seconds of a source's traffic learned before its volume test may alarm. */
  volumeWarmupSeconds: number;
  /** Horizon of the short-term volume baseline (seconds): short enough to follow a traffic spike. */
  volumeHorizonSeconds: number;
  /** Memory of the learned hour-of-day volume profile, in days (an EWMA over that hour of each day). */
  volumeProfileHorizonDays: number;
  /** Seconds an hour-of-day bucket must have learned before the volume test trusts it. */
  volumeProfileMinSeconds: number;
  /** Horizon (seconds) of today's level against the profile: how fast the profile rescales to today. */
  volumeLevelHorizonSeconds: number;
  /** Blocks (500 events, or 20 new sessions) of a category learned before its share may alarm. */
  mixWarmupBlocks: number;
  /** Categories rarer than this share are watched as new values, not as a mix. */
  mixMinShare: number;
  /** Cleared alerts kept for ListAlerts(include_cleared). */
  clearedAlertsKept: number;
}

export const DEFAULT_QUALITY_OPTIONS: Readonly<QualityOptions> = Object.freeze({
  falseAlarmsPerMillionEvents: 0.1,
  concurrentTests: 40,
  warmupEvents: 1000,
  baselineHorizonEvents: 200_000,
  priceLevelTolerance: 0.004,
  priceBinWidth: 0.01,
  priceMinDistinctProducts: 5,
  priceMinBaselineRate: 0.001,
  priceWarmupEvents: 10_000,
  priceMinHistory: 3,
  duplicateMemory: 100_000,
  staleAfterMs: 10 * 60_000,
  futureToleranceMs: 2 * 60_000,
  volumeDropRatio: 0.2,
  volumeWarmupSeconds: 300,
  volumeHorizonSeconds: 60,
  volumeProfileHorizonDays: 7,
  volumeProfileMinSeconds: 1800,
  volumeLevelHorizonSeconds: 1800,
  mixWarmupBlocks: 10,
  mixMinShare: 0.01,
  clearedAlertsKept: 1000,
});

export function resolveOptions(partial: Partial<QualityOptions> = {}): QualityOptions {
  const options = { ...DEFAULT_QUALITY_OPTIONS, ...partial };
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`quality option ${key} must be a positive finite number, got ${String(value)}`);
    }
  }
  return options;
}

/**
 * The CUSUM decision threshold h. Wald's bound gives an in-control run length of at least e^h events
 * per test; with `concurrentTests` tests sharing a budget of B false alarms per million events,
 * h = ln(concurrentTests * 1e6 / B) (19.8 with the defaults).
 */
export function alarmThreshold(options: QualityOptions): number {
  return Math.log((options.concurrentTests * 1e6) / options.falseAlarmsPerMillionEvents);
}
