import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export type TraceExporterName = 'otlp' | 'console';

/** The default OTLP/HTTP endpoint the specification names, used when otlp is asked for without one. */
const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
/** A failing exporter is reported at most this often: one line says the endpoint is down, a flood says nothing more. */
const FAILURE_REPORT_EVERY_MS = 60_000;

/**
 * The trace exporters the standard OTEL_TRACES_EXPORTER asks for (a comma list of otlp, console,
 * none). Unset: OTLP only when an endpoint is configured, so that a developer's machine without a
 * collector does not retry a dead localhost:4318 forever. Unknown names are returned for a warning.
 */
export function traceExportersFrom(env: NodeJS.ProcessEnv): { exporters: TraceExporterName[]; unknown: string[] } {
  const endpoint = Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const names = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (names.length === 0) return { exporters: endpoint ? ['otlp'] : [], unknown: [] };
  if (names.includes('none')) return { exporters: [], unknown: names.filter((n) => n !== 'none' && n !== 'otlp' && n !== 'console') };
  const exporters = [...new Set(names.filter((n): n is TraceExporterName => n === 'otlp' || n === 'console'))];
  return { exporters, unknown: names.filter((n) => n !== 'otlp' && n !== 'console') };
}

/** Where OTLP spans go: the traces endpoint, else the base endpoint's /v1/traces, else the default. */
export function otlpTracesEndpoint(env: NodeJS.ProcessEnv): string {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return `${(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? DEFAULT_OTLP_ENDPOINT).replace(/\/$/, '')}/v1/traces`;
}

/**
 * An exporter that says when its export fails (an unreachable endpoint would otherwise drop every
 * span in silence), at most once a minute, and once when it works again.
 */
export class ReportingExporter implements SpanExporter {
  private lastReport = 0;
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly report: (change: { ok: boolean; message: string }) => void,
    private readonly now: () => number = Date.now,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        if (this.failing) this.report({ ok: true, message: 'spans reach the trace endpoint again' });
        this.failing = false;
      } else if (!this.failing || this.now() - this.lastReport >= FAILURE_REPORT_EVERY_MS) {
        this.failing = true;
        this.lastReport = this.now();
        this.report({
          ok: false,
          message: `spans could not be exported (${spans.length} dropped): ${result.error?.message ?? 'unknown error'}`,
        });
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The span processors for the asked exporters, each OTLP one reporting its failures. */
export function traceProcessorsFor(
  exporters: TraceExporterName[],
  env: NodeJS.ProcessEnv,
  report: (change: { ok: boolean; message: string; endpoint: string }) => void,
): SpanProcessor[] {
  return exporters.map((name) => {
    if (name === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
    const endpoint = otlpTracesEndpoint(env);
    // The exporter reads the other OTEL_EXPORTER_OTLP_* variables itself (headers, timeout).
    return new BatchSpanProcessor(
      new ReportingExporter(new OTLPTraceExporter({ url: endpoint }), (change) => report({ ...change, endpoint })),
    );
  });
}
