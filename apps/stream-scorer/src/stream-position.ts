/**
 * Where the scorer stands in the event stream: the offset of the last message it applied (what a
 * snapshot records, and where a restart resumes), how far behind "now" that message was ingested
 * (the lag readiness waits on), and whether the stream had already dropped messages it should have
 * read (a snapshot older than the retention).
 */
export class StreamPosition {
  private lastOffset?: number;
  private lastIngestedAt?: number;
  private lastDeliveryAt: number;
  private expected?: number;
  private gap = 0;

  /** `resumeFrom`: the offset the reader asked for (after its snapshot); none when it reads from the start. */
  constructor(
    resumeFrom: number | undefined,
    private readonly clock: () => number = Date.now,
  ) {
    this.expected = resumeFrom;
    this.lastDeliveryAt = clock();
  }

  /** The reader is attached: idleness counts from now (before, nothing could have come). */
  readerAttached(): void {
    this.lastDeliveryAt = this.clock();
  }

  /**
   * How many messages were skipped before this offset (counted once): more than 0 only for the first
   * message after a resume whose offset the stream no longer holds.
   */
  expectedGap(offset: number): number {
    const skipped = this.expected !== undefined && offset > this.expected ? offset - this.expected : 0;
    this.gap += skipped;
    this.expected = offset;
    return skipped;
  }

  /** A message was handled (applied, or given up on): the model now covers its offset. */
  applied(offset: number, ingestedAt: number | undefined): void {
    this.expected = offset + 1;
    this.lastOffset = offset;
    if (ingestedAt !== undefined) this.lastIngestedAt = ingestedAt;
    this.lastDeliveryAt = this.clock();
  }

  /** The offset the model covers (recorded with each snapshot). */
  get offset(): number | undefined {
    return this.lastOffset;
  }

  /** Messages the stream dropped before this reader could read them, since start. */
  get gapMessages(): number {
    return this.gap;
  }

  /**
   * How far behind the reader is, in ms: now minus the ingest time of the last event applied, or 0
   * once nothing has come for `idleMs` (it has read everything there is; quiet traffic is not lag).
   */
  lagMs(idleMs: number): number {
    const now = this.clock();
    if (now - this.lastDeliveryAt >= idleMs) return 0;
    return this.lastIngestedAt === undefined ? 0 : Math.max(0, now - this.lastIngestedAt);
  }
}
