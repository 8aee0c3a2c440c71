/** One span of an OTLP/HTTP JSON trace export, flattened with its service's name. */
export interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  endMs: number;
  /** The span's attributes as JSON text, to search for what must (not) be there. */
  attributes: string;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano?: string | number;
        endTimeUnixNano?: string | number;
        attributes?: unknown[];
      }[];
    }[];
  }[];
}

/**
 * The spans of one OTLP/HTTP JSON export request (what the services' exporter sends with
 * OTEL_EXPORTER_OTLP_PROTOCOL=http/json), for the local receivers: the console's click path and the
 * tests' and benchmarks' receiver. Throws on a body that is not an OTLP JSON trace export.
 */
export function spansOfOtlpJson(body: unknown): OtlpSpan[] {
  const payload = body as OtlpExport;
  if (!payload || typeof payload !== 'object' || !Array.isArray(payload.resourceSpans)) {
    throw new Error('expected an OTLP/HTTP JSON trace export ({"resourceSpans": [...]}); set OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
  }
  const spans: OtlpSpan[] = [];
  for (const resourceSpans of payload.resourceSpans) {
    const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '?';
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({
          service,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind,
          startMs: nanosToMs(span.startTimeUnixNano),
          endMs: nanosToMs(span.endTimeUnixNano),
          attributes: JSON.stringify(span.attributes ?? []),
        });
      }
    }
  }
  return spans;
}

function nanosToMs(value: string | number | undefined): number {
  if (value === undefined) return 0;
  // Nanoseconds since the epoch exceed 2^53: divide as a BigInt to keep the millisecond digits.
  return typeof value === 'number' ? value / 1e6 : Number(BigInt(value) / 1000n) / 1000;
}
