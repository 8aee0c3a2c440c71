import type * as http from 'node:http';
import type { Request, RequestHandler } from 'express';
import { metrics, type Logger } from '@shelflife/telemetry';

/**
 * The status a request is counted under when the client closed the connection before it was
 * answered (nginx's convention; no response is sent).
 */
export const CLIENT_CLOSED_STATUS = '499';

export interface AccessLogOptions {
  /** Lines written per second in full before sampling starts (0: sampling from the first). */
  perSec: number;
  /** Share of the requests beyond `perSec` in a second that still get their line (0 to 1). */
  sampleRatio: number;
  /** Requests that get no line (health checks, asked every few seconds by every probe). */
  skip?: (path: string) => boolean;
  /** Extra fields of a request's line (the source its key established). */
  fields?: (request: http.IncomingMessage, response: http.ServerResponse) => Record<string, unknown>;
  random?: () => number;
  now?: () => number;
}

export interface RequestOutcomeOptions {
  routeOf: (request: http.IncomingMessage) => string | undefined;
  logger: Logger;
  /** Runs `log` inside the request's span, so the line carries its trace and span ids. */
  inRequestContext: (request: http.IncomingMessage, response: http.ServerResponse, log: () => void) => void;
  accessLog?: AccessLogOptions;
}

/** Longest path written to a log line: a client chooses it. */
const MAX_PATH_CHARS = 200;

/**
 * Decides which requests get their access-log line: every one up to `perSec` lines in a second,
 * then `sampleRatio` of the rest; a 5xx is always written (the gateway's fault: each one counts).
 * The metric shelflife_http_request_duration_seconds counts every request whatever is logged.
 */
export class AccessLogSampler {
  private second = -1;
  private written = 0;

  constructor(private readonly options: AccessLogOptions) {}

  /** undefined: no line; 1: written in full; below 1: the sample ratio the line stands for. */
  decide(status: number): number | undefined {
    const now = (this.options.now ?? Date.now)();
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.written = 0;
    }
    if (status >= 500) return 1;
    if (this.written < this.options.perSec) {
      this.written += 1;
      return 1;
    }
    const ratio = this.options.sampleRatio;
    return ratio > 0 && (this.options.random ?? Math.random)() < ratio ? ratio : undefined;
  }
}

/**
 * Every request ends in shelflife_http_request_duration_seconds: with its status once answered, or
 * as 499 when the client left first (mid-body or while waiting for confirms), and in one access-log
 * line at info (method, route, path, status, duration, bytes, trace and span ids; sampled above a
 * rate, 5xx always). A client leaving is not the gateway's fault and any client can do it at will,
 * so it is an info line like any other (sampled the same way), never an error: a flood of aborts
 * must not flood the error log. The counter is what to watch.
 */
export function observeRequestOutcomes(options: RequestOutcomeOptions): RequestHandler {
  const sampler = options.accessLog ? new AccessLogSampler(options.accessLog) : undefined;
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const path = (request as Request).path ?? '';
    const logged = sampler !== undefined && !options.accessLog!.skip?.(path);
    const finish = (status: string, extra: Record<string, unknown> = {}) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = options.routeOf(request);
      metrics().httpRequests.observe({ route: route ?? 'unmatched', method: request.method, status }, seconds);
      if (!logged) return;
      const sampled = sampler.decide(Number(status));
      if (sampled === undefined) return;
      const declared = Number(request.headers['content-length']);
      const bytes = Number(response.getHeader('content-length'));
      const line = {
        method: request.method,
        route,
        path: path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path,
        status: Number(status),
        duration_ms: Math.round(seconds * 1e6) / 1e3,
        ...(Number.isFinite(bytes) ? { bytes } : {}),
        ...(Number.isFinite(declared) ? { request_bytes: declared } : {}),
        ...options.accessLog!.fields?.(request, response),
        ...(sampled < 1 ? { sample_ratio: sampled } : {}),
        ...extra,
      };
      const what = status === CLIENT_CLOSED_STATUS ? ': the client closed the connection before it was answered' : '';
      options.inRequestContext(request, response, () =>
        options.logger.info(line, `${request.method} ${route ?? line.path} ${status}${what}`),
      );
    };
    response.once('finish', () => finish(String(response.statusCode)));
    response.once('close', () => {
      if (response.writableFinished) return;
      finish(CLIENT_CLOSED_STATUS, { bodyComplete: request.complete });
    });
    next();
  };
}
