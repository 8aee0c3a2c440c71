import type { RecsOptions } from '@shelflife/recs';
import type { EvalResult } from './metrics';

const pct = (value: number) => (value * 100).toFixed(2).padStart(6);

export function resultHeader(k: number): string {
  return `${'method'.padEnd(8)} ${'n'.padStart(6)} ${`HR@${k}`.padStart(7)} ${`MRR@${k}`.padStart(7)} ${'HRu'.padStart(7)} ${'MRRu'.padStart(7)} ${'cover'.padStart(7)} ${'train ev/s'.padStart(11)}`;
}

export function resultRow(name: string, result: EvalResult, eventsPerSec: number): string {
  return `${name.padEnd(8)} ${String(result.n).padStart(6)} ${pct(result.hr)}% ${pct(result.mrr)}% ${pct(result.hrUnseen)}% ${pct(result.mrrUnseen)}% ${pct(result.coverage)}% ${Math.round(eventsPerSec).toLocaleString('en').padStart(11)}`;
}

/** Options as JSON that survives Infinity (written as "Infinity", which --options reads back). */
export function formatOptions(options: Partial<RecsOptions>): string {
  return JSON.stringify(options, (_key, value) => (value === Infinity ? 'Infinity' : value));
}
