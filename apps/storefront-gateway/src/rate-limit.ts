import { isIPv6 } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { metrics } from '@shelflife/telemetry';
import { sendError } from './http-errors';

export interface BucketOptions {
  /** Tokens added per second (the sustained rate). */
  ratePerSec: number;
  /** Tokens a bucket holds at most (how many requests may come at once). */
  burst: number;
  /** Buckets kept at most; beyond it the least recently used go first. */
  maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

/**
 * Token buckets by name, in memory. A bucket starts full (`burst` tokens), refills at `ratePerSec`
 * and each request takes one; an empty bucket says how long until its next token. A bucket that
 * has refilled completely is the same as no bucket, so idle ones are dropped (`sweep`), and the
 * map never holds more than `maxBuckets` (least recently used evicted first): memory stays bounded
 * whatever the number of addresses or keys.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxBuckets: number;
  private readonly fullAfterMs: number;

  constructor(private readonly options: BucketOptions) {
    if (!(options.ratePerSec > 0) || !(options.burst >= 1))
      throw new Error('a token bucket needs a rate above 0 and a burst of at least 1');
    this.maxBuckets = options.maxBuckets ?? 100_000;
    this.fullAfterMs = (options.burst / options.ratePerSec) * 1000;
  }

  /** Takes a token: 0 when granted, else the seconds until the next token (at least 1, for Retry-After). */
  take(name: string, now = Date.now()): number {
    const { ratePerSec, burst } = this.options;
    let bucket = this.buckets.get(name);
    if (bucket) {
      this.buckets.delete(name); // re-inserted below: the map's order is least recently used first
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSec);
      bucket.at = now;
    } else {
      bucket = { tokens: burst, at: now };
      if (this.buckets.size >= this.maxBuckets) this.evictOldest();
    }
    this.buckets.set(name, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSec));
  }

  /** Drops the buckets that are full again by now (idle long enough): they would grant the same as none. */
  sweep(now = Date.now()): void {
    for (const [name, bucket] of this.buckets) {
      if (now - bucket.at >= this.fullAfterMs) this.buckets.delete(name);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}

/**
 * The bucket name of a client address: an IPv4 address as it is (an IPv4-mapped IPv6 one as IPv4),
 * an IPv6 address by its /64, since one host usually holds a whole /64 and would otherwise get a
 * fresh bucket per address it picks.
 */
export function addressBucket(address: string | undefined): string {
  if (!address) return 'unknown';
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (!isIPv6(plain)) return plain;
  const [head = '', tail] = plain.toLowerCase().split('::');
  const groups = head === '' ? [] : head.split(':');
  if (tail !== undefined) {
    // "::" stands for the zero groups up to 8 (an embedded IPv4 at the end counts as two).
    const tailGroups = tail === '' ? [] : tail.split(':');
    const tailCount = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    while (groups.length < 8 - tailCount) groups.push('0');
    groups.push(...tailGroups);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface RateLimitOptions {
  scope: 'key' | 'address';
  buckets: TokenBuckets;
  /** The bucket a request takes from; undefined: not limited in this scope. */
  bucketOf: (request: Request, response: Response) => string | undefined;
  /** What the client is told exceeded the limit ("this address", "the key of source web"). */
  describe: (request: Request, response: Response) => string;
  ratePerSec: number;
  burst: number;
}

/** 429 RATE_LIMITED with Retry-After (seconds to the bucket's next token) when the bucket is empty. */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const name = options.bucketOf(request, response);
    if (name === undefined) return next();
    const retryAfterS = options.buckets.take(name);
    if (retryAfterS === 0) return next();
    metrics().gatewayRateLimited.inc({ scope: options.scope });
    sendError(
      response,
      429,
      'RATE_LIMITED',
      `${options.describe(request, response)} sent more than ${options.ratePerSec} requests per second (bursts up to ${options.burst}); retry after ${retryAfterS} s`,
      [],
      retryAfterS,
    );
  };
}
