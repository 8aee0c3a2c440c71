import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { envDetector, hostDetector, osDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';

export interface TelemetryOptions {
  serviceName: string;
  /** Extra processors (tests pass an in-memory exporter here). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

let sdk: NodeSDK | undefined;

/** Personal ids plus the usual signed-URL secrets (the list replaces the instrumentation's default). */
export const REDACTED_QUERY_PARAMS = ['userId', 'sessionId', 'email', 'sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature'];

/** True when the standard OTEL_* variables ask for an OTLP trace exporter. */
export function otlpTracesConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_TRACES_EXPORTER ?? '').split(',').includes('none')) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * The SDK's metrics and logs pipelines, only where the standard variables ask for them. Left to
 * itself the SDK starts an OTLP metric exporter (to localhost:4318, every 60 s) and a log exporter
 * even when nothing was configured, and the http and grpc instrumentations then record a metric on
 * every request. Shelflife's metrics are Prometheus (/metrics on the admin port), so OTLP metrics
 * and logs are opt-in: set OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER (otlp, console, ...) to get them.
 */
export function optInSignals(env: NodeJS.ProcessEnv = process.env): { metricReaders?: []; logRecordProcessors?: [] } {
  return {
    ...(env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  };
}

/**
 * Starts OpenTelemetry once per process, before express, grpc or amqplib are required
 * (instrumentation patches modules as they load). With no OTLP endpoint configured it records
 * context (trace ids still reach the logs and propagate over the wire) but exports nothing.
 */
export function initTelemetry(options: TelemetryOptions): void {
  if (sdk) return;
  const env = options.env ?? process.env;
  // The standard switch: no SDK, no instrumentation (the figures in docs/benchmarks.md show its cost).
  if (env.OTEL_SDK_DISABLED === 'true') return;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  // The exporter reads OTEL_EXPORTER_OTLP_* itself (endpoint, headers, timeout).
  if (otlpTracesConfigured(env)) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  // Without any processor the SDK registers no tracer provider: trace ids would be all zeros in the
  // logs and nothing would propagate. With nowhere to send spans, a no-op processor and a sampler
  // that records nothing keep real ids flowing (logs, W3C headers) at almost no cost; with an
  // exporter, OTEL_TRACES_SAMPLER decides (default: parent-based, always on).
  const exporting = processors.length > 0;
  if (!exporting) processors.push(new NoopSpanProcessor());
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName }),
    // No cloud metadata probes: only what the environment and this host say.
    resourceDetectors: [envDetector, hostDetector, osDetector, processDetector],
    spanProcessors: processors,
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    ...optInSignals(env),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(healthz|readyz|metrics)/.test(request.url ?? ''),
        // Shopper ids never reach a span: the URL attributes show them as REDACTED.
        redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
        redactedQueryParams: REDACTED_QUERY_PARAMS,
      }),
      // No express instrumentation: it patches every layer of every request (measured: docs/benchmarks.md);
      // the gateway names its server spans by route itself (nameSpanByRoute).
      // A StreamRecommendations call lives as long as the gateway: each question on it gets its own
      // client and server span instead (MultiplexedStream, the scorer's stream handler).
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch', 'StreamRecommendations'] }),
      new AmqplibInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes and stops the SDK: the last step of a drain, so the final spans are not lost. */
export async function shutdownTelemetry(): Promise<void> {
  const current = sdk;
  sdk = undefined;
  if (current) await current.shutdown().catch(() => undefined);
}
