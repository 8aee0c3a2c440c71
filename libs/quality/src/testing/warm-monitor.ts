import { QualityMonitor } from '../quality-monitor';
import { CleanStream, type CleanStreamOptions } from './clean-stream';
import { feed } from './run-stream';

/** A monitor that has learned `events` clean events, and the stream that taught it. */
export function warmMonitor(
  seed: number,
  events = 10_000,
  streamOptions: Partial<CleanStreamOptions> = {},
): { monitor: QualityMonitor; stream: CleanStream } {
  const monitor = new QualityMonitor();
  const stream = new CleanStream({ seed, ...streamOptions });
  const alarms = feed(monitor, stream, events);
  if (alarms.length > 0) throw new Error(`the clean warm-up raised ${alarms.length} alert(s): ${alarms[0].change.alert.cause}`);
  return { monitor, stream };
}
