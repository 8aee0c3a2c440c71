import pino, { type DestinationStream, type Logger } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';

export type { Logger } from 'pino';

/** JSON logs with the active trace and span ids on every line, so a log line leads to its trace. */
export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: service,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const span = trace.getActiveSpan();
        // Every level, info included: a line written inside a span leads to its trace.
        if (!span || !isSpanContextValid(span.spanContext())) return {};
        const { traceId, spanId } = span.spanContext();
        return { trace_id: traceId, span_id: spanId };
      },
    },
    options.destination ?? pino.destination(1),
  );
}
