import { SCHEMA_VERSION, type EventEnvelope, type ShopEvent } from '@shelflife/contracts';
import { MAX_EVENTS_PER_MESSAGE, MIXED_TYPES, ackBundle, decodeEnvelopes, encodeEnvelopes } from './envelope-codec';
import { headers as H } from './topology';
import type { IncomingMessage, OutgoingMessage } from './event-bus';

const envelope = (i: number, type: ShopEvent['type'] = 'view', traceparent?: string): EventEnvelope => {
  const event: ShopEvent = {
    eventId: `e-${i}`,
    type,
    userId: '',
    sessionId: 's',
    productId: `p-${i}`,
    quantity: 1,
    occurredAt: 1_700_000_000_000 + i,
    source: 'web',
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId: event.eventId,
    ingestedAt: 1_700_000_001_000 + i,
    event,
    ...(traceparent ? { traceparent } : {}),
  };
};
const delivered = (m: OutgoingMessage, overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  ...m,
  headers: m.headers ?? {},
  attempt: 1,
  ...overrides,
});

describe('event bundles', () => {
  it('keeps the order of acceptance, and routes by type only when every event of the bundle has it', () => {
    const sent = [envelope(1, 'view'), envelope(2, 'add_to_cart'), envelope(3, 'view'), envelope(4, 'purchase'), envelope(5, 'view')];
    const [mixed] = encodeEnvelopes('ex', sent);
    expect(mixed!.routingKey).toBe(`event.${MIXED_TYPES}`);
    expect(mixed!.headers![H.eventCount]).toBe(5);
    expect(mixed!.messageId).toBe('e-1+4');
    const decoded = decodeEnvelopes(delivered(mixed!));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.envelopes).toEqual(sent);
    const [views] = encodeEnvelopes('ex', [envelope(6, 'view'), envelope(7, 'view')]);
    expect(views!.routingKey).toBe('event.view');
  });

  it('caps a bundle at the configured size and loses nothing across bundles', () => {
    const sent = Array.from({ length: MAX_EVENTS_PER_MESSAGE * 2 + 1 }, (_, i) => envelope(i));
    const messages = encodeEnvelopes('ex', sent);
    expect(messages).toHaveLength(3);
    const back = messages.flatMap((m) => {
      const decoded = decodeEnvelopes(delivered(m));
      return decoded.ok ? decoded.envelopes : [];
    });
    expect(back).toEqual(sent);
  });

  it("carries each event's own trace context and ingest time", () => {
    const a = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
    const b = `00-${'b'.repeat(32)}-${'2'.repeat(16)}-01`;
    const [message] = encodeEnvelopes('ex', [envelope(1, 'view', a), envelope(2, 'view', b)]);
    const decoded = decodeEnvelopes(delivered(message!));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.envelopes.map((e) => [e.traceparent, e.ingestedAt])).toEqual([
      [a, 1_700_000_001_001],
      [b, 1_700_000_001_002],
    ]);
  });

  it('reads a single event published before bundling (messages queued across an upgrade)', () => {
    const old = envelope(7);
    const decoded = decodeEnvelopes({
      exchange: 'ex',
      routingKey: 'event.view',
      body: Buffer.from(JSON.stringify(old.event)),
      attempt: 1,
      headers: { [H.schemaVersion]: 1, [H.ingestedAt]: old.ingestedAt, traceparent: Buffer.from('00-x') },
    });
    expect(decoded).toMatchObject({ ok: true, envelopes: [{ ...old, traceparent: '00-x' }], unreadable: [] });
  });

  it('returns an unreadable event of a bundle apart, with its id and reason, and keeps the rest', () => {
    const [message] = encodeEnvelopes('ex', [envelope(1), envelope(2)]);
    const items = JSON.parse(message!.body.toString()) as unknown[];
    items.splice(1, 0, { ingestedAt: 5, event: { eventId: 'bad', type: 'teleport', productId: 'p', occurredAt: 1 } }, 42);
    const decoded = decodeEnvelopes(delivered(message!, { body: Buffer.from(JSON.stringify(items)) }));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.envelopes.map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    expect(decoded.unreadable.map((u) => [u.messageId, u.reason])).toEqual([
      ['bad', expect.stringMatching(/not a contract v1 event/)],
      [undefined, 'bundled item is not an object'],
    ]);
    expect(JSON.parse(decoded.unreadable[1]!.body.toString())).toBe(42);
  });

  it('calls a body that is not JSON poison as a whole', () => {
    expect(decodeEnvelopes({ exchange: 'ex', routingKey: 'event.view', body: Buffer.from('[{'), headers: {}, attempt: 1 })).toEqual({
      ok: false,
      reason: 'body is not JSON',
    });
  });

  it('marks duplicates by their route', () => {
    const [message] = encodeEnvelopes('ex', [envelope(1)], 'duplicate');
    expect(message!.routingKey).toBe('duplicate.view');
    expect(decodeEnvelopes(delivered(message!))).toMatchObject({ ok: true, duplicate: true });
  });

  it('acks a bundle with its unreadable events dead-lettered, each reason naming the reader', () => {
    expect(ackBundle('scorer', [])).toEqual({ action: 'ack' });
    const unusable = { body: Buffer.from('{}'), messageId: 'u', reason: 'scorer cannot learn from event u: no price' };
    expect(ackBundle('scorer', [{ body: Buffer.from('42'), reason: 'bundled item is not an object' }], [unusable])).toEqual({
      action: 'ack',
      deadLetterParts: [
        { body: Buffer.from('42'), reason: 'scorer cannot read an event of the bundle: bundled item is not an object' },
        unusable,
      ],
    });
  });
});
