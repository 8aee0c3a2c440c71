import { SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { EVENTS, type ArchivedEvent, type BatchWindow } from '@shelflife/batch';
import type { Store } from '@shelflife/store';

const tracer = trace.getTracer('batch-aggregator');
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const MAX_LINKS = 128;

/** Links to a sample of the traces of the events a window holds: from the batch run to the clicks it read. */
export async function eventTraceLinks(store: Store, window: BatchWindow, max = MAX_LINKS): Promise<Link[]> {
  const sample = await store
    .collection<ArchivedEvent>(EVENTS)
    .find({ day: { $gte: window.from, $lte: window.to }, traceparent: { $exists: true } }, { limit: max, projection: { traceparent: 1 } });
  const links: Link[] = [];
  for (const { traceparent } of sample) {
    const match = TRACEPARENT.exec(traceparent ?? '');
    if (match) links.push({ context: { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16), isRemote: true } });
  }
  return links;
}

/** Runs one batch window inside a "batch run" span linked to the events' traces. */
export async function inBatchSpan<T>(store: Store, window: BatchWindow, work: () => Promise<T>): Promise<T> {
  const links = await eventTraceLinks(store, window).catch(() => []);
  return tracer.startActiveSpan(
    'batch run',
    {
      links,
      attributes: { 'shelflife.batch.from': window.from, 'shelflife.batch.to': window.to, 'shelflife.batch.linked_events': links.length },
    },
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
