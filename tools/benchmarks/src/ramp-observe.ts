/**
 * What bench:ramp watches around each step, from the outside: queue depths (a side AMQP connection),
 * each service's /metrics, RSS and CPU time from /proc. Every probe tolerates a dead service or broker
 * (it answers NaN/undefined): the benchmark must outlive what it measures.
 */
import * as fs from 'node:fs';
import * as amqp from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { limitedQueues, type Topology } from '@shelflife/bus';
import { shortName } from './broker-bench';
import { cpuSeconds } from './process-cpu';
import { gaugeValue } from './prometheus-histogram';

/** prom-client's default eventLoopMonitoringPrecision: its lag samples are ticks of a 10 ms timer. */
const EVENT_LOOP_SAMPLING_MS = 10;

export class QueueWatcher {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly queues: string[],
  ) {}

  static async open(amqpUrl: string, names: Topology): Promise<QueueWatcher> {
    const connection = await amqp.connect(amqpUrl);
    connection.on('error', () => undefined);
    return new QueueWatcher(connection, limitedQueues(names));
  }

  /** Ready messages per work queue (scorer, archive, sentinel); NaN for a queue that cannot be read. */
  async depths(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    let channel: amqp.Channel | undefined;
    try {
      channel = await this.connection.createChannel();
      channel.on('error', () => undefined);
      for (const queue of this.queues) result[shortName(queue)] = (await channel.checkQueue(queue)).messageCount;
    } catch {
      for (const queue of this.queues) result[shortName(queue)] ??= NaN;
    } finally {
      await channel?.close().catch(() => undefined);
    }
    return result;
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

/** A service's /metrics text, or '' when it does not answer within 3 s. */
export async function scrape(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}

/**
 * Event-loop lateness p99 over the time since the previous scrape: prom-client resets its histogram at
 * each scrape, and a sample is the gap between ticks of a 10 ms timer, hence the subtraction.
 */
export function eventLoopLateP99Ms(metricsText: string): number {
  const p99 = gaugeValue(metricsText, 'nodejs_eventloop_lag_p99_seconds');
  return Number.isFinite(p99) ? +(p99 * 1000 - EVENT_LOOP_SAMPLING_MS).toFixed(1) : NaN;
}

/** The value of a counter's series whose labels include all of `labels` (summed), 0 when absent. */
export function counterValue(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Resident memory in MiB (/proc/<pid>/status VmRSS); NaN when the process is gone. */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds of each named process now (0 for a dead one, so a difference stays defined). */
export function cpuNow(pids: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
}
