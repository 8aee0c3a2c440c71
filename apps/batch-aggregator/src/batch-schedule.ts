import { CronExpressionParser } from 'cron-parser';

/** Runs `job` at each time of a cron expression (UTC), one run at a time: a run never overlaps the next. */
export function scheduleCron(expression: string, job: () => Promise<void>): { stop(): void; next(): Date } {
  const interval = CronExpressionParser.parse(expression, { tz: 'UTC' });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let nextAt = interval.next().toDate();
  const arm = () => {
    if (stopped) return;
    // setTimeout cannot wait longer than ~24.8 days; re-arm in steps.
    const wait = Math.min(nextAt.getTime() - Date.now(), 2 ** 31 - 1);
    timer = setTimeout(
      () => {
        if (Date.now() < nextAt.getTime()) return arm();
        void job().finally(() => {
          nextAt = CronExpressionParser.parse(expression, { tz: 'UTC', currentDate: new Date() }).next().toDate();
          arm();
        });
      },
      Math.max(0, wait),
    );
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    next: () => nextAt,
  };
}
