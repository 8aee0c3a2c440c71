/**
 * The broker's own limit for the project's topology (issue 11): how many events per second RabbitMQ
 * takes in (publisher confirms) and hands out to the two work queues and the stream, with nothing of the
 * pipeline in between. bench:ramp uses it as the reference the pipeline's capacity is compared with.
 *
 *   npm run bench:broker -- [--seconds 15] [--warmup 5] [--size 0] [--in-flight 1000] [--prefetch 256]
 *
 * --size 0 (default) publishes the real envelope bodies (~190-250 bytes, what the collector sends);
 * --size N pads each body to about N bytes to see how the limit moves with message size.
 */
import { randomUUID } from 'node:crypto';
import { parseCommandLine } from '@shelflife/config';
import * as amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { DEFAULT_QUEUE_LIMITS, DEFAULT_STREAM_RETENTION, declareTopology, deleteTopology, limitedQueues, topology } from '@shelflife/bus';
import { buildBrokerMessages, type PrebuiltMessage } from './broker-messages';
import { cpuSeconds, rabbitPid } from './process-cpu';

export interface BrokerBenchOptions {
  amqpUrl: string;
  seconds: number;
  warmupSeconds: number;
  /** 0: the real envelope size; otherwise bodies padded to about this many bytes. */
  size: number;
  /** Publishes waiting for their confirm at most. */
  inFlight: number;
  prefetch: number;
}

export interface BrokerBenchResult {
  eventsPerSec: number;
  publishConfirmedPerSec: number;
  consumedPerSec: Record<string, number>;
  nacked: number;
  queueDepth: { start: Record<string, number>; end: Record<string, number> };
  bodyBytesAvg: number;
  inFlight: number;
  prefetch: number;
  seconds: number;
  cpuCoresUsed: { rabbitmq: number; bench: number };
}

export const DEFAULT_BROKER_OPTIONS: Omit<BrokerBenchOptions, 'amqpUrl'> = {
  seconds: 15,
  warmupSeconds: 5,
  size: 0,
  inFlight: 1000,
  prefetch: 256,
};

/** One consumer of one work queue, acking like the services do (AckBatcher): one multiple-ack per event-loop turn. */
async function startConsumer(
  connection: ChannelModel,
  queue: string,
  prefetch: number,
  consumeArguments?: Record<string, unknown>,
): Promise<{ consumed: () => number; cancel: () => Promise<void> }> {
  const channel = await connection.createChannel();
  await channel.prefetch(prefetch);
  let consumed = 0;
  let last: ConsumeMessage | undefined;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!last) return;
    // Messages are handled in order and at once, so everything up to the last one is settled.
    channel.ack(last, true);
    last = undefined;
  };
  const { consumerTag } = await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      consumed += 1;
      last = message;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    { noAck: false, arguments: consumeArguments },
  );
  return {
    consumed: () => consumed,
    async cancel() {
      await channel.cancel(consumerTag).catch(() => undefined);
      flush();
      await channel.close().catch(() => undefined);
    },
  };
}

/**
 * Publishes on a confirm channel keeping `inFlight` publishes unconfirmed (a window, as the collector's
 * concurrent publishes are), refilled once per turn when confirms come back; waits on 'drain' when the
 * socket buffer is full, so the client never queues unboundedly.
 */
