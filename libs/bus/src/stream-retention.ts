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

export const STREAM_MAX_AGE_PATTERN = /^[1-9][0-9]*[YMDhms]$/;

/** The retention from the common settings (SHELFLIFE_STREAM_MAX_AGE, SHELFLIFE_STREAM_MAX_BYTES, SHELFLIFE_STREAM_SEGMENT_BYTES). */
export function streamRetentionFrom(settings: { streamMaxAge: string; streamMaxBytes: number; streamSegmentBytes: number }): StreamRetention {
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

/** Age in milliseconds of a retention's maxAge (a month is 30 days, a year 365). */
export function maxAgeMs(maxAge: string): number {
  if (!STREAM_MAX_AGE_PATTERN.test(maxAge)) throw new Error(`stream max age "${maxAge}" is not a number followed by Y, M, D, h, m or s (e.g. 1D)`);
  const unit = maxAge.slice(-1);
  const amount = Number(maxAge.slice(0, -1));
  const seconds: Record<string, number> = { s: 1, m: 60, h: 3_600, D: 86_400, M: 2_592_000, Y: 31_536_000 };
  return amount * seconds[unit]! * 1_000;
}
