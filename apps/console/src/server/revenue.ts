import {
  BATCH_RUNS,
  EVENTS,
  PUBLICATIONS,
  computeDailyRevenue,
  daysOf,
  readPublishedRevenue,
  utcDay,
  addDays,
  type BatchRun,
  type RevenuePublication,
} from '@shelflife/batch';
import type { RevenueView } from '../shared/api';
import type { StoreAccess } from './store-access';

const DAYS_SHOWN = 14;

/**
 * The trade-off in one answer: the audited daily revenue (published days, held days with their
 * findings) beside today's live revenue summed from the archive as the stream fills it (fresh,
 * unaudited), each with its data latency; the caller adds its own query latency.
 */
export async function revenueView(stores: StoreAccess, now: number = Date.now()): Promise<RevenueView> {
  const started = performance.now();
  const today = utcDay(now);
  const view: RevenueView = {
    audited: { days: [], held: [] },
    live: { date: today, rows: [], newestEventAt: null, dataLatencyMs: null },
    queryMs: 0,
    store: stores.status,
  };
  try {
    const store = await stores.aggregator();
    const window = { from: addDays(today, -DAYS_SHOWN), to: addDays(today, -1) };
    const pointers = new Map(
      (await store.collection<RevenuePublication>(PUBLICATIONS).find({ _id: { $in: daysOf(window).map((d) => `revenue:${d}`) } })).map(
        (p) => [p.date, p],
      ),
    );
    for (const row of await readPublishedRevenue(store, window)) {
      const pointer = pointers.get(row.date);
      const dayEnd = Date.parse(`${row.date}T00:00:00Z`) + 24 * 3600 * 1000;
      view.audited.days.push({
        date: row.date,
        currency: row.currency,
        revenue: row.revenueDecimal,
        orders: row.orders,
        units: row.units,
        version: pointer?.version ?? '',
        publishedAt: pointer?.publishedAt ?? 0,
        // How late the audited figure arrived: from the end of the day it describes to its publication.
        dataLatencyMs: pointer ? Math.max(0, pointer.publishedAt - dayEnd) : 0,
      });
    }
    const held = await store
      .collection<BatchRun>(BATCH_RUNS)
      .find({ state: 'held', 'window.to': { $gte: window.from } }, { sort: { 'window.from': -1 } });
    for (const run of held) {
      for (const date of daysOf(run.window)) {
        if (pointers.has(date) && pointers.get(date)!.version !== run._id && view.audited.held.some((h) => h.date === date)) continue;
        view.audited.held.push({ date, version: run._id, reason: run.audit?.reason ?? 'held', findings: run.audit?.findings ?? [] });
      }
    }
    const live = await computeDailyRevenue(store, { from: today, to: today });
    view.live.rows = live.totals.map((row) => ({
      date: row.date,
      currency: row.currency,
      revenue: row.revenueDecimal,
      orders: row.orders,
      units: row.units,
    }));
    const newest = await store
      .collection<{ ingestedAt: number } & Record<string, unknown>>(EVENTS)
      .find({ day: today }, { sort: { ingestedAt: -1 }, limit: 1, projection: { ingestedAt: 1 } });
    view.live.newestEventAt = newest[0]?.ingestedAt ?? null;
    view.live.dataLatencyMs = view.live.newestEventAt === null ? null : Math.max(0, now - view.live.newestEventAt);
  } catch (error) {
    view.error = (error as Error).message;
  }
  view.queryMs = performance.now() - started;
  return view;
}
