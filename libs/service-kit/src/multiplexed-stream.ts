import * as grpc from '@grpc/grpc-js';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { grpcError } from './grpc-server';

/** One question on a multiplexed stream: the wire shape of e.g. StreamRecommendationsRequest. */
export interface StreamQuestion<Q> {
  id: number;
  request: Q;
  traceparent: string;
}

/** One answer: the wire shape of e.g. StreamRecommendationsResponse (a message field is absent when not sent). */
export interface StreamAnswer<A> {
  id: number;
  response?: A | undefined;
  errorCode: number;
  errorMessage: string;
}

export interface MultiplexedStreamOptions<Q, A> {
  /** Opens the bidi call, e.g. () => client.StreamRecommendations(). */
  open: () => grpc.ClientDuplexStream<StreamQuestion<Q>, StreamAnswer<A>>;
  /** "package.Service/Method" of the call: names the client span of each question. */
  method: string;
  /** What to call the other side in errors ("the scorer"). */
  peer: string;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Questions waiting for an answer beyond which new ones are refused at once. */
  maxInFlight?: number;
  /** Questions not yet handed to the connection beyond which new ones are refused at once. */
  maxUnsent?: number;
  /**
   * How to ask while no stream is open (reconnecting, or a peer too old to know the method): e.g.
   * the plain unary call. Without it such questions fail at once with UNAVAILABLE.
   */
  whenClosed?: (request: Q, deadlineMs: number) => Promise<A>;
  /** Wait before trying again after the peer answered UNIMPLEMENTED (an older version). */
  unimplementedRetryMs?: number;
}

interface Pending<Q, A> {
  request: Q;
  deadline: number;
  resolve: (answer: A) => void;
  reject: (error: grpc.ServiceError) => void;
  timer: NodeJS.Timeout;
  span: Span;
}

const MAX_ID = 0xffff_ffff;
const tracer = trace.getTracer('shelflife-grpc-stream');

/**
 * Unary questions over one long-lived bidi gRPC stream, matched by id. A unary call costs grpc-js
 * about five times the CPU of a message on an open stream (docs/benchmarks.md); on a hot path that
 * is most of the cost. Each question still gets its own deadline, its own client span and W3C trace
 * context (the stream belongs to no request), and an error with a gRPC status code, so callers
 * handle it like a unary call. A broken stream fails what is in flight with UNAVAILABLE and is
 * reopened with backoff; while none is open, questions go to `whenClosed` (e.g. the unary call)
 * or fail at once, never queue.
 */
export class MultiplexedStream<Q, A> {
  private stream?: grpc.ClientDuplexStream<StreamQuestion<Q>, StreamAnswer<A>>;
  private readonly pending = new Map<number, Pending<Q, A>>();
  private nextId = 1;
  private backoffMs: number;
  private reconnectTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly rpcAttributes: Record<string, string>;

  constructor(private readonly options: MultiplexedStreamOptions<Q, A>) {
    this.backoffMs = options.reconnectMinMs ?? 200;
    const [service = '', method = ''] = options.method.split('/');
    this.rpcAttributes = { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method };
  }

