/**
 * A replay file has no ingest time. Unless a line carries one (an envelope), the replay's ingest clock
 * is the median of the last WINDOW event times: a minority of stale or future-dated events cannot drag
 * it, so they still show as stale or future. The clock never goes back.
 */
const WINDOW = 101;

export class MedianIngestClock {
  private readonly recent: number[] = [];
  private readonly sorted: number[] = [];
  private now = Number.NEGATIVE_INFINITY;

  /** The ingest time for an event that occurred at `occurredAt` (NaN when unknown). */
  next(occurredAt: number): number {
    if (Number.isFinite(occurredAt)) this.add(occurredAt);
    if (this.sorted.length > 0) this.now = Math.max(this.now, this.sorted[this.sorted.length >> 1]);
    return Number.isFinite(this.now) ? this.now : 0;
  }

  private add(value: number): void {
    this.recent.push(value);
    insertSorted(this.sorted, value);
    if (this.recent.length > WINDOW) removeSorted(this.sorted, this.recent.shift()!);
  }
}

function insertSorted(values: number[], value: number): void {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  values.splice(low, 0, value);
}

function removeSorted(values: number[], value: number): void {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < value) low = mid + 1;
    else high = mid;
  }
  values.splice(low, 1);
}
