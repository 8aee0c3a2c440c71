import { parseCommandLine } from '@shelflife/config';

/** Arguments of `npm run batch -- --once [--date D | --from D --to D] [--input FILE.ndjson] [--report]`. */
export interface BatchCliArgs {
  once: boolean;
  date?: string;
  from?: string;
  to?: string;
  input?: string;
  report: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const BATCH_USAGE = 'usage: batch --once [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--input FILE.ndjson] [--report]';

export function parseBatchArgs(argv: string[]): BatchCliArgs {
  // node:util's parser with the repository's --help and error answers (libs/config command-line.ts).
  const { values } = parseCommandLine({
    command: 'npm run batch --',
    args: argv,
    description: `one batch run: archive a file, daily revenue, audit, publish; exit 3 when the audit holds a day, 4 when the input file is held\n${BATCH_USAGE}`,
    config: {
      options: {
        once: { type: 'boolean', default: false },
        report: { type: 'boolean', default: false },
        date: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        input: { type: 'string' },
      },
    },
  });
  const args: BatchCliArgs = {
    once: values.once ?? false,
    report: values.report ?? false,
    date: values.date,
    from: values.from,
    to: values.to,
    input: values.input,
  };
  if (!args.once) throw new Error(`only --once runs are started from the command line (the service runs the schedule); ${BATCH_USAGE}`);
  for (const day of [args.date, args.from, args.to])
    if (day !== undefined && !DAY.test(day)) throw new Error(`${day} is not a date YYYY-MM-DD`);
  if (args.date && (args.from || args.to)) throw new Error(`use --date or --from/--to, not both; ${BATCH_USAGE}`);
  if (Boolean(args.from) !== Boolean(args.to)) throw new Error(`--from and --to go together; ${BATCH_USAGE}`);
  return args;
}
