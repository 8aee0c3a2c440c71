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

export function integer(
  variable: string,
  defaultValue: number,
  description: string,
  range: { min?: number; max?: number } = {},
): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  return {
    variable,
    defaultValue: String(defaultValue),
    description,
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
    variable,
    defaultValue,
    description,
    parse(raw) {
      if (!(allowed as readonly string[]).includes(raw)) throw new Error(`must be one of ${allowed.join(', ')}`);
      return raw as T;
    },
  };
}

export function url(variable: string, defaultValue: string | undefined, protocols: string[], description: string): Setting<string> {
  return {
    variable,
    defaultValue,
    description,
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

/** One URL or several separated by commas (the nodes of a cluster), each checked as `url` does. */
export function urlList(variable: string, defaultValue: string | undefined, protocols: string[], description: string): Setting<string> {
  const one = url(variable, undefined, protocols, description);
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      const parts = raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      if (parts.length === 0) throw new Error(`must be a URL such as ${protocols[0]}//host:port, or several separated by commas`);
      parts.forEach((part, i) => {
        try {
          one.parse(part);
        } catch (error) {
          throw new Error(parts.length > 1 ? `URL ${i + 1} of ${parts.length}: ${(error as Error).message}` : (error as Error).message, {
            cause: error,
          });
        }
      });
      return parts.join(',');
    },
  };
}

/** A pattern-checked string (the message says what is expected). */
export function matching(variable: string, defaultValue: string, pattern: RegExp, expected: string, description: string): Setting<string> {
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      if (!pattern.test(raw)) throw new Error(`must be ${expected}`);
      return raw;
    },
  };
}

/** A gRPC target "host:port". */
const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[^\s,/:]+):(\d{1,5})$/;

function hostPort(raw: string): boolean {
  const match = HOST_PORT.exec(raw);
  return match !== null && Number(match[1]) <= 65535;
}

/**
 * A gRPC target: `host:port`, `dns:///host:port` (every address DNS gives, e.g. a headless Service in
 * Kubernetes), or a fixed list `ipv4:127.0.0.1:50052,127.0.0.1:50062` (`ipv6:` likewise). Clients
 * spread their calls over every resolved address (round_robin, libs/service-kit grpc-client.ts).
 */
export function address(variable: string, defaultValue: string, description: string): Setting<string> {
  return {
    variable,
    defaultValue,
    description,
    parse(raw) {
      const dns = /^dns:\/\/[^/]*\/(.+)$/.exec(raw);
      const list = /^ipv[46]:(.+)$/.exec(raw);
      const valid = dns ? hostPort(dns[1]!) : list ? list[1]!.split(',').every(hostPort) : hostPort(raw);
      if (!valid) throw new Error('must be a gRPC target: host:port (localhost:50051), dns:///host:port, or ipv4:host:port,host:port');
      return raw;
    },
  };
}

export function boolean(variable: string, defaultValue: boolean, description: string): Setting<boolean> {
  return {
    variable,
    defaultValue: String(defaultValue),
    description,
    parse(raw) {
      if (/^(1|true|yes)$/i.test(raw)) return true;
      if (/^(0|false|no)$/i.test(raw)) return false;
      throw new Error('must be true or false');
    },
  };
}