function startPublisher(channel: ConfirmChannel, exchange: string, messages: PrebuiltMessage[], inFlight: number) {
  let outstanding = 0;
  let confirmed = 0;
  let nacked = 0;
  let next = 0;
  let blocked = false;
  let running = true;
  let scheduled = false;
  const onConfirm = (error: unknown) => {
    outstanding -= 1;
    if (error) nacked += 1;
    else confirmed += 1;
    schedule();
  };
  const pump = () => {
    scheduled = false;
    while (running && !blocked && outstanding < inFlight) {
      const m = messages[next]!;
      next = (next + 1) % messages.length;
      outstanding += 1;
      const ok = channel.publish(exchange, m.routingKey, m.body, m.options, onConfirm);
      if (!ok) blocked = true;
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  channel.on('drain', () => {
    blocked = false;
    schedule();
  });
  pump();
  return {
    confirmed: () => confirmed,
    nacked: () => nacked,
    async stop() {
      running = false;
      await channel.waitForConfirms().catch(() => undefined);
    },
  };
}

async function depths(connection: ChannelModel, queues: string[]): Promise<Record<string, number>> {
  const channel = await connection.createChannel();
  try {
    const result: Record<string, number> = {};
    for (const queue of queues) result[shortName(queue)] = (await channel.checkQueue(queue)).messageCount;
    return result;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** "bench-1a2b.scorer.events" -> "scorer". */
export function shortName(queue: string): string {
  const parts = queue.split('.');
  return parts[parts.length - 2] ?? queue;
}

/** Declares a private topology exactly as libs/bus does, measures, and deletes it again. */
export async function measureBroker(options: BrokerBenchOptions): Promise<BrokerBenchResult> {
  const prefix = `brokerbench-${randomUUID().slice(0, 8)}`;
  const names = topology(prefix);
  const queues = limitedQueues(names);
  // One connection per role, as the collector and the three consumers each have their own.
  const publisherConnection = await amqp.connect(options.amqpUrl);
  const consumerConnections: ChannelModel[] = [];
  const consumers: Awaited<ReturnType<typeof startConsumer>>[] = [];
  let publisher: ReturnType<typeof startPublisher> | undefined;
  try {
    await declareTopology(publisherConnection, names, DEFAULT_QUEUE_LIMITS, DEFAULT_STREAM_RETENTION);
    for (const queue of queues) {
      const connection = await amqp.connect(options.amqpUrl);
      consumerConnections.push(connection);
      consumers.push(await startConsumer(connection, queue, options.prefetch));
    }
    // The scorer's stream, read as one scorer replica reads it (from what comes next).
    const streamConnection = await amqp.connect(options.amqpUrl);
    consumerConnections.push(streamConnection);
    consumers.push(await startConsumer(streamConnection, names.streams.scorerEvents, options.prefetch, { 'x-stream-offset': 'next' }));
    const messages = buildBrokerMessages(4096, options.size);
    const channel = await publisherConnection.createConfirmChannel();
    channel.on('error', () => undefined);
    publisher = startPublisher(channel, names.exchanges.events, messages, options.inFlight);
    await sleep(options.warmupSeconds * 1000);

    const rabbit = rabbitPid();
    const snapshot = () => ({
      at: performance.now(),
      confirmed: publisher!.confirmed(),
      consumed: consumers.map((c) => c.consumed()),
      rabbitCpu: cpuSeconds(rabbit),
      benchCpu: process.cpuUsage(),
    });
    const startDepth = await depths(publisherConnection, queues);
    const before = snapshot();
    await sleep(options.seconds * 1000);
    const after = snapshot();
    const endDepth = await depths(publisherConnection, queues);
    const elapsed = (after.at - before.at) / 1000;
    const benchCpu = process.cpuUsage(before.benchCpu);

    const publishRate = (after.confirmed - before.confirmed) / elapsed;
    const consumedPerSec = Object.fromEntries(
      [...queues, names.streams.scorerEvents].map((q, i) => [
        shortName(q),
        Math.round((after.consumed[i]! - before.consumed[i]!) / elapsed),
      ]),
    );
    // End to end means every queue got it too: the slowest of the four rates is what the broker sustains.
    const eventsPerSec = Math.round(Math.min(publishRate, ...Object.values(consumedPerSec)));
    return {
      eventsPerSec,
      publishConfirmedPerSec: Math.round(publishRate),
      consumedPerSec,
      nacked: publisher.nacked(),
      queueDepth: { start: startDepth, end: endDepth },
      bodyBytesAvg: Math.round(messages.reduce((s, m) => s + m.body.length, 0) / messages.length),
      inFlight: options.inFlight,
      prefetch: options.prefetch,
      seconds: +elapsed.toFixed(2),
      cpuCoresUsed: {
        rabbitmq: +((after.rabbitCpu - before.rabbitCpu) / elapsed).toFixed(2),
        bench: +((benchCpu.user + benchCpu.system) / 1e6 / elapsed).toFixed(2),
      },
    };
  } finally {
    await publisher?.stop();
    for (const consumer of consumers) await consumer.cancel();
    for (const connection of [...consumerConnections, publisherConnection]) await connection.close().catch(() => undefined);
    await deleteTopology(options.amqpUrl, prefix);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    command: 'npm run bench:broker --',
    description: "the broker's own publish-and-consume rate for Shelflife's topology: the reference the pipeline benchmarks compare with",
    config: {
      options: {
        seconds: { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.seconds) },
        warmup: { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.warmupSeconds) },
        size: { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.size) },
        'in-flight': { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.inFlight) },
        prefetch: { type: 'string', default: String(DEFAULT_BROKER_OPTIONS.prefetch) },
      },
    },
  });
  const result = await measureBroker({
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    size: Number(values.size),
    inFlight: Number(values['in-flight']),
    prefetch: Number(values.prefetch),
  });
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
