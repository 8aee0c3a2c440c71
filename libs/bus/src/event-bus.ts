/** The bus contract, honoured by the AMQP transport and by the in-process one alike. */

export type HeaderValue = string | number | boolean;

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  headers?: Record<string, HeaderValue>;
  messageId?: string;
  /** Per-message TTL; used by retry delays. */
  expirationMs?: number;
}

export interface IncomingMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  headers: Record<string, unknown>;
  messageId?: string;
  /** 1 on the first delivery; grows with each retry. */
  attempt: number;
  /** Read from a stream: the message's position in it (RabbitMQ's x-stream-offset). */
  offset?: number;
}

/** A part of a message (one event of a bundle) that cannot be used: dead-lettered alone, with its reason. */
export interface DeadLetterPart {
  body: Buffer;
  messageId?: string;
  reason: string;
}

/**
 * What a handler decides; a thrown error counts as `retry`. An `ack` may name parts of the message to
 * dead-letter (the bus publishes them to the dead-letter route, confirmed, before it acks the message).
 */
export type HandlerVerdict =
  { action: 'ack'; deadLetterParts?: DeadLetterPart[] } | { action: 'retry'; reason: string } | { action: 'dead-letter'; reason: string };

export type MessageHandler = (message: IncomingMessage) => Promise<HandlerVerdict>;

export interface ConsumeOptions {
  /** Unacked messages in flight for this consumer. */
  prefetch?: number;
  /** After this many failed attempts a message goes to the dead-letter route. */
  maxAttempts?: number;
  /** Backoff before attempt n+1, in ms. */
  retryDelayMs?: (attempt: number) => number;
}

/** Where a stream reader begins: the oldest message kept, only what comes next, or a given position. */
export type StreamStart = 'first' | 'next' | { offset: number };

export interface StreamReadOptions {
  /** Messages the broker sends ahead of the one being handled (credit; they are still handled one by one, in order). */
  prefetch?: number;
  /** A stream cannot requeue: a retried message is handled again in place, this often at most, then dead-lettered. */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
}

export interface Consumer {
  /** Stops taking new messages and waits for the in-flight ones to finish. */
  cancel(): Promise<void>;
}

export class BusUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusUnavailableError';
  }
}

export interface EventBus {
  readonly kind: 'amqp' | 'in-process';
  /**
   * Whose offsets this bus's streams count: an offset recorded under another lineage means nothing here.
   * RabbitMQ's streams outlive every process; the in-process bus's start again with each instance.
   */
  readonly streamLineage: string;
  /** Connects and declares the topology. */
  start(): Promise<void>;
  /** Resolves only when the broker has confirmed the message; rejects with BusUnavailableError when it cannot. */
  publish(message: OutgoingMessage): Promise<void>;
  /** Durable, shared work queue (declared by the topology). */
  consume(queue: string, handler: MessageHandler, options?: ConsumeOptions): Promise<Consumer>;
  /**
   * Reads a stream whole, in order, from `start`: every reader gets every message (the scorer's
   * replicas each learn everything). A message is handled only after the previous one was settled; a
   * reconnect resumes after the last settled message, so nothing is skipped and nothing handled twice.
   */
  readStream(stream: string, start: StreamStart, handler: MessageHandler, options?: StreamReadOptions): Promise<Consumer>;
  /** A private queue per instance (every replica gets every message): control messages, alerts. */
  subscribe(exchange: string, patterns: string[], handler: MessageHandler): Promise<Consumer>;
  /** Messages ready in a queue, for lag metrics. */
  queueDepth(queue: string): Promise<number>;
  isConnected(): boolean;
  close(): Promise<void>;
}

export const DEFAULT_CONSUME_OPTIONS: Required<ConsumeOptions> = {
  prefetch: 64,
  maxAttempts: 5,
  retryDelayMs: (attempt) => Math.min(200 * 2 ** (attempt - 1), 10_000),
};
