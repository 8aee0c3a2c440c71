import type { Channel, ConsumeMessage } from 'amqplib';

/**
 * Coalesces the acks of one consumer channel. Every ack is a socket write, and on a busy consumer the
 * writes cost more CPU than the work (measured: a quarter of the scorer's time at 1,000 events/s). Acks
 * settled during one turn of the event loop go out together at its end: one `ack(multiple)` up to the
 * oldest delivery still being handled, single acks for those settled above that gap (so a slow message
 * never holds back the prefetch window). At-least-once is unchanged: an ack is only ever sent after
 * its handler finished, and a channel lost before the flush makes the broker redeliver.
 */
export class AckBatcher {
  /** Delivery tags handed to a handler and not yet settled, oldest first (tags only grow). */
  private readonly outstanding = new Set<number>();
  private settled: ConsumeMessage[] = [];
  private scheduled = false;

  constructor(
    private readonly channel: Pick<Channel, 'ack'>,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  delivered(delivery: ConsumeMessage): void {
    this.outstanding.add(delivery.fields.deliveryTag);
  }

  /** The handler is done and the message may go: ack it at the end of this turn. */
  ack(delivery: ConsumeMessage): void {
    this.outstanding.delete(delivery.fields.deliveryTag);
    this.settled.push(delivery);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Settled otherwise (nack): no longer holds back the acks of later deliveries. */
  forget(delivery: ConsumeMessage): void {
    this.outstanding.delete(delivery.fields.deliveryTag);
  }

  /** Sends what is settled now (also called before the channel closes). */
  flush(): void {
    this.scheduled = false;
    if (this.settled.length === 0) return;
    const settled = this.settled;
    this.settled = [];
    const oldestOutstanding = this.outstanding.values().next().value ?? Infinity;
    let upTo: ConsumeMessage | undefined;
    const aboveGap: ConsumeMessage[] = [];
    for (const delivery of settled) {
      const tag = delivery.fields.deliveryTag;
      if (tag > oldestOutstanding) aboveGap.push(delivery);
      else if (!upTo || tag > upTo.fields.deliveryTag) upTo = delivery;
    }
    try {
      // Every tag up to this one is settled: acked here, or nacked already (which `multiple` skips).
      if (upTo) this.channel.ack(upTo, true);
      for (const delivery of aboveGap) this.channel.ack(delivery);
    } catch (error) {
      // The channel is gone: the broker redelivers what it did not see acked; consumers are idempotent.
      this.onError(error as Error);
    }
  }
}
