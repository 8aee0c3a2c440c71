import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One option as `parseArgs` takes it, plus what `--help` says about it. */
type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine<T extends ParseArgsConfig> {
  /** How the command is run, e.g. "npm run demo --". */
  command: string;
  /** What it does, in a sentence or two. */
  description: string;
  /** parseArgs's configuration (strict: an unknown option is an error). */
  config: T;
  /** Read instead of process.argv (tests). */
  args?: string[];
}

/** The usage text `--help` prints: the command, what it does, and every option with its default. */
export function usageOf(command: string, description: string, options: Options): string {
  const lines = Object.entries(options).map(([name, option]) => {
    const flag = `--${name}${option.short ? `, -${option.short}` : ''}${option.type === 'string' ? ' <value>' : ''}`;
    const fallback = option.default !== undefined && option.default !== false ? ` (default ${JSON.stringify(option.default)})` : '';
    return `  ${flag}${fallback}`;
  });
  return [`usage: ${command} [options]`, description, '', 'options:', ...lines, '  --help, -h'].join('\n');
}

/**
 * node:util's parseArgs, answering the same way in every command of this repository: `--help` prints
 * the usage and exits 0; an unknown or malformed option prints what was wrong and the usage and exits 2
 * (instead of a stack trace).
 */
export function parseCommandLine<T extends ParseArgsConfig>(line: CommandLine<T>): ReturnType<typeof parseArgs<T>> {
  const options: Options = { ...line.config.options };
  const usage = usageOf(line.command, line.description, options);
  const argv = line.args ?? line.config.args ?? process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs<T>({ ...line.config, args: argv });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}
