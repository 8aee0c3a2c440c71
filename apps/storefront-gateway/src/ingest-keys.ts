import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { metrics, type Logger } from '@shelflife/telemetry';
import { sendError } from './http-errors';

/** A source name as a keys file may write it (the event's `source` it authenticates). */
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** Longest key read from the header: a longer one is no key of ours, and is not hashed. */
const MAX_KEY_CHARS = 512;

export interface IngestKey {
  source: string;
  /** SHA-256 of the key: the file never holds a key itself. */
  hash: Buffer;
}

export class KeyFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(line === undefined ? `${file}: ${problem}` : `${file} line ${line}: ${problem}`);
    this.name = 'KeyFileError';
  }
}

/**
 * Reads a keys file: one `<source> <sha256-hex>` per line, blank lines and `#` comments ignored. A
 * source may have several keys (the overlap of a rotation); one key may not serve two sources.
 */
export function parseKeysFile(text: string, file: string): IngestKey[] {
  const keys: IngestKey[] = [];
  const seen = new Map<string, { source: string; line: number }>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    const fields = content.split(/\s+/);
    if (fields.length !== 2)
      throw new KeyFileError(
        file,
        line,
        `expected "<source> <sha256 hex of the key>", found ${fields.length} field${fields.length === 1 ? '' : 's'}`,
      );
    const [source, hash] = fields as [string, string];
    if (!SOURCE.test(source))
      throw new KeyFileError(file, line, `"${source.slice(0, 80)}" is not a source name (letters, digits, . _ -, at most 64 characters)`);
    if (!SHA256_HEX.test(hash))
      throw new KeyFileError(
        file,
        line,
        `the second field must be the SHA-256 of the key as 64 hex digits (printf %s "$KEY" | sha256sum), not the key itself`,
      );
    const lower = hash.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier)
      throw new KeyFileError(
        file,
        line,
        `the same key is already on line ${earlier.line} (source "${earlier.source}"); a key authenticates one source`,
      );
    seen.set(lower, { source, line });
    keys.push({ source, hash: Buffer.from(lower, 'hex') });
  });
  return keys;
}

/** SHA-256 of a key as the keys file writes it (hex). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The ingest keys in force, re-read from their file when it changes (checked every `checkEveryMs`,
 * so a rotation needs no restart: a Kubernetes Secret mounted as a volume is swapped in place).
 * A file that is malformed or unreadable at start fails the start; later, the last good keys stay
 * in force and the problem is logged (once per content, with the line at fault).
 */
export class IngestKeys {
  private keys: IngestKey[] = [];
  private lastText: string | undefined;
  private unreadable = false;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    private readonly checkEveryMs = 1_000,
  ) {}

  /** Reads the file (throws KeyFileError when it cannot be used) and starts watching it. */
  start(): this {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      throw new KeyFileError(
        this.file,
        undefined,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); SHELFLIFE_INGEST_KEYS_FILE must name a readable keys file, or be unset to take events without keys`,
      );
    }
    this.use(parseKeysFile(text, this.file), text);
    if (this.keys.length === 0)
      this.logger.warn({ file: this.file }, 'the ingest keys file holds no key: every POST /v1/events gets 401 until one is added');
    this.timer = setInterval(() => void this.check(), this.checkEveryMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The source a key authenticates, or undefined. Compares against every key, in constant time each. */
  sourceOf(key: string): { source: string; keyId: string } | undefined {
    const hash = createHash('sha256').update(key, 'utf8').digest();
    let found: IngestKey | undefined;
    for (const candidate of this.keys) {
      if (timingSafeEqual(candidate.hash, hash) && !found) found = candidate;
    }
    // keyId: a short, non-reversible name of the key (its hash's first 12 hex digits), for buckets and logs.
    return found && { source: found.source, keyId: found.hash.toString('hex').slice(0, 12) };
  }

  /** Re-reads the file if its content changed; keeps the keys in force when the new content is unusable. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      let text: string;
      try {
        text = await fs.promises.readFile(this.file, 'utf8');
      } catch (error) {
        // Logged once until the file can be read again (a rotation writing it anew, a volume remounting).
        if (!this.unreadable)
          this.problem(`${this.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        this.unreadable = true;
        return;
      }
      this.unreadable = false;
      if (text === this.lastText) return;
      this.lastText = text; // a malformed content is logged once, not every second
      let keys: IngestKey[];
      try {
        keys = parseKeysFile(text, this.file);
      } catch (error) {
        this.problem((error as Error).message);
        return;
      }
      this.use(keys, text);
      metrics().gatewayKeyReloads.inc({ result: 'loaded' });
      this.logger.info({ file: this.file, keys: keys.length, sources: this.sources() }, 'ingest keys reloaded');
      if (keys.length === 0)
        this.logger.warn({ file: this.file }, 'the ingest keys file holds no key: every POST /v1/events gets 401 until one is added');
    } finally {
      this.checking = false;
    }
  }

  private use(keys: IngestKey[], text: string): void {
    this.keys = keys;
    this.lastText = text;
    const gauge = metrics().gatewayIngestKeys;
    gauge.reset();
    for (const key of keys) gauge.inc({ source: key.source });
  }

  private problem(message: string): void {
    metrics().gatewayKeyReloads.inc({ result: 'invalid' });
    this.logger.error(
      { file: this.file, problem: message, keys: this.keys.length, sources: this.sources() },
      `ingest keys not reloaded, the previous ones stay in force: ${message}`,
    );
  }

  private sources(): string[] {
    return [...new Set(this.keys.map((key) => key.source))].sort();
  }
}

/** What a request's key established: its source, and the key's short id. */
export interface Caller {
  source: string;
  keyId: string;
}

/** The caller that authenticate() found for this request (undefined when keys are off). */
export function callerOf(response: Response): Caller | undefined {
  return response.locals.caller as Caller | undefined;
}

const REALM = 'Bearer realm="shelflife-ingest"';

/**
 * POST /v1/events needs `Authorization: Bearer <key>` with a key of the keys file: 401 without one
 * (or with an unknown one), before the body is read. The key's source is then the events' source
 * (checked against what the events say in the route: 403 when they name another).
 */
export function authenticate(keys: IngestKeys): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) {
      metrics().gatewayAuthRefused.inc({ reason: 'missing' });
      response.setHeader('WWW-Authenticate', REALM);
      const why = header === '' ? 'no Authorization header' : 'the Authorization header is not "Bearer <key>"';
      return sendError(
        response,
        401,
        'MISSING_KEY',
        `${why}: POST /v1/events needs your source's ingest key as Authorization: Bearer <key>`,
      );
    }
    const caller = match[1]!.length <= MAX_KEY_CHARS ? keys.sourceOf(match[1]!) : undefined;
    if (!caller) {
      metrics().gatewayAuthRefused.inc({ reason: 'unknown' });
      response.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token"`);
      return sendError(
        response,
        401,
        'INVALID_KEY',
        'the ingest key is not valid (unknown, or rotated out); send the current key of your source',
      );
    }
    response.locals.caller = caller;
    next();
  };
}
