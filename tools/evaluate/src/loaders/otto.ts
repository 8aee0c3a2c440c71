import type { EventType } from '@shelflife/contracts';
import type { Click } from '../session';
import { textLines } from './csv-line';

const OTTO_TYPES: Record<string, EventType> = { clicks: 'view', carts: 'add_to_cart', orders: 'purchase' };

/** OTTO RecSys JSON lines: {"session", "events": [{"aid", "ts" (ms), "type": clicks|carts|orders}]}; the session is one user's weeks. */
export function parseOtto(content: string, source = 'otto'): Click[] {
  return textLines(content).flatMap((line, i) => {
    const record = JSON.parse(line) as { session: number; events: { aid: number; ts: number; type: string }[] };
    if (!Array.isArray(record.events)) throw new Error(`${source} line ${i + 1}: no events array`);
    const user = String(record.session);
    return record.events.map((event) => {
      const type = OTTO_TYPES[event.type];
      if (!type) throw new Error(`${source} line ${i + 1}: event type ${JSON.stringify(event.type)} is not clicks, carts or orders`);
      return { sessionId: user, userId: user, itemId: String(event.aid), time: event.ts, type };
    });
  });
}
