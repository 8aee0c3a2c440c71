import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { otlpTracesEndpoint, ReportingExporter, traceExportersFrom } from './trace-exporters';

describe('OTEL_TRACES_EXPORTER', () => {
  it('takes the standard values', () => {
    expect(traceExportersFrom({ OTEL_TRACES_EXPORTER: 'console' })).toEqual({ exporters: ['console'], unknown: [] });
    expect(traceExportersFrom({ OTEL_TRACES_EXPORTER: 'otlp,console' })).toEqual({ exporters: ['otlp', 'console'], unknown: [] });
    expect(traceExportersFrom({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      exporters: [],
      unknown: [],
    });
    expect(traceExportersFrom({ OTEL_TRACES_EXPORTER: 'zipkin' })).toEqual({ exporters: [], unknown: ['zipkin'] });
  });

  it('exports over OTLP when unset only if an endpoint is configured', () => {
    expect(traceExportersFrom({})).toEqual({ exporters: [], unknown: [] });
    expect(traceExportersFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ exporters: ['otlp'], unknown: [] });
  });

  it('sends OTLP spans to the traces endpoint, else the base endpoint, else the default', () => {
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:1/t' })).toBe('http://a:1/t');
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesEndpoint({})).toBe('http://localhost:4318/v1/traces');
  });
});

describe('ReportingExporter', () => {
  const exporterAnswering = (results: ExportResult[]): SpanExporter => ({
    export: (_spans, done) => done(results.shift() ?? { code: ExportResultCode.SUCCESS }),
    shutdown: async () => undefined,
  });

  it('says once a minute that spans are dropped, and once when they get through again', () => {
    let now = 0;
    const reports: { ok: boolean; message: string }[] = [];
    const failure = { code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED 127.0.0.1:4318') };
    const exporter = new ReportingExporter(
      exporterAnswering([failure, failure, failure, { code: ExportResultCode.SUCCESS }]),
      (r) => reports.push(r),
      () => now,
    );
    const spans = [{} as ReadableSpan, {} as ReadableSpan];
    const results: number[] = [];
    exporter.export(spans, (r) => results.push(r.code));
    now = 30_000;
    exporter.export(spans, (r) => results.push(r.code));
    now = 61_000;
    exporter.export(spans, (r) => results.push(r.code));
    exporter.export(spans, (r) => results.push(r.code));
    expect(results).toEqual([1, 1, 1, 0]);
    expect(reports).toEqual([
      { ok: false, message: 'spans could not be exported (2 dropped): connect ECONNREFUSED 127.0.0.1:4318' },
      { ok: false, message: 'spans could not be exported (2 dropped): connect ECONNREFUSED 127.0.0.1:4318' },
      { ok: true, message: 'spans reach the trace endpoint again' },
    ]);
  });
});
