import * as grpc from '@grpc/grpc-js';
import { context, propagation } from '@opentelemetry/api';
import { eventToProto, type CollectorServiceClient, type CollectResponse, type ShopEvent } from '@shelflife/contracts';
import { deadlineIn } from '@shelflife/service-kit';
import { metrics } from '@shelflife/telemetry';

/** The gateway's own buffers are full: the shop sends faster than the pipeline confirms. */
export class GatewayOverloadedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayOverloadedError';
  }
}

/** The collector (or the broker behind it) did not confirm: down, unreachable, too slow or full. */
export class CollectorUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorUnavailableError';
  }
}

interface Pending {
  event: ShopEvent;
  enqueuedAt: number;
  traceparent: string;
  deadline: number;
  settle: (result: CollectResponse | Error) => void;
}

export interface ForwarderOptions {
  batchMaxEvents: number;
  batchLingerMs: number;
  maxCallsInFlight: number;
  /**
   * Events in calls to the collector at once. Bounds the work the collector has in hand: a collector
   * given thousands of events at once answers all of them late (its event loop queues), so they time
   * out after being published; the queueing belongs here, where refusing costs nothing.
   */
  maxEventsInFlight: number;
  maxBufferedEvents: number;
  /**
   * How long the oldest queued event may have waited for a call before new requests are refused. The
   * count bound alone refuses too late: work accepted beyond what the collector can confirm within the
   * deadline is done, times out and is resent, and the pipeline's goodput collapses under overload.
   */
  maxQueueDelayMs: number;
}

/** What the forwarder holds right now (for tests, metrics and the drain). */
export interface ForwarderLoad {
  buffered: number;
  queued: number;
  callsInFlight: number;
  eventsInFlight: number;
}

/**
 * Gathers the events of concurrent requests into CollectBatch calls (one unary call per event would
 * cap the path at a few thousand events/s) while each request still waits for its own events'
 * broker confirms.
 *
 * Bounds, each with an answer for "full": at most `maxCallsInFlight` calls and `maxEventsInFlight`
 * events in calls to the collector (beyond them events wait in the queue), at most `maxBufferedEvents`
 * events held (queued or in a call), and at most `maxQueueDelayMs` of waiting at the head of the queue;
 * past either of the last two a request is refused at once (GatewayOverloadedError, a 503) instead of
 * queueing. `pump` is the one place that starts calls: a
 * loop, entered from a submit, the linger timer or a call's answer, never from itself (an earlier
 * version's flush and schedule called each other and overflowed the stack under load).
 */
export class CollectorForwarder {
  private readonly queue: Pending[] = [];
  private callsInFlight = 0;
  private eventsInFlight = 0;
  private buffered = 0;
  private lingerTimer?: NodeJS.Timeout;

  constructor(
    private readonly client: CollectorServiceClient,
    private readonly options: ForwarderOptions,
  ) {}

  /** Resolves with one outcome per event once the collector answered, or rejects. */
  submit(events: ShopEvent[], deadline: number): Promise<CollectResponse[]> {
    const now = Date.now();
    const full = this.overloaded(now, events.length);
    if (full) return Promise.reject(new GatewayOverloadedError(full));
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const traceparent = carrier.traceparent ?? '';
    this.buffered += events.length;
    metrics().gatewayBuffered.set(this.buffered);
    const outcomes = events.map(
      (event) =>
        new Promise<CollectResponse>((resolve, reject) => {
          this.queue.push({
            event,
            traceparent,
            deadline,
            enqueuedAt: now,
            settle: (result) => {
              this.buffered -= 1;
              if (result instanceof Error) reject(result);
              else resolve(result);
            },
          });
        }),
    );
    this.pump(false);
    return Promise.all(outcomes).finally(() => metrics().gatewayBuffered.set(this.buffered));
  }

