import type * as http from 'node:http';
import type { RequestHandler } from 'express';
import { metrics, type Logger } from '@shelflife/telemetry';

/**
 * The status a request is counted under when the client closed the connection before it was
 * answered (nginx's convention; no response is sent).
 */
export const CLIENT_CLOSED_STATUS = '499';

export interface RequestOutcomeOptions {
  routeOf: (request: http.IncomingMessage) => string | undefined;
  logger: Logger;
  /** Runs `log` inside the request's span, so the line carries its trace id. */
  inRequestContext: (request: http.IncomingMessage, response: http.ServerResponse, log: () => void) => void;
}

/**
 * Every request ends in shelflife_http_request_duration_seconds: with its status once answered, or
 * as 499 when the client left first (mid-body or while waiting for confirms). A client leaving is
 * not the gateway's fault and any client can do it at will, so it is a debug line, never an error:
 * a flood of aborts must not flood the error log. The counter is what to watch.
 */
export function observeRequestOutcomes(options: RequestOutcomeOptions): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const observe = (status: string) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics().httpRequests.observe({ route: options.routeOf(request) ?? 'unmatched', method: request.method, status }, seconds);
    };
    response.once('finish', () => observe(String(response.statusCode)));
    response.once('close', () => {
      if (response.writableFinished) return;
      observe(CLIENT_CLOSED_STATUS);
      options.inRequestContext(request, response, () => options.logger.debug({
        method: request.method, path: request.path, declaredBytes: request.headers['content-length'], bodyComplete: request.complete,
      }, 'the client closed the connection before it was answered; counted as status 499'));
    });
    next();
  };
}
