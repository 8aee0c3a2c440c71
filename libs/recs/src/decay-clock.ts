/** Past this scale every stored weight is multiplied down, long before a double could overflow. */
const RESCALE_ABOVE_LOG2 = 64;

/**
 * Forward decay (Cormode et al. 2009): an event at time t is stored with weight w · 2^((t - landmark) / halfLife),
 * so older weights never need touching: at any time all stored weights are in the same proportion as the
 * decayed ones. Dividing by the current scale gives "effective events now". When the scale grows too large the
 * owner rescales its tables once (O(n), every ~64 half-lives) and the landmark moves.
 */
export class DecayClock {
  /** Latest event time seen: the model's "now" (no wall clock, so replays are deterministic). */
  now: number;

  constructor(
    readonly halfLifeMs: number,
    public landmark = 0,
    now = 0,
  ) {
    this.now = now;
  }

  /** Moves "now" to t; never backwards, so a late event does not rewind the clock. */
  advance(t: number): void {
    if (t > this.now) this.now = t;
  }

  /** The multiplier for an event at t (call takeRescaleFactor after advance, before this). */
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
}
