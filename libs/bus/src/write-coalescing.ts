/** What coalescing needs of a socket: a node Writable. */
interface CorkableWritable {
  write(...args: unknown[]): boolean;
  cork(): void;
  uncork(): void;
}

function isCorkable(value: unknown): value is CorkableWritable {
  const candidate = value as Partial<CorkableWritable> | undefined;
  return typeof candidate?.write === 'function' && typeof candidate.cork === 'function' && typeof candidate.uncork === 'function';
}

/**
 * Makes every frame written to a stream in one turn of the event loop leave in one write. amqplib
 * writes each frame (a publish is three, an ack one) to the socket separately, and each was a system
 * call: the collector's publishes of one batch, or a consumer's acks, cost more in writes than in work.
 * Corking until the end of the turn changes no order and no content, only how many writes carry them.
 * Returns false (and changes nothing) when the stream is not a node Writable.
 */
export function coalesceWritesPerTurn(stream: unknown): boolean {
  if (!isCorkable(stream)) return false;
  const write = stream.write;
  let corked = false;
  stream.write = function coalescedWrite(this: CorkableWritable, ...args: unknown[]): boolean {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    return write.apply(this, args);
  };
  return true;
}

/** amqplib keeps its socket on the connection object without typing it. */
export function amqpSocketOf(model: { connection: unknown }): unknown {
  return (model.connection as { stream?: unknown }).stream;
}
