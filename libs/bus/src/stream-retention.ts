/**
 * How much of the event stream RabbitMQ keeps. A stream never refuses a publish: it drops its oldest
 * segments once either limit is passed. What is kept bounds how far back a scorer can replay: a
 * replica whose snapshot is older than the retention cannot be rebuilt from the stream alone (it
 * reports the gap: docs/scaling.md).
 */
export interface StreamRetention {
  /** RabbitMQ's age syntax: a number and one of Y, M, D, h, m, s ("1D", "12h"). */
  maxAge: string;
  /** Bytes the stream keeps at most, over all its segments. */
  maxBytes: number;
  /** Size of one segment file: retention drops whole segments, so this is the granularity of what is dropped. */
  segmentBytes: number;
}

/** A day of events, at most 10 GB (about 20 million events of ~0.5 KB), in segments of 100 MB. */
export const DEFAULT_STREAM_RETENTION: StreamRetention = { maxAge: '1D', maxBytes: 10_000_000_000, segmentBytes: 100_000_000 };

/** The retention from the common settings (SHELFLIFE_STREAM_MAX_AGE, SHELFLIFE_STREAM_MAX_BYTES, SHELFLIFE_STREAM_SEGMENT_BYTES). */
export function streamRetentionFrom(settings: {
  streamMaxAge: string;
  streamMaxBytes: number;
  streamSegmentBytes: number;
}): StreamRetention {
  return { maxAge: settings.streamMaxAge, maxBytes: settings.streamMaxBytes, segmentBytes: settings.streamSegmentBytes };
}

/** The arguments a stream is declared with (an existing stream keeps its own; a policy can change them). */
export function streamArguments(retention: StreamRetention): Record<string, unknown> {
  return {
    'x-queue-type': 'stream',
    'x-max-age': retention.maxAge,
    'x-max-length-bytes': retention.maxBytes,
    'x-stream-max-segment-size-bytes': retention.segmentBytes,
  };
}
