import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SCHEMA_VERSION, type ShopEvent } from '@shelflife/contracts';
import { archiveEnvelopes } from '@shelflife/batch';
import { decodeEnvelopes, encodeEnvelopes } from '@shelflife/bus';
import { openStore } from '@shelflife/store';
import { inBatchSpan } from './batch-span';

const traceId = (i: number) => i.toString(16).padStart(32, '0');

it('links the batch run span to the traces of the events it reads', async () => {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  const store = await openStore({ storeDir: ':memory:' });
  const sent = Array.from({ length: 5 }, (_, i) => {
    const event: ShopEvent = {
      eventId: `e-${i}`,
      type: 'view',
      userId: '',
      sessionId: 's',
      productId: 'p',
      quantity: 1,
      occurredAt: Date.parse('2026-11-01T10:00:00Z'),
      source: 'web',
    };
    return {
      schemaVersion: SCHEMA_VERSION,
      eventId: event.eventId,
      ingestedAt: 1,
      event,
      traceparent: `00-${traceId(i + 1)}-${'1'.repeat(16)}-01`,
    };
  });
  // As a consumer sees them: one bundle, each event with its own trace context, read by decodeEnvelopes.
  const [message] = encodeEnvelopes('x', sent);
  const decoded = decodeEnvelopes({ ...message!, headers: message!.headers ?? {}, attempt: 1 });
  if (!decoded.ok) throw new Error(decoded.reason);
  const { envelopes } = decoded;
  await archiveEnvelopes(store, envelopes);
  const result = await inBatchSpan(store, { from: '2026-11-01', to: '2026-11-01' }, async () => 'done');
  expect(result).toBe('done');
  const [span] = exporter.getFinishedSpans();
  expect(span!.name).toBe('batch run');
  expect(span!.links.map((l) => l.context.traceId).sort()).toEqual([1, 2, 3, 4, 5].map(traceId));
  expect(span!.attributes['shelflife.batch.linked_events']).toBe(5);
  await store.close();
});
