import type { ShopEvent } from '@shelflife/contracts';
import { RecommendationModel, type RecsOptions } from '@shelflife/recs';
import { loadNamedDataset, type DatasetName, toShopEvent, clicksInTimeOrder } from '@shelflife/evaluate';

export interface ReplayResult {
  dataset: DatasetName;
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** The median of the per-pass rates: less sensitive to bursts from other processes on a shared machine. */
  medianPassEventsPerSec: number;
  /** Events per second of this process's own CPU time (user + system): the one-core rate, whatever else runs. */
  eventsPerCpuSec: number;
}

/**
 * The in-process update rate on real session data: the data set's clicks replayed `passes` times through
 * apply(), each pass with fresh event ids and times shifted past the previous pass (so nothing is a duplicate
 * and the clock moves on). Only apply() is timed; building the events of a pass is not.
 */
export function replayRealData(dataset: DatasetName, passes: number, options: Partial<RecsOptions> = {}): ReplayResult {
  const { split } = loadNamedDataset(dataset);
  const clicks = clicksInTimeOrder([...split.train, ...split.test]);
  const span = clicks[clicks.length - 1]!.time - clicks[0]!.time + 1;
  const model = new RecommendationModel(options);
  let nanoseconds = 0n;
  let events = 0;
  const passRates: number[] = [];
  let cpuMicros = 0;
  for (let pass = 0; pass < passes; pass++) {
    const batch: ShopEvent[] = clicks.map((click, i) =>
      toShopEvent({ ...click, sessionId: `${pass}:${click.sessionId}`, time: click.time + pass * span }, `${pass}:${i}`),
    );
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (const event of batch) model.apply(event);
    const passNanoseconds = process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
    nanoseconds += passNanoseconds;
    events += batch.length;
    passRates.push(batch.length / (Number(passNanoseconds) / 1e9));
  }
  const seconds = Number(nanoseconds) / 1e9;
  passRates.sort((a, b) => a - b);
  return {
    dataset,
    events,
    seconds,
    eventsPerSec: events / seconds,
    medianPassEventsPerSec: passRates[Math.floor(passRates.length / 2)]!,
    eventsPerCpuSec: events / (cpuMicros / 1e6),
  };
}
