import { viewOfGatewayJson, type AlertChange, type QualityMonitor } from '@shelflife/quality';
import { MedianIngestClock } from './ingest-clock';

/** One output line per alert change, in the format of issue 4. */
export interface AlertLine {
  alert: 'raised' | 'cleared';
  kind: string;
  atEvent: number;
  firstAffectedEvent: number;
  source: string;
  field: string;
  cause: string;
  detail: Record<string, unknown>;
}

export interface ReplaySummary {
  events: number;
  /** Alerts raised during the replay (each raised alert may later print a cleared line too). */
  alerts: number;
  eventsPerSec: number;
}

/** A line is a gateway event, or an envelope {"ingestedAt": ms or RFC 3339, "event": {...}} that carries its ingest time. */
export function parseLine(line: string): { raw: unknown; ingestedAt?: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // Not JSON at all: still an event the gateway received, and the monitor counts it as malformed.
    return { raw: line };
  }
  if (typeof value === 'object' && value !== null && 'event' in value && 'ingestedAt' in value) {
    const envelope = value as { event: unknown; ingestedAt: unknown };
    const ingestedAt = typeof envelope.ingestedAt === 'number' ? envelope.ingestedAt : Date.parse(String(envelope.ingestedAt));
    return { raw: envelope.event, ingestedAt: Number.isFinite(ingestedAt) ? ingestedAt : undefined };
  }
  return { raw: value };
}

/** `firstLine` is the monitor's event index of the file's first line: output counts lines from 0. */
export function toAlertLine(change: AlertChange, atEvent: number, firstLine = 0): AlertLine {
  const { alert } = change;
  return {
    alert: change.change,
    kind: alert.kind,
    atEvent: atEvent - firstLine,
    // Negative when the fault began before this file (a monitor restored from a snapshot).
    firstAffectedEvent: alert.firstAffectedEventIndex - firstLine,
    source: alert.source,
    field: alert.field,
    cause: alert.cause,
    detail: alert.detail,
  };
}

/** Feeds every line, in order, through the monitor; `write` gets each output line (without newline). */
export async function replay(
  lines: AsyncIterable<string> | Iterable<string>,
  monitor: QualityMonitor,
  write: (line: string) => void,
): Promise<ReplaySummary> {
  const clock = new MedianIngestClock();
  const firstLine = monitor.eventsObserved;
  const started = process.hrtime.bigint();
  let events = 0;
  let alerts = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { raw, ingestedAt } = parseLine(line);
    const atEvent = monitor.eventsObserved;
    const at = ingestedAt ?? clock.next(occurredAtOf(raw));
    for (const change of monitor.observe(viewOfGatewayJson(raw, at))) {
      if (change.change === 'raised') alerts += 1;
      write(JSON.stringify(toAlertLine(change, atEvent, firstLine)));
    }
    events += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = { events, alerts, eventsPerSec: Math.round(events / Math.max(seconds, 1e-9)) };
  write(JSON.stringify(summary));
  return summary;
}

function occurredAtOf(raw: unknown): number {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).occurredAt : undefined;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}
