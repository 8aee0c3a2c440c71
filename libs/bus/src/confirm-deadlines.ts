/**
 * Deadlines for publisher confirms with one timer for all of them. A timer per publish (set, then
 * cleared on the confirm) was a measurable share of the collector's allocations at thousands of
 * messages per second. Every publish waits the same time, so entries expire in the order they were
 * added: a FIFO swept a few times per timeout is exact to within one sweep.
 */
export interface ConfirmWatch {
  /** Call when the confirm (or any other answer) came; the deadline then does nothing. */
  settled(): void;
}

interface Entry {
  expiresAt: number;
  done: boolean;
  onExpired: () => void;
}

const SWEEPS_PER_TIMEOUT = 10;

export class ConfirmDeadlines {
  private entries: Entry[] = [];
  private head = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly timeoutMs: number) {}

  watch(onExpired: () => void): ConfirmWatch {
    const entry: Entry = { expiresAt: Date.now() + this.timeoutMs, done: false, onExpired };
    this.entries.push(entry);
    this.timer ??= setInterval(() => this.sweep(Date.now()), Math.max(1, Math.floor(this.timeoutMs / SWEEPS_PER_TIMEOUT))).unref();
    return {
      settled: () => {
        entry.done = true;
      },
    };
  }

  /** Expires what is due; stops the timer when nothing is left to watch. */
  sweep(now: number): void {
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head]!;
      if (!entry.done && entry.expiresAt > now) break;
      this.head += 1;
      if (!entry.done) {
        entry.done = true;
        entry.onExpired();
      }
    }
    if (this.head === this.entries.length) {
      // Nothing left to watch: drop what was swept and let the timer go until the next publish.
      this.entries = [];
      this.head = 0;
      this.stop();
      return;
    }
    // Compact now and then, so the array does not grow with every publish ever made.
    if (this.head > 1_024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Stops sweeping (nothing left to watch, or the bus closes). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
