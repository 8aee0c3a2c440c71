import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { moneyToDecimalString, parseGatewayEvent, type FieldProblem, type ShopEvent } from '@shelflife/contracts';

/** An event as the storefront posts it to the gateway (what parseGatewayEvent reads). */
export interface GatewayEventJson {
  eventId: string;
  type: ShopEvent['type'];
  userId?: string;
  sessionId: string;
  productId: string;
  price?: { amount: number; currency: string };
  quantity: number;
  occurredAt: string;
  source: string;
}

export function toGatewayJson(event: ShopEvent): GatewayEventJson {
  const json: GatewayEventJson = {
    eventId: event.eventId,
    type: event.type,
    sessionId: event.sessionId,
    productId: event.productId,
    quantity: event.quantity,
    occurredAt: new Date(event.occurredAt).toISOString(),
    source: event.source,
  };
  if (event.userId) json.userId = event.userId; // the gateway reads a missing userId as anonymous; "" is invalid
  // The shortest decimal text of the number is the exact amount (at most 9 decimals), as parseGatewayEvent expects.
  if (event.price) json.price = { amount: Number(moneyToDecimalString(event.price)), currency: event.price.currency };
  return json;
}

/** Gateway-format NDJSON text, one event per line. */
export function formatGatewayNdjson(events: Iterable<ShopEvent>): string {
  let text = '';
  for (const event of events) text += `${JSON.stringify(toGatewayJson(event))}\n`;
  return text;
}

/** Writes gateway-format NDJSON to a file; resolves with the number of events once it is flushed. */
export async function writeGatewayNdjson(path: string, events: Iterable<ShopEvent>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let count = 0;
  for (const event of events) {
    if (!out.write(`${JSON.stringify(toGatewayJson(event))}\n`)) await once(out, 'drain');
    count += 1;
  }
  out.end();
  await once(out, 'finish');
  return count;
}

export interface NdjsonReading {
  events: ShopEvent[];
  rejected: { line: number; code: string; problems: FieldProblem[] }[];
}

/** Reads gateway-format NDJSON through the gateway's own validation; bad lines are reported, not thrown. */
export function parseGatewayNdjson(text: string, now: number = Date.now()): NdjsonReading {
  const reading: NdjsonReading = { events: [], rejected: [] };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      reading.rejected.push({ line: index + 1, code: 'INVALID_JSON', problems: [{ field: '', problem: (error as Error).message }] });
      return;
    }
    const result = parseGatewayEvent(json, { now });
    if (result.ok) reading.events.push(result.event);
    else reading.rejected.push({ line: index + 1, code: result.code, problems: result.problems });
  });
  return reading;
}
