import { parseCommandLine } from '@shelflife/config';
import type { RecsOptions } from '@shelflife/recs';
import { DATASET_NAMES, type DatasetName } from './datasets';
import { FILE_FORMATS, type FileFormat } from './loaders';
import { MODES, type Mode } from './protocol';

export const USAGE = `usage:
  npm run evaluate -- --dataset ${DATASET_NAMES.join('|')} [--mode static|prequential] [--k 20] [--no-tune] [--options JSON]
  npm run evaluate -- --train FILE --test FILE --format ${FILE_FORMATS.join('|')} [--mode static|prequential] [--k 20] [--no-tune] [--options JSON]`;

export type EvalSource = { dataset: DatasetName } | { train: string; test: string; format: FileFormat };

export interface EvalArgs {
  source: EvalSource;
  mode: Mode;
  k: number;
  tune: boolean;
  /** Scorer options given by hand (JSON); tuning then starts from nothing else and is skipped. */
  options?: Partial<RecsOptions>;
}

export function parseEvalArgs(argv: string[]): EvalArgs {
  const { values } = parseCommandLine({
    command: 'npm run evaluate --',
    description: 'recommendation quality on the shared data sets beside the AR, SR and popularity baselines (docs/recommendation.md)',
    config: {
      args: argv,
      options: {
        dataset: { type: 'string' },
        train: { type: 'string' },
        test: { type: 'string' },
        format: { type: 'string' },
        mode: { type: 'string', default: 'static' },
        k: { type: 'string', default: '20' },
        'no-tune': { type: 'boolean', default: false },
        options: { type: 'string' },
      },
      strict: true,
    },
  });
  const mode = oneOf(values.mode!, MODES, '--mode');
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new Error(`--k must be an integer in 1..1000, got ${values.k}`);
  const options = values.options ? parseOptions(values.options) : undefined;
  const common = { mode, k, tune: !values['no-tune'] && options === undefined, options };
  if (values.dataset !== undefined) {
    if (values.train || values.test) throw new Error('give either --dataset or --train/--test/--format, not both');
    return { source: { dataset: oneOf(values.dataset, DATASET_NAMES, '--dataset') }, ...common };
  }
  if (!values.train || !values.test || !values.format)
    throw new Error('give --dataset NAME, or all of --train FILE --test FILE --format FORMAT');
  return { source: { train: values.train, test: values.test, format: oneOf(values.format, FILE_FORMATS, '--format') }, ...common };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

function parseOptions(text: string): Partial<RecsOptions> {
  try {
    const parsed = JSON.parse(text, (_key, value) => (value === 'Infinity' ? Infinity : value));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Partial<RecsOptions>;
  } catch (error) {
    throw new Error(
      `--options must be a JSON object of scorer options, e.g. '{"popularityExponent":0.3}' ("Infinity" allowed): ${(error as Error).message}`,
      { cause: error },
    );
  }
}
