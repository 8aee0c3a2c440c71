import type * as http from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { offsetBeyondDepth } from './json-depth';
import { sendError } from './http-errors';

/** Error type (body-parser's `type` convention) of a body that nests deeper than allowed. */
const TOO_DEEP = 'entity.too.deep';

export interface BodyLimits {
  /** Largest body, after decompression. */
  maxBodyBytes: number;
  /** Deepest nesting of arrays and objects in a JSON body. */
  maxJsonDepth: number;
}

/**
 * A declared Content-Length over the limit is refused before any of the body is read. body-parser
 * also answers 413 at once for it, but only after reading the whole body off the wire to keep the
 * connection (its `dump`): the limit would bound memory, not the bytes a client makes us receive.
 * Here the connection is closed instead, so the rest of the upload is never read.
 */
export function refuseDeclaredOversize(maxBodyBytes: number): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const declared = Number(request.headers['content-length']);
    if (!(declared > maxBodyBytes)) return next();
    response.setHeader('Connection', 'close');
    sendError(
      response,
      413,
      'PAYLOAD_TOO_LARGE',
      `the body is ${declared} bytes (Content-Length), over the limit of ${maxBodyBytes}; send fewer events per request`,
    );
  };
}

/**
 * Requests that sent `Expect: 100-continue` and have not been told to go on. Node answers 100 Continue
 * before any handler runs unless the server handles 'checkContinue'; the gateway does (see
 * answerExpectContinue), so that a request refused before its body is read (too large, overloaded)
 * is refused before the client sends it.
 */
const awaitingContinue = new WeakSet<http.IncomingMessage>();

/** The server's 'checkContinue' listener: the app decides, and continueBeforeReading lets the body come. */
export function answerExpectContinue(app: http.RequestListener): (request: http.IncomingMessage, response: http.ServerResponse) => void {
  return (request, response) => {
    awaitingContinue.add(request);
    app(request, response);
  };
}

/** Placed right before the body parser: a request that got this far will have its body read. */
export const continueBeforeReading: RequestHandler = (request, response, next) => {
  if (awaitingContinue.delete(request)) response.writeContinue();
  next();
};

/**
 * The JSON body parser (express.json, decompressing gzip, deflate and br), with a depth check on the
 * raw bytes before JSON.parse runs: `verify` sees the decompressed body first.
 */
export function jsonBody(limits: BodyLimits): RequestHandler {
  return express.json({
    limit: limits.maxBodyBytes,
    strict: false,
    type: ['application/json', 'application/*+json'],
    verify: (_request, _response, body, charset) => {
      const at = offsetBeyondDepth(asUtf8(body, charset), limits.maxJsonDepth);
      if (at >= 0) {
        throw Object.assign(
          new Error(
            `the JSON nests deeper than ${limits.maxJsonDepth} levels (at byte ${at}); an event nests 2 levels, a batch 4: send flat events`,
          ),
          { type: TOO_DEEP },
        );
      }
    },
  });
}

/** The body as UTF-8 bytes for the depth scan; body-parser has already refused charsets other than utf-*. */
function asUtf8(body: Buffer, charset: string): Buffer {
  if (/^utf-?8$/i.test(charset)) return body;
  let text: string;
  try {
    text = new TextDecoder(charset).decode(body);
  } catch {
    throw Object.assign(new Error(`charset "${charset}" is not supported; send the JSON as UTF-8`), { type: 'charset.unsupported' });
  }
  return Buffer.from(text, 'utf8');
}

/**
 * The client went away mid-body: raw-body's 'request.aborted', or the socket's own reset. Only when the
 * connection is really gone: an error that merely carries such a code while the client still waits
 * must get its answer (and its error line).
 */
export function isClientAbort(error: unknown, request: http.IncomingMessage): boolean {
  const { type, code } = error as { type?: string; code?: string };
  const abortLike = type === 'request.aborted' || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE';
  return abortLike && (request.destroyed || request.socket.destroyed);
}

/**
 * Everything the body parser can fail with, as the error shape. Placed right after the parser, so
 * every error reaching it comes from reading or parsing a body.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error, request, response, next) => {
  // Nobody is left to answer; the request is counted as 499 when its connection closes (request-outcomes.ts).
  if (isClientAbort(error, request)) return;
  const failure = error as { type?: string; status?: number; limit?: number; charset?: string; encoding?: string; message: string };
  const contentEncoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  switch (failure.type) {
    case 'entity.too.large':
      return sendError(
        response,
        413,
        'PAYLOAD_TOO_LARGE',
        `the body is larger than ${failure.limit} bytes${contentEncoding === 'identity' ? '' : ' once decompressed'}; send fewer events per request`,
      );
    case 'entity.parse.failed':
      return sendError(response, 400, 'INVALID_JSON', `the body is not valid JSON: ${failure.message}`);
    case TOO_DEEP:
      return sendError(response, 400, 'JSON_TOO_DEEP', failure.message);
    case 'request.size.invalid':
      return sendError(
        response,
        400,
        'INVALID_BODY',
        'the body is shorter or longer than its Content-Length; send the length of the body as sent',
      );
    case 'encoding.unsupported':
      return sendError(
        response,
        415,
        'UNSUPPORTED_ENCODING',
        `Content-Encoding "${failure.encoding ?? contentEncoding}" is not supported; send the body uncompressed or as gzip, deflate or br`,
      );
    case 'charset.unsupported':
      return sendError(
        response,
        415,
        'UNSUPPORTED_ENCODING',
        failure.charset ? `charset "${failure.charset}" is not supported; send the JSON as UTF-8` : failure.message,
      );
    case undefined:
      // raw-body passes the decompressor's own error through, without a type: the bytes were not what
      // Content-Encoding said (zlib: "incorrect header check", "unexpected end of file").
      if (contentEncoding !== 'identity') {
        return sendError(
          response,
          400,
          'INVALID_BODY',
          `the body is not valid ${contentEncoding} (${failure.message}); compress it as its Content-Encoding says, or send it uncompressed without that header`,
        );
      }
  }
  if (failure.status !== undefined && failure.status >= 400 && failure.status < 500) {
    return sendError(response, 400, 'INVALID_BODY', `the body could not be read: ${failure.message}`);
  }
  return next(error);
};
