import type { AlertChange } from '../alert';
import type { QualityMonitor } from '../quality-monitor';
import { viewOfGatewayJson } from '../view-of-gateway-json';
import type { CleanStream, StreamEvent } from './clean-stream';

export interface Observed {
  index: number;
  change: AlertChange;
}

/** Feeds `count` events (optionally altered) and returns every alert change with the event index. */
export function feed(monitor: QualityMonitor, stream: CleanStream, count: number, alter?: (event: StreamEvent) => void): Observed[] {
  const seen: Observed[] = [];
  for (let i = 0; i < count; i++) {
    const event = stream.next();
    alter?.(event);
    const index = monitor.eventsObserved;
    for (const change of monitor.observe(viewOfGatewayJson(event.raw, event.ingestedAt))) seen.push({ index, change });
  }
  return seen;
}

export function scalePrice(event: StreamEvent, factor: number): void {
  const price = event.raw.price as { amount: number; currency: string };
  event.raw.price = { amount: Math.round(price.amount * factor * 100) / 100, currency: price.currency };
}

export function raised(observed: Observed[], kind?: string): Observed[] {
  return observed.filter((o) => o.change.change === 'raised' && (!kind || o.change.alert.kind === kind));
}
