import type { Store } from '@shelflife/store';
import type { ArchivedEvent } from '../archive/archived-event';
import { EVENTS } from '../collections';

/** What the archive holds before `day` (everything, without a day): the history an empty input is judged against. */
export async function archivedBefore(store: Store, day?: string): Promise<{ events: number; lastDay: string | null }> {
  const filter = day === undefined ? {} : { day: { $lt: day } };
  const events = store.collection<ArchivedEvent>(EVENTS);
  const count = await events.countDocuments(filter);
  if (count === 0) return { events: 0, lastDay: null };
  const last = await events.findOne(filter, { sort: { day: -1 }, projection: { day: 1 } });
  return { events: count, lastDay: last?.day ?? null };
}
