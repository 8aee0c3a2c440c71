/** Past this scale every stored weight is multiplied down, long before a double could overflow. */
const RESCALE_ABOVE_LOG2 = 64;
/** Observations between two sweeps of the watermark's pending times (see DecayClock.observe). */
const SWEEP_EVERY = 4096;

/**
 * Forward decay (Cormode et al. 2009): an event at time t is stored with weight w · 2^((t - landmark) / halfLife),
 * so older weights never need touching: at any time all stored weights are in the same proportion as the
 * decayed ones. Dividing by the current scale gives "effective events now". When the scale grows too large the
 * owner rescales its tables once (O(n), every ~64 half-lives) and the landmark moves.
 *
 * The clock is event time, not the wall clock (replays and tests are deterministic), but no single event may
 * move it (issue 13: one event dated a year ahead zeroed every score; one dated 9999 froze learning). It is a
 * watermark: the `rank`-th latest of the (already bounded) event times seen, so fewer than `rank` outliers never
 * move it; a time that stays above the clock for a whole sweep period without the stream catching up is dropped
 * from the watermark, so isolated outliers do not add up over hours. The learner bounds each event's time by
 * its receiving clock before it gets here (see learnEvent).
 */
export class DecayClock {
  /** The model's "now": the watermark of event times (never goes back). */
  now: number;
  /** The `rank` latest times seen, descending; -Infinity for an empty slot. */
  private readonly latest: Float64Array;
  /** When each of `latest` was seen (observation number), to drop times the stream never catches up with. */
  private readonly seenAt: Float64Array;
  private observations = 0;

  constructor(
    readonly halfLifeMs: number,
    public landmark = 0,
    now = 0,
    /** false for a model that has seen no event: its first event sets the clock. */
    private started = false,
    readonly rank = 1,
  ) {
    this.now = now;
    this.latest = new Float64Array(rank).fill(-Infinity);
    this.seenAt = new Float64Array(rank);
  }

  /**
   * Records an event time (already bounded by its receiving clock) and moves "now" to the rank-th latest time
   * seen; never backwards, so a late event does not rewind the clock. A fresh clock starts at its first time.
   */
  observe(t: number): void {
    const latest = this.latest;
    const observation = ++this.observations;
    if (observation % SWEEP_EVERY === 0) this.sweep(observation);
    if (!this.started) {
      this.started = true;
      if (t > this.now || this.now === 0) this.now = t;
    }
    const last = latest.length - 1;
    if (!(t > latest[last]!)) return;
    // Insert into the short descending list (rank is small: a few comparisons; in an ordered stream t is usually the newest).
    let i = last;
    while (i > 0 && latest[i - 1]! < t) {
      latest[i] = latest[i - 1]!;
      this.seenAt[i] = this.seenAt[i - 1]!;
      i--;
    }
    latest[i] = t;
    this.seenAt[i] = observation;
    const watermark = latest[last]!;
    if (watermark > this.now) this.now = watermark;
  }

  /** The multiplier for an event at t (call takeRescaleFactor after observe, before this). */
  scaleAt(t: number): number {
    if (!Number.isFinite(this.halfLifeMs)) return 1;
    return Math.pow(2, (t - this.landmark) / this.halfLifeMs);
  }

  /** Divide stored weights by this to get today's effective weights. */
  currentScale(): number {
    if (!Number.isFinite(this.halfLifeMs)) return 1;
    return Math.pow(2, (this.now - this.landmark) / this.halfLifeMs);
  }

  /**
   * The factor the owner must multiply every stored weight by, or 1 when no rescale is due.
   * Moves the landmark to now when it returns a factor.
   */
  takeRescaleFactor(): number {
    if (!Number.isFinite(this.halfLifeMs)) return 1;
    const log2Scale = (this.now - this.landmark) / this.halfLifeMs;
    if (log2Scale < RESCALE_ABOVE_LOG2) return 1;
    this.landmark = this.now;
    return Math.pow(2, -log2Scale);
  }

  /**
   * Repairs a clock restored from a snapshot written by a model whose clock had run ahead (before issue 13, one
   * future-dated event did that): "now" and the landmark are brought back to `bound` (restore time + skew).
   * Returns the factor the owner must multiply every stored weight by (1: none), so that weights stored against a
   * landmark in the future keep their times; when that factor would overflow, what was stored against the far
   * landmark is kept as it is (re-dated to the bound: whatever underflowed there was lost when it was written).
   */
  clampTo(bound: number): number {
    if (this.now > bound) this.now = bound;
    if (!(this.landmark > bound)) return 1;
    const log2 = Number.isFinite(this.halfLifeMs) ? (this.landmark - bound) / this.halfLifeMs : 0;
    this.landmark = bound;
    return log2 > 0 && log2 <= 512 ? Math.pow(2, log2) : 1;
  }

  /** Times far above the clock that the stream has not caught up with in a whole period are outliers: forgotten. */
  private sweep(observation: number): void {
    const latest = this.latest;
    let kept = 0;
    for (let i = 0; i < latest.length; i++) {
      const stale = latest[i]! > this.now && observation - this.seenAt[i]! >= SWEEP_EVERY;
      if (stale) continue;
      latest[kept] = latest[i]!;
      this.seenAt[kept] = this.seenAt[i]!;
      kept++;
    }
    for (; kept < latest.length; kept++) latest[kept] = -Infinity;
  }
}
