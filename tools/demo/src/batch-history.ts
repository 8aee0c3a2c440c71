import { addDays, archiveEvents, runBatch, utcDay, type BatchOutcome } from '@shelflife/batch';
import { parseGatewayEvent, type ShopEvent } from '@shelflife/contracts';
import { topology } from '@shelflife/bus';
import type { Store } from '@shelflife/store';
import { createLogger } from '@shelflife/telemetry';
import { batchDeps } from '@shelflife/batch-aggregator';
import { buildCatalog, generateSession, seededRandom } from '@shelflife/shopper-sim';

/**
 * A few past days of shopping in the archive and their nightly batches: the last day's prices are
 * 0.92 of the others', so its audit holds it (a common price move), the days before are published.
 * What a person finds on the quality and revenue pages after a bad upstream deploy.
 */
export async function seedBatchHistory(
  store: Store,
  options: { days: number; sessionsPerDay: number; now?: number },
): Promise<BatchOutcome[]> {
  const today = utcDay(options.now ?? Date.now());
  const random = seededRandom(7);
  const catalog = buildCatalog();
  const logger = createLogger('batch-history', { level: 'warn' });
  const deps = batchDeps({ store, logger, auditTimeoutMs: 10_000, names: topology() });
  const outcomes: BatchOutcome[] = [];
  try {
    for (let back = options.days; back >= 1; back -= 1) {
      const day = addDays(today, -back);
      const faulty = back === 1;
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      const events: ShopEvent[] = [];
      for (let s = 0; s < options.sessionsPerDay; s += 1) {
        const sessionStart = dayStart + Math.floor(((s + 0.5) / options.sessionsPerDay) * 86_000_000);
        generateSession(random, catalog).forEach((json, i) => {
          const priced =
            faulty && json.price ? { ...json, price: { ...json.price, amount: Math.round(json.price.amount * 0.92 * 100) / 100 } } : json;
          const parsed = parseGatewayEvent(
            { ...priced, occurredAt: new Date(sessionStart + i * 20_000).toISOString() },
            { receivedAt: Date.now() },
          );
          if (!parsed.ok) throw new Error(`a generated event was refused: ${JSON.stringify(parsed.problems)}`);
          events.push(parsed.event);
        });
      }
      await archiveEvents(store, events, dayStart + 86_400_000);
      outcomes.push(await runBatch(store, { from: day, to: day }, deps));
    }
  } finally {
    deps.close();
  }
  return outcomes;
}
