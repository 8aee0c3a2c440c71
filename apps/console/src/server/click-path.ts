import type { Hop } from '../shared/api';
import type { ReceivedSpan } from './span-receiver';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * Names the hop a span stands for, from what the services already emit (span kind and name, the
 * same in the all-in-one process where every span carries one service name): the gateway's POST, the
 * collector's gRPC call, the broker's confirm of the publish, and each consumer's "<queue> process".
 */
export function hopOf(span: ReceivedSpan): string | null {
  if (span.kind === SERVER && span.name.startsWith('POST /v1/events')) return 'gateway';
  if (span.kind === SERVER && /CollectorService/.test(span.name)) return 'collector';
  if (span.kind === PRODUCER && /\.events publish$/.test(span.name)) return 'broker confirm';
  if (span.kind === CONSUMER && /scorer/.test(span.name)) return 'scorer applied';
  if (span.kind === CONSUMER && /sentinel/.test(span.name)) return 'sentinel';
  if (span.kind === CONSUMER && /archive/.test(span.name)) return 'archive';
  return null;
}

const ORDER = ['gateway', 'collector', 'broker confirm', 'scorer applied', 'sentinel', 'archive'];

/** The hop timeline of one trace: the pipeline's hops in order, then any other span, offsets from the first span. */
export function hopTimeline(spans: readonly ReceivedSpan[]): Hop[] {
  if (spans.length === 0) return [];
  const origin = Math.min(...spans.map((s) => s.startMs));
  const hops = spans.map((span) => ({
    hop: hopOf(span) ?? span.name,
    service: span.service,
    span: span.name,
    startMs: round(span.startMs - origin),
    endMs: round(span.endMs - origin),
  }));
  const rank = (hop: Hop) => {
    const index = ORDER.indexOf(hop.hop);
    return index === -1 ? ORDER.length : index;
  };
  return hops.sort((a, b) => rank(a) - rank(b) || a.startMs - b.startMs);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
