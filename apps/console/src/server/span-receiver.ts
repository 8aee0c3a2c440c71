/** A span as the OTLP/HTTP JSON export carries it, reduced to what the click path needs. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  endMs: number;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano?: string | number; endTimeUnixNano?: string | number }[] }[];
  }[];
}

/**
 * The console as the local OTLP/HTTP trace receiver (JSON encoding, what the services' exporter sends
 * by default): point OTEL_EXPORTER_OTLP_ENDPOINT at the console and the click-path page can draw any
 * recent trace. Bounded: the oldest traces are forgotten first.
 */
export class SpanStore {
  private readonly byTrace = new Map<string, ReceivedSpan[]>();
  private count = 0;
  received = 0;

  constructor(private readonly maxSpans = 50_000) {}

  /** Adds the spans of one export request; throws on a body that is not OTLP JSON. */
  ingest(body: unknown): number {
    const payload = body as OtlpExport;
    if (!payload || typeof payload !== 'object' || !Array.isArray(payload.resourceSpans)) {
      throw new Error('expected an OTLP/HTTP JSON trace export ({"resourceSpans": [...]}); set OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    }
    let added = 0;
    for (const resourceSpans of payload.resourceSpans) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '?';
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.add({
            service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId ?? '', name: span.name, kind: span.kind,
            startMs: nanosToMs(span.startTimeUnixNano), endMs: nanosToMs(span.endTimeUnixNano),
          });
          added += 1;
        }
      }
    }
    this.received += added;
    return added;
  }

  trace(traceId: string): ReceivedSpan[] {
    return [...(this.byTrace.get(traceId) ?? [])];
  }

  private add(span: ReceivedSpan): void {
    let spans = this.byTrace.get(span.traceId);
    if (!spans) {
      spans = [];
      this.byTrace.set(span.traceId, spans);
    }
    spans.push(span);
    this.count += 1;
    // Maps iterate in insertion order: the first key is the oldest trace.
    while (this.count > this.maxSpans) {
      const [oldest, dropped] = this.byTrace.entries().next().value as [string, ReceivedSpan[]];
      this.byTrace.delete(oldest);
      this.count -= dropped.length;
    }
  }
}

function nanosToMs(value: string | number | undefined): number {
  if (value === undefined) return 0;
  // Nanoseconds since the epoch exceed 2^53: divide as a BigInt to keep the millisecond digits.
  return typeof value === 'number' ? value / 1e6 : Number(BigInt(value) / 1000n) / 1000;
}
