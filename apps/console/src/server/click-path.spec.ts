import { hopTimeline } from './click-path';
import type { ReceivedSpan } from './span-receiver';
import { SpanStore } from './span-receiver';

const span = (name: string, kind: number, startMs: number, endMs: number): ReceivedSpan => ({
  service: 'svc',
  traceId: 't',
  spanId: name,
  parentSpanId: '',
  name,
  kind,
  startMs,
  endMs,
});

describe('the path of one click', () => {
  it('puts the pipeline hops in their order with offsets from the first span', () => {
    const hops = hopTimeline([
      span('shelflife.archive.events process', 5, 1030, 1050),
      span('shelflife.scorer.stream process', 5, 1010, 1011),
      span('grpc.shelflife.collector.v1.CollectorService/CollectBatch', 2, 1002, 1008),
      span('shelflife.events publish', 4, 1003, 1007),
      span('POST /v1/events', 2, 1000, 1009),
      span('shelflife.sentinel.watch process', 5, 1012, 1013),
    ]);
    expect(hops.map((h) => h.hop)).toEqual(['gateway', 'collector', 'broker confirm', 'scorer applied', 'sentinel', 'archive']);
    expect(hops[3]).toMatchObject({ startMs: 10, endMs: 11 });
  });

  it('reads OTLP/HTTP JSON exports, keeping nanosecond times to the microsecond', () => {
    const store = new SpanStore();
    store.ingest({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'storefront-gateway' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'abc',
                  spanId: '1',
                  name: 'POST /v1/events',
                  kind: 2,
                  startTimeUnixNano: '1796078499667123456',
                  endTimeUnixNano: '1796078499673123456',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(store.trace('abc')).toEqual([
      expect.objectContaining({ service: 'storefront-gateway', startMs: 1796078499667.123, endMs: 1796078499673.123 }),
    ]);
    expect(() => store.ingest({ spans: [] })).toThrow(/OTLP\/HTTP JSON/);
  });

  it('forgets the oldest traces first when full', () => {
    const store = new SpanStore(2);
    for (const traceId of ['a', 'b', 'c'])
      store.ingest({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: traceId, name: 'x', kind: 1 }] }] }] });
    expect([store.trace('a').length, store.trace('b').length, store.trace('c').length]).toEqual([0, 1, 1]);
  });
});
