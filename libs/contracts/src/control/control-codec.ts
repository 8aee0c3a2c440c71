import { describeProblems, type FieldProblem } from '../event-rules';

/**
 * Control messages (quarantine verdicts, model announcements, alert changes) are versioned like events:
 * the body is JSON (readable in the management UI and the dead-letter queue) and the version is in the
 * same header events carry. A reader reads every version up to its own and refuses a newer one by name,
 * instead of guessing at fields it does not know.
 */
export const CONTROL_SCHEMA_VERSION_HEADER = 'x-shelflife-schema-version';

/** What a control message is, for its writer and its readers. */
export interface ControlSchema<T> {
  /** In words, for reasons and logs: "quarantine verdicts". */
  readonly name: string;
  /** The version written; every version from 1 to this one is read. */
  readonly version: number;
  /** Reads a parsed body of `version` into the current shape; every problem found goes into `problems`. */
  read(body: unknown, version: number, problems: FieldProblem[]): T;
}

/** A control message body and headers, ready to be published with an exchange and a routing key. */
export interface EncodedControlMessage {
  body: Buffer;
  headers: Record<string, number>;
}

export type DecodedControlMessage<T> = { ok: true; value: T; version: number } | { ok: false; reason: string };

/** At most this many problems are named in a rejection: a bad model could have a million. */
const PROBLEMS_NAMED = 5;

export function encodeControlMessage<T>(schema: ControlSchema<T>, value: T): EncodedControlMessage {
  return { body: Buffer.from(JSON.stringify(value)), headers: { [CONTROL_SCHEMA_VERSION_HEADER]: schema.version } };
}

/**
 * Reads a control message on receipt. A message without the version header was written before the
 * contract had versions; its body is version 1's, so it is read as version 1 (an upgrade needs no drain).
 */
export function decodeControlMessage<T>(
  schema: ControlSchema<T>,
  message: { body: Buffer; headers: Record<string, unknown> },
): DecodedControlMessage<T> {
  const header = message.headers[CONTROL_SCHEMA_VERSION_HEADER];
  const version = header === undefined ? 1 : Number(header);
  if (!Number.isInteger(version) || version < 1)
    return { ok: false, reason: `${schema.name}: ${CONTROL_SCHEMA_VERSION_HEADER} is ${String(header)}, not a version (1, 2, ...)` };
  if (version > schema.version)
    return {
      ok: false,
      reason: `${schema.name}: version ${version} is newer than this service reads (up to ${schema.version}); upgrade it to the sender's release`,
    };
  let body: unknown;
  try {
    body = JSON.parse(message.body.toString('utf8'));
  } catch {
    return { ok: false, reason: `${schema.name} v${version}: the body is not JSON` };
  }
  const problems: FieldProblem[] = [];
  const value = schema.read(body, version, problems);
  if (problems.length > 0) {
    const more = problems.length > PROBLEMS_NAMED ? `; and ${problems.length - PROBLEMS_NAMED} more` : '';
    return { ok: false, reason: `${schema.name} v${version}: ${describeProblems(problems.slice(0, PROBLEMS_NAMED))}${more}` };
  }
  return { ok: true, value, version };
}

/**
 * Reads the fields of one JSON object, noting what is missing or of the wrong type under its path
 * (`verdicts[2].alertId`). A field that is wrong reads as an empty value: the caller refuses the whole
 * message when any problem was noted, so the empty value is never used.
 */
export class ObjectReader {
  private constructor(
    private readonly fields: Record<string, unknown>,
    private readonly path: string,
    private readonly problems: FieldProblem[],
  ) {}

  /** The reader of `value`, or undefined (with a problem noted) when it is not a JSON object. */
  static of(value: unknown, path: string, problems: FieldProblem[]): ObjectReader | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return new ObjectReader(value as Record<string, unknown>, path, problems);
    problems.push({ field: path, problem: 'must be an object' });
    return undefined;
  }

  private at(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined && this.fields[name] !== null;
  }

  text(name: string, options: { nonEmpty?: boolean } = {}): string {
    const value = this.fields[name];
    if (typeof value === 'string' && (!options.nonEmpty || value.length > 0)) return value;
    this.problems.push({ field: this.at(name), problem: options.nonEmpty ? 'must be a non-empty string' : 'must be a string' });
    return '';
  }

  number(name: string, options: { integer?: boolean } = {}): number {
    const value = this.fields[name];
    if (typeof value === 'number' && Number.isFinite(value) && (!options.integer || Number.isInteger(value))) return value;
    this.problems.push({ field: this.at(name), problem: options.integer ? 'must be an integer' : 'must be a finite number' });
    return 0;
  }

  optionalNumber(name: string): number | undefined {
    return this.has(name) ? this.number(name) : undefined;
  }

  boolean(name: string): boolean {
    const value = this.fields[name];
    if (typeof value === 'boolean') return value;
    this.problems.push({ field: this.at(name), problem: 'must be true or false' });
    return false;
  }

  oneOf<const V extends string>(name: string, values: readonly V[]): V {
    const value = this.fields[name];
    const found = values.find((known) => known === value);
    if (found !== undefined) return found;
    this.problems.push({ field: this.at(name), problem: `must be one of ${values.join(', ')}` });
    return values[0]!;
  }

  /** The reader of a nested object, or undefined (with a problem noted) when it is not one. */
  child(name: string): ObjectReader | undefined {
    return ObjectReader.of(this.fields[name], this.at(name), this.problems);
  }

  strings(name: string): string[] {
    return readStrings(this.fields[name], this.at(name), this.problems);
  }

  /** A JSON object kept as it is (figures whose shape is the writer's business). */
  object(name: string): Record<string, unknown> {
    const reader = ObjectReader.of(this.fields[name], this.at(name), this.problems);
    return reader ? reader.fields : {};
  }

  list<T>(name: string, readItem: (item: unknown, path: string) => T): T[] {
    return readList(this.fields[name], this.at(name), this.problems, readItem);
  }

  /** An object whose keys are data (product ids) and whose values are read alike. */
  map<T>(name: string, readValue: (value: unknown, path: string) => T): Record<string, T> {
    const reader = ObjectReader.of(this.fields[name], this.at(name), this.problems);
    const read: Record<string, T> = {};
    if (!reader) return read;
    for (const [key, value] of Object.entries(reader.fields)) read[key] = readValue(value, `${reader.path}[${JSON.stringify(key)}]`);
    return read;
  }
}

export function readList<T>(value: unknown, path: string, problems: FieldProblem[], readItem: (item: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) {
    problems.push({ field: path, problem: 'must be a list' });
    return [];
  }
  return value.map((item: unknown, index) => readItem(item, `${path}[${index}]`));
}

/** Strings only (sample product ids). */
export function readStrings(value: unknown, path: string, problems: FieldProblem[]): string[] {
  return readList(value, path, problems, (item, at) => {
    if (typeof item === 'string') return item;
    problems.push({ field: at, problem: 'must be a string' });
    return '';
  });
}
