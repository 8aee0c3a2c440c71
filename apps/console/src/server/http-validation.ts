import type { Response } from 'express';

/** An input the caller must fix: answered 400 with what was wrong. */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** A request that does not fit the current state (e.g. approving a run that is not held): answered 409. */
export class Conflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

/** Something the request names does not exist (e.g. approving a batch version nobody ran): answered 404. */
export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

const ID = /^[A-Za-z0-9_.:@#*|-]{1,200}$/;

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID.test(value))
    throw new BadRequest(`${field} must be an id of 1 to 200 letters, digits or _.:@#*|- (got ${JSON.stringify(value)?.slice(0, 80)})`);
  return value;
}

export function optionalText(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.length > max) throw new BadRequest(`${field} must be text of at most ${max} characters`);
  return value;
}

export function oneOfValues<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new BadRequest(`${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)?.slice(0, 80)})`);
  return value as T;
}

/** Errors as JSON: 400 for the caller's input, 404 for what does not exist, 409 for an action the state refuses, 502 for a service that failed. */
export function sendFailure(response: Response, error: unknown): void {
  const err = error as Error;
  const status = err.name === 'BadRequest' ? 400 : err.name === 'NotFound' ? 404 : err.name === 'Conflict' ? 409 : 502;
  response.status(status).json({ error: err.name === 'Error' ? 'UPSTREAM_FAILED' : err.name, message: err.message });
}
