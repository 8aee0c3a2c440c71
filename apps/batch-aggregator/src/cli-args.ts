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
  const args: BatchCliArgs = { once: false, report: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value; ${BATCH_USAGE}`);
      return v;
    };
    if (flag === '--once') args.once = true;
    else if (flag === '--report') args.report = true;
    else if (flag === '--date') args.date = value();
    else if (flag === '--from') args.from = value();
    else if (flag === '--to') args.to = value();
    else if (flag === '--input') args.input = value();
    else throw new Error(`unknown argument ${flag}; ${BATCH_USAGE}`);
  }
  if (!args.once) throw new Error(`only --once runs are started from the command line (the service runs the schedule); ${BATCH_USAGE}`);
  for (const day of [args.date, args.from, args.to]) if (day !== undefined && !DAY.test(day)) throw new Error(`${day} is not a date YYYY-MM-DD`);
  if (args.date && (args.from || args.to)) throw new Error(`use --date or --from/--to, not both; ${BATCH_USAGE}`);
  if (Boolean(args.from) !== Boolean(args.to)) throw new Error(`--from and --to go together; ${BATCH_USAGE}`);
  return args;
}
