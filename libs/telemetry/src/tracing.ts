import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger } from './logger';
import { traceExportersFrom, traceProcessorsFor } from './trace-exporters';
import { envDetector, hostDetector, osDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';

export interface TelemetryOptions {
  serviceName: string;
  /** Extra processors (tests pass an in-memory exporter here). */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

let sdk: NodeSDK | undefined;

/** True when the standard OTEL_* variables ask for an OTLP trace exporter. */
export function otlpTracesConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return traceExportersFrom(env).exporters.includes('otlp');
}

/** A drain waits this long at most for the last spans: an unreachable endpoint must not hold the shutdown. */
export const TELEMETRY_SHUTDOWN_MS = 2_000;

/**
 * The SDK's metrics and logs pipelines, only where the standard variables ask for them. Left to
 * itself the SDK starts an OTLP metric exporter (to localhost:4318, every 60 s) and a log exporter
 * even when nothing was configured, and the grpc instrumentation then records a metric on
 * every call. Shelflife's metrics are Prometheus (/metrics on the admin port), so OTLP metrics
 * and logs are opt-in: set OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER (otlp, console, ...) to get them.
 */
export function optInSignals(env: NodeJS.ProcessEnv = process.env): { metricReaders?: []; logRecordProcessors?: [] } {
  return {
    ...(env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  };
}

/**
 * Starts OpenTelemetry once per process, before @grpc/grpc-js is required (its instrumentation,
 * the only one loaded, patches the module as it loads). With no OTLP endpoint configured it records
 * context (trace ids still reach the logs and propagate over the wire) but exports nothing.
 */
export function initTelemetry(options: TelemetryOptions): void {
  if (sdk) return;
  const env = options.env ?? process.env;
  // The standard switch: no SDK, no instrumentation (the figures in docs/benchmarks.md show its cost).
  if (env.OTEL_SDK_DISABLED === 'true') return;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  const logger = createLogger(env.OTEL_SERVICE_NAME || options.serviceName);
  const { exporters, unknown } = traceExportersFrom(env);
  if (unknown.length > 0)
    logger.warn(
      { OTEL_TRACES_EXPORTER: env.OTEL_TRACES_EXPORTER, ignored: unknown },
      'OTEL_TRACES_EXPORTER names exporters this service does not have; use otlp, console or none',
    );
  processors.push(
    ...traceProcessorsFor(exporters, env, ({ ok, message, endpoint }) => {
      if (ok) logger.info({ endpoint }, message);
      else logger.warn({ endpoint }, `${message}; check OTEL_EXPORTER_OTLP_ENDPOINT (or set OTEL_TRACES_EXPORTER=none)`);
    }),
  );
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
      // No http or express instrumentation: they patch every request and response and build their
      // attributes even when nothing is sampled (measured: docs/benchmarks.md). The gateway opens its
      // server spans itself (httpServerSpans); no service makes business calls over plain HTTP.
      // A StreamRecommendations call lives as long as the gateway: each question on it gets its own
      // client and server span instead (MultiplexedStream, the scorer's stream handler).
      // Server spans are matched by the path's method name; client spans by the generated client's,
      // which ts-proto writes camelCase (streamRecommendations).
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch', 'StreamRecommendations', 'streamRecommendations'] }),
      // No amqplib instrumentation either, for the same reason: libs/bus spans publish and process
      // itself (bus-tracing.ts), with the same names and parentage over RabbitMQ and in process.
    ],
  });
  sdk.start();
}

/** Flushes and stops the SDK: the last step of a drain, so the final spans are not lost. */
export async function shutdownTelemetry(): Promise<void> {
  const current = sdk;
  sdk = undefined;
  if (!current) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, TELEMETRY_SHUTDOWN_MS);
  });
  await Promise.race([current.shutdown().catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}
