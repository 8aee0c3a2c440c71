import { MultiplexedStream, type MultiplexedStreamOptions } from './multiplexed-stream';

/**
 * Several multiplexed streams to one gRPC target, asked in turn. One long-lived stream is pinned to
 * the one replica it was opened on, so with a single stream the other replicas behind a headless
 * Service (or an `ipv4:a,b` list) never get a question. Each stream is a new call, and the channel's
 * round_robin policy places each new call on the next ready address, so `size` streams land on up
 * to `size` replicas; when a replica goes away its streams break and reopen on the ones left.
 * Size it at least as large as the replica count; more streams cost one HTTP/2 stream each.
 *
 * Streams opened while only some replicas were ready (at start, or before a scale-up) would stay on
 * those: every `rebalanceMs` one stream is replaced by a new one, which round_robin places afresh, and
 * the old one is closed once its questions are answered. So the pool follows the replica set within
 * `size × rebalanceMs`. At start the pool was opened at once, typically while only the replica that
 * answered first was ready (the scaling bench saw all streams on one of two scorers for two minutes),
 * so the first replacements come sooner: after 1 s, then 2, 4, ... up to `rebalanceMs`.
 */
/** The first replacement after start; each next one waits twice as long, up to `rebalanceMs`. */
const WARM_UP_FIRST_MS = 1_000;

export class MultiplexedStreamPool<Q, A> {
  private readonly streams: MultiplexedStream<Q, A>[];
  private turn = 0;
  private nextReplaced = 0;
  private rebalanceTimer?: NodeJS.Timeout;
  private readonly draining = new Set<MultiplexedStream<Q, A>>();

  constructor(
    size: number,
    private readonly options: MultiplexedStreamOptions<Q, A>,
    private readonly rebalanceMs = 30_000,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a stream pool needs at least one stream (got ${size})`);
    this.streams = Array.from({ length: size }, () => new MultiplexedStream(options));
  }

  start(): this {
    for (const stream of this.streams) stream.start();
    if (this.rebalanceMs > 0 && !this.rebalanceTimer) this.scheduleRebalance(Math.min(WARM_UP_FIRST_MS, this.rebalanceMs));
    return this;
  }

  private scheduleRebalance(delayMs: number): void {
    this.rebalanceTimer = setTimeout(() => {
      this.replaceOne();
      this.scheduleRebalance(Math.min(delayMs * 2, this.rebalanceMs));
    }, delayMs).unref();
  }

  private replaceOne(): void {
    const index = this.nextReplaced;
    this.nextReplaced = (index + 1) % this.streams.length;
    const old = this.streams[index]!;
    this.streams[index] = new MultiplexedStream(this.options).start();
    this.draining.add(old);
    const closeWhenAnswered = (waitedMs: number) => {
      // Questions carry their own deadlines, so this ends; the bound is for a peer that never answers.
      if (old.inFlight === 0 || waitedMs >= 10_000) {
        old.close();
        this.draining.delete(old);
      } else setTimeout(() => closeWhenAnswered(waitedMs + 50), 50).unref();
    };
    closeWhenAnswered(0);
  }

  get size(): number {
    return this.streams.length;
  }

  get openStreams(): number {
    return this.streams.filter((s) => s.isOpen).length;
  }

  get inFlight(): number {
    return this.streams.reduce((sum, s) => sum + s.inFlight, 0);
  }

  /** Asks on the next open stream; with none open, the first stream's `whenClosed` (or its error) answers. */
  ask(request: Q, deadlineMs: number): Promise<A> {
    for (let tried = 0; tried < this.streams.length; tried += 1) {
      const stream = this.streams[this.turn]!;
      this.turn = (this.turn + 1) % this.streams.length;
      if (stream.isOpen) return stream.ask(request, deadlineMs);
    }
    return this.streams[0]!.ask(request, deadlineMs);
  }

  close(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
    for (const stream of [...this.streams, ...this.draining]) stream.close();
    this.draining.clear();
  }
}
