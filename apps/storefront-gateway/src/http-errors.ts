import type * as http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface ErrorDetail {
  field?: string;
  problem: string;
  index?: number;
}

/** Every error at the HTTP edge has this one shape: {"error": {"code", "message", "details"}}. */
export function errorBody(code: string, message: string, details: ErrorDetail[] = []): string {
  return JSON.stringify({ error: { code, message, details } });
}

export function sendError(
  response: Response,
  status: number,
  code: string,
  message: string,
  details: ErrorDetail[] = [],
  retryAfterSeconds?: number,
): void {
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(status).json({ error: { code, message, details } });
}

/** The trace id of the request being answered (set as it arrives, see app.ts), to quote in a public message. */
export function traceIdOf(response: Response): string | undefined {
  return response.locals.traceId as string | undefined;
}

/** " (trace <id>)": lets a client quote the request to whoever reads the gateway's logs. */
export function quotingTrace(response: Response): string {
  const traceId = traceIdOf(response);
  return traceId ? ` (trace ${traceId})` : '';
}

/**
 * The same shape from outside express (the server's own events: Expect, malformed HTTP), where the
 * response is a plain node response. The connection is closed: what follows on it is not trusted.
 */
export function writeError(response: http.ServerResponse, status: number, code: string, message: string): void {
  const body = errorBody(code, message);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body);
}

/** 405 with the Allow header for a known path asked with another method (OPTIONS keeps express's own answer). */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'OPTIONS') return next();
    response.setHeader('Allow', allow);
    sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not supported on ${request.path}; use ${allow}`);
  };
}
