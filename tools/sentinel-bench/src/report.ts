import type { Detection } from './harness';

export interface ScenarioSummary {
  scenario: string;
  fault: boolean;
  byContender: Map<string, Detection[]>;
}

/** The q-quantile with misses counted as infinitely late (so a p90 over 10% misses reads "miss"). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function show(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'miss';
  return value.toFixed(digits);
}

export function faultTable(summaries: ScenarioSummary[], names: string[]): string {
  const header = `| fault | ${names.map((n) => `${n}: events p50 / p90 · s p90 · miss`).join(' | ')} | sentinel named source and cause |`;
  const rule = `|---|${names.map(() => '---').join('|')}|---|`;
  const rows = summaries
    .filter((s) => s.fault)
    .map((s) => {
      const sentinel = s.byContender.get('sentinel') ?? [];
      const judged = sentinel.filter((r) => r.named !== undefined);
      const named = judged.length === 0 ? '–' : `${judged.filter((r) => r.named).length} / ${judged.length}`;
      const cells = names.map((name) => {
        const runs = s.byContender.get(name) ?? [];
        const events = runs.map((r) => r.events ?? Infinity);
        const seconds = runs.map((r) => r.seconds ?? Infinity);
        const missed = runs.filter((r) => r.events === undefined).length;
        return `${show(quantile(events, 0.5))} / ${show(quantile(events, 0.9))} · ${show(quantile(seconds, 0.9), 1)} · ${((missed / runs.length) * 100).toFixed(0)}%`;
      });
      return `| ${s.scenario} | ${cells.join(' | ')} | ${named} |`;
    });
  return [header, rule, ...rows].join('\n');
}

export function normalChangeTable(summaries: ScenarioSummary[], names: string[]): string {
  const header = `| normal change | ${names.map((n) => `${n}: runs with an alarm`).join(' | ')} |`;
  const rule = `|---|${names.map(() => '---').join('|')}|`;
  const rows = summaries
    .filter((s) => !s.fault)
    .map((s) => {
      const cells = names.map((name) => {
        const runs = s.byContender.get(name) ?? [];
        return `${runs.filter((r) => r.alarms > 0).length} / ${runs.length}`;
      });
      return `| ${s.scenario} | ${cells.join(' | ')} |`;
    });
  return [header, rule, ...rows].join('\n');
}
