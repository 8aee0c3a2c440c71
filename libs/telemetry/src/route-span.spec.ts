import { context, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { nameSpanByRoute, recordingServerSpan } from './route-span';

const exporter = new InMemorySpanExporter();
const recording = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });

beforeEach(() => exporter.reset());

it('names the active recorded span after the route and sets http.route', () => {
  const span = recording.getTracer('t').startSpan('GET');
  nameSpanByRoute(recordingServerSpan(trace.setSpan(context.active(), span)), 'GET', '/v1/recommendations');
  span.end();
  const [finished] = exporter.getFinishedSpans();
  expect(finished!.name).toBe('GET /v1/recommendations');
  expect(finished!.attributes['http.route']).toBe('/v1/recommendations');
});

it('does nothing when the span is not recorded or there is none', () => {
  const span = sampledOut.getTracer('t').startSpan('GET');
  expect(recordingServerSpan(trace.setSpan(context.active(), span))).toBeUndefined();
  expect(recordingServerSpan()).toBeUndefined();
  expect(() => nameSpanByRoute(undefined, 'GET', '/x')).not.toThrow();
});
