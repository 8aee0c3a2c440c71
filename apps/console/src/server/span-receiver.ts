import { spansOfOtlpJson, type OtlpSpan } from '@shelflife/telemetry';

/** A span as the OTLP/HTTP JSON export carries it (libs/telemetry otlp-json.ts). */
export type ReceivedSpan = Omit<OtlpSpan, 'attributes'> & { attributes?: string };

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
    const spans = spansOfOtlpJson(body);
    // The attributes' text is not kept: the click path needs the hops, and the store holds many traces.
    for (const { attributes: _attributes, ...span } of spans) this.add(span);
    this.received += spans.length;
    return spans.length;
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
