import { spansOfOtlpJson } from './otlp-json';

it('flattens an OTLP JSON export into spans with their service, times in ms and attributes as text', () => {
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'storefront-gateway' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: 't1',
                spanId: 's1',
                name: 'POST /v1/events',
                kind: 2,
                startTimeUnixNano: '1796077944144803089',
                endTimeUnixNano: 1796077944150000000,
                attributes: [{ key: 'http.route' }],
              },
            ],
          },
        ],
      },
    ],
  };
  const [span, ...rest] = spansOfOtlpJson(body);
  expect(rest).toEqual([]);
  expect(span).toMatchObject({
    service: 'storefront-gateway',
    traceId: 't1',
    spanId: 's1',
    parentSpanId: '',
    name: 'POST /v1/events',
    kind: 2,
    attributes: '[{"key":"http.route"}]',
  });
  // The string form keeps the sub-millisecond digits a float of nanoseconds would lose.
  expect(span!.startMs).toBeCloseTo(1796077944144.803, 2);
  expect(span!.endMs).toBeCloseTo(1796077944150, 2);
});

it('refuses what is not an OTLP JSON trace export, saying which protocol to set', () => {
  expect(() => spansOfOtlpJson({ spans: [] })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL=http\/json/);
});
