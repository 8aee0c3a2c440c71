import type { Consumer, IncomingMessage, MessageHandler, StreamReadOptions, StreamStart } from './event-bus';
import { withConsumeSpan } from './bus-tracing';
import { settleStreamMessage, type StreamSettlementContext } from './stream-settlement';

export interface StreamEntry {
  exchange: string;
  routingKey: string;
  body: Buffer;
  headers: Record<string, unknown>;
  messageId?: string;
}

/**
 * A stream inside one process: an append-only log with offsets that every reader reads whole at its
 * own pace, as RabbitMQ's stream does. Retention keeps the newest `maxMessages`; a reader that fell
 * behind what is kept goes on from the oldest message kept (the gap shows in the offsets it sees).
 */
export class InProcessStream {
  private base = 0;
  private readonly entries: StreamEntry[] = [];
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly maxMessages: number,
  ) {}

  append(entry: StreamEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxMessages) {
      this.entries.splice(0, this.entries.length - this.maxMessages);
      this.base += 1;
    }
    for (const wake of [...this.waiting]) wake();
    this.waiting.clear();
  }

  /** What the stream keeps now, oldest first. */
  kept(): StreamEntry[] {
    return [...this.entries];
  }

  /** The offset the next message will get. */
  get end(): number {
    return this.base + this.entries.length;
  }

  read(
    start: StreamStart,
    handler: MessageHandler,
    options: Required<StreamReadOptions>,
    context: Omit<StreamSettlementContext, 'cancelled' | 'stream'>,
  ): Consumer {
    let cancelled = false;
    let wakeReader: (() => void) | undefined;
    let cursor = start === 'first' ? this.base : start === 'next' ? this.end : start.offset;
    const settlement: StreamSettlementContext = { ...context, stream: this.name, cancelled: () => cancelled };
    const loop = async () => {
      while (!cancelled) {
        cursor = Math.max(cursor, this.base);
        if (cursor >= this.end) {
          await new Promise<void>((resolve) => {
            wakeReader = resolve;
            this.waiting.add(resolve);
          });
          continue;
        }
        const entry = this.entries[cursor - this.base]!;
        const offset = cursor;
        const message: IncomingMessage = { ...entry, attempt: 1, offset, headers: { ...entry.headers, 'x-stream-offset': offset } };
        const settled = await withConsumeSpan('in-process', this.name, entry.headers, () =>
          settleStreamMessage(settlement, message, handler, options),
        );
        if (!settled) return;
        cursor = offset + 1;
        // Let publishers and other readers run between messages, as a socket would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const running = loop();
    return {
      cancel: async () => {
        cancelled = true;
        if (wakeReader) {
          this.waiting.delete(wakeReader);
          wakeReader();
        }
        await running.catch(() => undefined);
      },
    };
  }
}
