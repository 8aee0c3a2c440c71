import type { ErrorRequestHandler, Response } from 'express';

export interface ErrorDetail {
  field?: string;
  problem: string;
  index?: number;
}

/** Every error at the HTTP edge has this one shape: {"error": {"code", "message", "details"}}. */
export function sendError(response: Response, status: number, code: string, message: string, details: ErrorDetail[] = [], retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
  response.status(status).json({ error: { code, message, details } });
}

/** Body-parser failures: malformed JSON, too large, wrong content type. */
export const bodyErrorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return sendError(response, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${(error as { limit?: number }).limit} bytes; send fewer events per request`);
  }
  if (type === 'entity.parse.failed') {
    return sendError(response, 400, 'INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendError(response, 415, 'UNSUPPORTED_ENCODING', (error as Error).message);
  }
  return next(error);
};
