/**
 * Declarative env-var parsing: each setting names its variable, its default and how to check it,
 * so a bad value fails start-up with a message that names the variable and what is allowed.
 */
export interface Setting<T> {
  variable: string;
  /** The default as it would be written in the environment; undefined means "no default". */
  defaultValue: string | undefined;
  description: string;
  parse(raw: string): T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Parsed<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export function loadConfig<S extends Record<string, Setting<unknown>>>(spec: S, env: NodeJS.ProcessEnv = process.env): Parsed<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(spec)) {
    const raw = env[setting.variable];
    const text = raw === undefined || raw === '' ? setting.defaultValue : raw;
    if (text === undefined) {
      result[key] = undefined;
      continue;
    }
    try {
      result[key] = setting.parse(text);
    } catch (error) {
      problems.push(`${setting.variable}=${JSON.stringify(text)}: ${(error as Error).message} (${setting.description})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as Parsed<S>;
}

export function string(variable: string, defaultValue: string | undefined, description: string): Setting<string> {
  return { variable, defaultValue, description, parse: (raw) => raw };
}

export function optionalString(variable: string, description: string): Setting<string | undefined> {
  return { variable, defaultValue: undefined, description, parse: (raw) => raw };
}

export function integer(variable: string, defaultValue: number, description: string, range: { min?: number; max?: number } = {}): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  return {
    variable, defaultValue: String(defaultValue), description,
    parse(raw) {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be a whole number');
      const value = Number(raw);
      if (value < min || value > max) throw new Error(`must be from ${min} to ${max}`);
      return value;
    },
  };
}

export function port(variable: string, defaultValue: number, description: string): Setting<number> {
  return integer(variable, defaultValue, description, { min: 0, max: 65535 });
}

export function oneOf<T extends string>(variable: string, defaultValue: T, allowed: readonly T[], description: string): Setting<T> {
  return {
    variable, defaultValue, description,
    parse(raw) {
      if (!(allowed as readonly string[]).includes(raw)) throw new Error(`must be one of ${allowed.join(', ')}`);
      return raw as T;
    },
  };
}

export function url(variable: string, defaultValue: string | undefined, protocols: string[], description: string): Setting<string> {
  return {
    variable, defaultValue, description,
    parse(raw) {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new Error(`must be a URL such as ${protocols[0]}//host:port`);
      }
      if (!protocols.includes(parsed.protocol)) throw new Error(`must use ${protocols.join(' or ')}`);
      return raw;
    },
  };
}

/** A gRPC target "host:port". */
export function address(variable: string, defaultValue: string, description: string): Setting<string> {
  return {
    variable, defaultValue, description,
    parse(raw) {
      const match = /^(.+):(\d{1,5})$/.exec(raw);
      if (!match || Number(match[2]) > 65535) throw new Error('must be host:port, e.g. localhost:50051');
      return raw;
    },
  };
}

export function boolean(variable: string, defaultValue: boolean, description: string): Setting<boolean> {
  return {
    variable, defaultValue: String(defaultValue), description,
    parse(raw) {
      if (/^(1|true|yes)$/i.test(raw)) return true;
      if (/^(0|false|no)$/i.test(raw)) return false;
      throw new Error('must be true or false');
    },
  };
}
