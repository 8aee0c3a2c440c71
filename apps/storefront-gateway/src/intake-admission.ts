import type { NextFunction, Request, Response } from 'express';
import { metrics } from '@shelflife/telemetry';
import { quotingTrace, sendError } from './http-errors';

export interface IntakeLimits {
  /** POST /v1/events requests being read, parsed or waiting for confirms at once. */
  maxPendingRequests: number;
  /** Bytes of request bodies those requests may hold together (declared length, or the body limit). */
  maxPendingBytes: number;
  /** The per-request body limit (a body without Content-Length is counted at this size). */
  maxBodyBytes: number;
  /** Why the path behind is full (the forwarder's bounds), or undefined: refused here, before the body is parsed. */
  downstream?: () => string | undefined;
}

/** Refusing a request whose body is at most this large keeps its connection open. */
const KEEP_ALIVE_REFUSAL_MAX_BYTES = 64 * 1024;

/** Seconds a refused client waits before retrying: long enough for a burst to pass, short for the shop. */
export const OVERLOAD_RETRY_AFTER_S = 1;

/** The public words of a GATEWAY_OVERLOADED: what to do, not the gateway's counters (those are metrics). */
export function overloadedMessage(response: Response): string {
  return `the gateway is taking in all it can right now (a spike); nothing of this request was kept: retry after ${OVERLOAD_RETRY_AFTER_S} s, with jitter, with the same eventIds${quotingTrace(response)}`;
}

/**
 * Admission at the door of POST /v1/events, before the body is read: the forwarder bounds the events
 * waiting for confirms, this bounds what comes before them (bodies being received and parsed), so a
 * spike of large bodies cannot grow the gateway's memory without limit. Over either bound the request
 * gets 503 GATEWAY_OVERLOADED at once; the body is not parsed.
 */
export function intakeAdmission(limits: IntakeLimits) {
  let pendingRequests = 0;
  let pendingBytes = 0;
  const middleware = (request: Request, response: Response, next: NextFunction): void => {
    const declared = Number(request.headers['content-length']);
    const bytes = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, limits.maxBodyBytes) : limits.maxBodyBytes;
    const full =
      pendingRequests + 1 > limits.maxPendingRequests ? 'requests' : pendingBytes + bytes > limits.maxPendingBytes ? 'bytes' : undefined;
    const behind = full ? undefined : limits.downstream?.();
    if (full || behind) {
      metrics().gatewayShed.inc({ reason: full ?? 'events' });
      // Node reads and discards an unread body to keep the connection: cheap for a small one, while a new
      // connection per refusal would cost both sides more than the refusal saves. A large or unsized body
      // is not worth reading: close instead.
      if (bytes > KEEP_ALIVE_REFUSAL_MAX_BYTES) response.setHeader('Connection', 'close');
      sendError(response, 503, 'GATEWAY_OVERLOADED', overloadedMessage(response), [], OVERLOAD_RETRY_AFTER_S);
      return;
    }
    pendingRequests += 1;
    pendingBytes += bytes;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      pendingRequests -= 1;
      pendingBytes -= bytes;
    };
    response.once('finish', release);
    response.once('close', release);
    next();
  };
  return Object.assign(middleware, { pending: () => ({ requests: pendingRequests, bytes: pendingBytes }) });
}