  /**
   * Why `events` more events would be refused now, or undefined. Also asked before a request's body is
   * read (intake admission), so a request refused in a spike costs no parsing.
   */
  overloaded(now: number = Date.now(), events = 1): string | undefined {
    if (this.buffered + events > this.options.maxBufferedEvents) {
      return `the gateway already holds ${this.buffered} events waiting for the broker's confirm (limit ${this.options.maxBufferedEvents})`;
    }
    const waited = this.queue.length > 0 ? now - this.queue[0]!.enqueuedAt : 0;
    if (waited > this.options.maxQueueDelayMs)
      return `events have waited ${waited} ms for a call to the collector (limit ${this.options.maxQueueDelayMs} ms)`;
    return undefined;
  }

  load(): ForwarderLoad {
    return { buffered: this.buffered, queued: this.queue.length, callsInFlight: this.callsInFlight, eventsInFlight: this.eventsInFlight };
  }

  /**
   * Starts as many calls as the bounds allow. A partial batch goes out only when `lingered` (the timer
   * fired, or a call just finished so the batch would otherwise wait for nothing); a full one at once.
   */
  private pump(lingered: boolean): void {
    this.expireQueued(Date.now());
    while (this.queue.length > 0 && this.callsInFlight < this.options.maxCallsInFlight) {
      const batchSize = Math.min(this.queue.length, this.options.batchMaxEvents);
      // Not enough room for the batch: the next answer makes some (and pumps again). Waiting for room,
      // rather than sending what fits, keeps calls large; a lone call always goes.
      if (batchSize > this.options.maxEventsInFlight - this.eventsInFlight && this.callsInFlight > 0) break;
      if (!lingered && this.queue.length < this.options.batchMaxEvents) break;
      this.send(this.queue.splice(0, batchSize));
    }
    this.armLinger();
  }

  /** One timer at a time, only while something waits and a call could be started for it. */
  private armLinger(): void {
    if (this.lingerTimer || this.queue.length === 0 || this.callsInFlight >= this.options.maxCallsInFlight) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      this.pump(true);
    }, this.options.batchLingerMs);
  }

  /**
   * Events that waited in the queue past their request's deadline are answered now, not sent. Every
   * request has the same ack deadline, so the queue is in deadline order: only its head can be late.
   * They never left the gateway, so this is overload (a burst admitted faster than calls drain it),
   * not a pipeline fault: the client is told so.
   */
  private expireQueued(now: number): void {
    let late = 0;
    while (late < this.queue.length && this.queue[late]!.deadline <= now) late += 1;
    if (late === 0) return;
    const failure = new GatewayOverloadedError(
      'the events waited out their deadline in the gateway for a free call to the collector; nothing was sent',
    );
    for (const pending of this.queue.splice(0, late)) pending.settle(failure);
  }

  private send(batch: Pending[]): void {
    this.callsInFlight += 1;
    this.eventsInFlight += batch.length;
    let deadline = Infinity;
    for (const p of batch) deadline = Math.min(deadline, p.deadline);
    // The call itself runs in the first request's trace; every event carries its own traceparent too.
    const first = batch[0]!;
    const parent = first.traceparent ? propagation.extract(context.active(), { traceparent: first.traceparent }) : context.active();
    context.with(parent, () => {
      this.client.collectBatch(
        { events: batch.map((p) => eventToProto(p.event)), traceparents: batch.map((p) => p.traceparent) },
        new grpc.Metadata(),
        { deadline: deadlineIn(Math.max(1, deadline - Date.now())) },
        (error, response) => {
          this.callsInFlight -= 1;
          this.eventsInFlight -= batch.length;
          if (error || !response) {
            const failure = new CollectorUnavailableError(`the collector did not accept the events: ${describeCallError(error)}`);
            for (const p of batch) p.settle(failure);
          } else {
            batch.forEach((p, i) =>
              p.settle(response.results[i] ?? new CollectorUnavailableError('the collector answered without this event')),
            );
          }
          // grpc-js answers asynchronously, so this is a fresh stack, not a recursion.
          this.pump(true);
        },
      );
    });
  }

  /** Waits until nothing is buffered or in flight (drain). */
  async drain(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.buffered > 0 || this.callsInFlight > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
}

function describeCallError(error: grpc.ServiceError | null): string {
  if (!error) return 'no response';
  return `${grpc.status[error.code] ?? error.code}: ${error.details || error.message}`;
}
