/**
 * The loss check of bench:ramp: every event the gateway answered 202 for must be in the archive. The
 * archive is the batch-aggregator's embedded store (STORE_DIR/batch-aggregator/aggregator, see
 * apps/batch-aggregator/src/app.ts), opened here with @shelflife/store after the pipeline has stopped (a
 * store folder has one writer). Its documents are keyed by eventId (`_id`), so a redelivered event can
 * never be stored twice: "exactly once" in the archive is "present".
 *
 * The scorer keeps no per-id record outside its memory; its Prometheus counters tell whether it applied as
 * many distinct events as the archive holds (its model ignores an id it already applied; such repeats are
 * counted as outcome="duplicate").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENTS } from '@shelflife/batch';
import { openStore } from '@shelflife/store';
import { counterValue } from './ramp-observe';

export interface ArchiveCheck {
  /** Ids answered 202 (unique: the driver makes every id). */
  acknowledged: number;
  archived: number;
  /** 202-acknowledged ids missing from the archive. */
  lost: number;
  lostSample: string[];
  /** Archived ids the driver never got a 202 for (503s or timeouts whose events got through: allowed). */
  archivedWithout202: number;
  error?: string;
}

export async function checkArchive(storeDir: string, acknowledgedIds: string[]): Promise<ArchiveCheck> {
  const dir = path.join(storeDir, 'batch-aggregator', 'aggregator');
  const acknowledged = new Set(acknowledgedIds);
  if (!fs.existsSync(dir))
    return {
      acknowledged: acknowledged.size,
      archived: 0,
      lost: acknowledged.size,
      lostSample: [...acknowledged].slice(0, 5),
      archivedWithout202: 0,
      error: `no archive at ${dir}`,
    };
  const store = await openStore({ storeDir: dir });
  try {
    const documents = await store.collection(EVENTS).find({}, { projection: { _id: 1 } });
    const archived = new Set(documents.map((d) => String(d._id)));
    const lostIds = [...acknowledged].filter((id) => !archived.has(id));
    let archivedWithout202 = 0;
    for (const id of archived) if (!acknowledged.has(id)) archivedWithout202 += 1;
    return {
      acknowledged: acknowledged.size,
      archived: archived.size,
      lost: lostIds.length,
      lostSample: lostIds.slice(0, 5),
      archivedWithout202,
    };
  } finally {
    await store.close();
  }
}

export interface ConsumerCounts {
  scorerApplied: number;
  /** Redeliveries the scorer recognised and did not learn from again. */
  scorerDuplicatesIgnored: number;
  scorerQuarantined: number;
  archiveStored: number;
  archiveDuplicates: number;
  sentinelSeen: number;
}

/** shelflife_events_total by stage/outcome from the scorer's and the aggregator's /metrics. */
export function consumerCounts(scorerMetrics: string, aggregatorMetrics: string, sentinelMetrics: string): ConsumerCounts {
  const c = (text: string, stage: string, outcome?: string) =>
    counterValue(text, 'shelflife_events_total', outcome ? { stage, outcome } : { stage });
  return {
    scorerApplied: c(scorerMetrics, 'scorer', 'applied'),
    scorerDuplicatesIgnored: c(scorerMetrics, 'scorer', 'duplicate'),
    scorerQuarantined: c(scorerMetrics, 'scorer', 'quarantined'),
    archiveStored: c(aggregatorMetrics, 'archive', 'stored'),
    archiveDuplicates: c(aggregatorMetrics, 'archive', 'duplicate'),
    sentinelSeen: c(sentinelMetrics, 'sentinel'),
  };
}