  /** Opens the stream (questions asked before it is open fail with UNAVAILABLE). */
  start(): this {
    if (!this.stream && !this.closed) this.connect();
    return this;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get isOpen(): boolean {
    return this.stream !== undefined;
  }

  ask(request: Q, deadlineMs: number): Promise<A> {
    if (this.closed) return Promise.reject(grpcError(grpc.status.UNAVAILABLE, `the stream to ${this.options.peer} is closed`));
    const stream = this.stream;
    if (!stream && this.options.whenClosed) return this.options.whenClosed(request, deadlineMs);
    if (!stream) return Promise.reject(grpcError(grpc.status.UNAVAILABLE, `no stream to ${this.options.peer} is open; reconnecting`));
    if (stream.writableLength >= (this.options.maxUnsent ?? 256) || this.pending.size >= (this.options.maxInFlight ?? 10_000)) {
      // The peer or the connection is not keeping up: a question would queue and be answered after
      // its asker gave up, and asking the unary way would queue on the same connection. Say so at once.
      return Promise.reject(
        grpcError(
          grpc.status.RESOURCE_EXHAUSTED,
          `${this.pending.size} questions to ${this.options.peer} are already waiting for an answer`,
        ),
      );
    }
    const id = this.takeId();
    const span = tracer.startSpan(this.options.method, { kind: SpanKind.CLIENT, attributes: this.rpcAttributes }, context.active());
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    return new Promise<A>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, grpcError(grpc.status.DEADLINE_EXCEEDED, `${this.options.peer} did not answer within ${deadlineMs} ms`)),
        deadlineMs,
      );
      this.pending.set(id, { request, deadline: Date.now() + deadlineMs, resolve, reject, timer, span });
      stream.write({ id, request, traceparent: carrier.traceparent ?? '' });
    });
  }

  /** Half-closes the stream: the peer still answers what is in flight; nothing new is asked. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.stream?.end();
  }

  private takeId(): number {
    // Ids wrap; one still in flight after four billion questions is skipped, not reused.
    while (this.pending.has(this.nextId)) this.nextId = this.nextId >= MAX_ID ? 1 : this.nextId + 1;
    const id = this.nextId;
    this.nextId = id >= MAX_ID ? 1 : id + 1;
    return id;
  }

  private connect(): void {
    let stream: grpc.ClientDuplexStream<StreamQuestion<Q>, StreamAnswer<A>>;
    try {
      stream = this.options.open();
    } catch {
      // A channel closed under us (shutdown order): try again later rather than crash the process.
      this.retryLater();
      return;
    }
    this.stream = stream;
    stream.on('data', (answer: StreamAnswer<A>) => {
      this.backoffMs = this.options.reconnectMinMs ?? 200;
      if (answer.response && !answer.errorCode) this.settle(answer.id, answer.response);
      else
        this.settle(
          answer.id,
          grpcError(answer.errorCode || grpc.status.UNKNOWN, answer.errorMessage || `${this.options.peer} sent an empty answer`),
        );
    });
    stream.on('error', (error: grpc.ServiceError) => {
      // An older peer without the method: no point in asking again every few seconds.
      if (error.code === grpc.status.UNIMPLEMENTED) this.backoffMs = Math.max(this.backoffMs, this.options.unimplementedRetryMs ?? 60_000);
      this.broken(stream, error.details || error.message);
    });
    stream.on('end', () => this.broken(stream, `${this.options.peer} ended the stream`));
  }

  private broken(stream: grpc.ClientDuplexStream<StreamQuestion<Q>, StreamAnswer<A>>, reason: string): void {
    if (this.stream !== stream) return;
    this.stream = undefined;
    stream.end();
    const now = Date.now();
    for (const [id, pending] of [...this.pending]) {
      const failure = grpcError(grpc.status.UNAVAILABLE, `the stream to ${this.options.peer} broke: ${reason}`);
      // Questions are reads: ask again the other way within what is left of the deadline (a
      // scorer draining its streams on every deploy would otherwise cost each one the fallback).
      if (this.options.whenClosed && pending.deadline > now) {
        this.options.whenClosed(pending.request, pending.deadline - now).then(
          (answer) => this.settle(id, answer),
          () => this.settle(id, failure),
        );
      } else {
        this.settle(id, failure);
      }
    }
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => this.start(), this.backoffMs).unref();
    this.backoffMs = Math.max(this.options.reconnectMinMs ?? 200, Math.min(this.backoffMs * 2, this.options.reconnectMaxMs ?? 2_000));
  }

  private settle(id: number, result: A | grpc.ServiceError): void {
    const pending = this.pending.get(id);
    if (!pending) return; // answered after its deadline: the caller has moved on
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (result instanceof Error) {
      pending.span.setStatus({ code: SpanStatusCode.ERROR, message: result.message });
      pending.span.setAttribute('rpc.grpc.status_code', result.code);
      pending.span.end();
      pending.reject(result);
    } else {
      pending.span.end();
      pending.resolve(result);
    }
  }
}
