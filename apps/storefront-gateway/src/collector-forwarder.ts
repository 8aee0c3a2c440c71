import * as grpc from '@grpc/grpc-js';
import { context, propagation } from '@opentelemetry/api';
import { eventToProto, type CollectorServiceClient, type CollectResponse, type ShopEvent } from '@shelflife/contracts';
import { deadlineIn } from '@shelflife/service-kit';
import { metrics } from '@shelflife/telemetry';

export class GatewayOverloadedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayOverloadedError';
  }
}

export class CollectorUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CollectorUnavailableError';
  }
}

interface Pending {
  event: ShopEvent;
  traceparent: string;
  deadline: number;
  settle: (result: CollectResponse | Error) => void;
}

export interface ForwarderOptions {
  batchMaxEvents: number;
  batchLingerMs: number;
  maxCallsInFlight: number;
  maxBufferedEvents: number;
}

/**
 * Gathers the events of concurrent requests into CollectBatch calls (one unary call per event would
 * cap the path at a few thousand events/s) while each request still waits for its own events'
 * broker confirms. The buffer is bounded: past it, requests are refused at once instead of queueing.
 */
export class CollectorForwarder {
  private readonly queue: Pending[] = [];
  private callsInFlight = 0;
  private buffered = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly client: CollectorServiceClient, private readonly options: ForwarderOptions) {}

  /** Resolves with one outcome per event once the collector answered, or rejects. */
  submit(events: ShopEvent[], deadline: number): Promise<CollectResponse[]> {
    if (this.buffered + events.length > this.options.maxBufferedEvents) {
      return Promise.reject(new GatewayOverloadedError(`the gateway already holds ${this.buffered} events waiting for the collector`));
    }
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const traceparent = carrier.traceparent ?? '';
    this.buffered += events.length;
    metrics().gatewayBuffered.set(this.buffered);
    const outcomes = events.map((event) => new Promise<CollectResponse>((resolve, reject) => {
      this.queue.push({
        event, traceparent, deadline,
        settle: (result) => {
          this.buffered -= 1;
          if (result instanceof Error) reject(result);
          else resolve(result);
        },
      });
    }));
    this.schedule();
    return Promise.all(outcomes).finally(() => metrics().gatewayBuffered.set(this.buffered));
  }

  private schedule(): void {
    if (this.queue.length >= this.options.batchMaxEvents) {
      this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.batchLingerMs);
    }
  }

  private flush(): void {
    while (this.queue.length > 0 && this.callsInFlight < this.options.maxCallsInFlight) {
      const batch = this.queue.splice(0, this.options.batchMaxEvents);
      const now = Date.now();
      const live = batch.filter((p) => {
        if (p.deadline > now) return true;
        p.settle(new CollectorUnavailableError('the collector did not confirm in time'));
        return false;
      });
      if (live.length > 0) this.send(live);
    }
    if (this.queue.length > 0 && !this.timer) this.schedule();
  }

  private send(batch: Pending[]): void {
    this.callsInFlight += 1;
    const deadline = Math.min(...batch.map((p) => p.deadline));
    // The call itself runs in the first request's trace; every event carries its own traceparent too.
    const parent = batch[0]!.traceparent ? propagation.extract(context.active(), { traceparent: batch[0]!.traceparent }) : context.active();
    context.with(parent, () => {
      this.client.CollectBatch(
        { events: batch.map((p) => eventToProto(p.event)), traceparents: batch.map((p) => p.traceparent) },
        new grpc.Metadata(),
        { deadline: deadlineIn(Math.max(1, deadline - Date.now())) },
        (error, response) => {
          this.callsInFlight -= 1;
          if (error || !response) {
            const failure = new CollectorUnavailableError(`the collector did not accept the events: ${error?.details || error?.message || 'no response'}`);
            for (const p of batch) p.settle(failure);
          } else {
            batch.forEach((p, i) => p.settle(response.results[i] ?? new CollectorUnavailableError('the collector answered without this event')));
          }
          if (this.queue.length > 0) this.flush();
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
