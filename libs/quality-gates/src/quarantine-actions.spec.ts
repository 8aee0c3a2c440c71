import pino from 'pino';
import { InProcessBus, decodeEnvelopes } from '@shelflife/bus';
import { EmbeddedStore } from '@shelflife/store';
import { QUARANTINED_EVENTS, QuarantineActions, type QuarantinedEvent } from './quarantine-actions';

const held = (id: string, alertIds: string[], ingestedAt: number): QuarantinedEvent => ({
  _id: id,
  alertIds,
  ingestedAt,
  keptAt: ingestedAt,
  event: {
    eventId: id,
    type: 'purchase',
    sessionId: 's',
    userId: '',
    productId: 'p',
    quantity: 1,
    occurredAt: ingestedAt,
    source: 'web',
  } as unknown as QuarantinedEvent['event'],
});

describe('QuarantineActions (the CLI and the console)', () => {
  it("lists per alert, discards one alert's events only, and refuses a replay without a bus", async () => {
    const store = await EmbeddedStore.open(':memory:');
    await store
      .collection<QuarantinedEvent>(QUARANTINED_EVENTS)
      .insertMany([held('e1', ['a1'], 10), held('e2', ['a1', 'a2'], 20), held('e3', ['a2'], 30)]);
    const actions = new QuarantineActions(store);
    expect(await actions.list()).toEqual([
      { alertId: 'a1', events: 2, from: 10, to: 20 },
      { alertId: 'a2', events: 2, from: 20, to: 30 },
    ]);
    expect(await actions.list('a2')).toEqual([{ alertId: 'a2', events: 2, from: 20, to: 30 }]);
    await expect(actions.replay('a1', undefined, 'shelflife')).rejects.toThrow(/configure AMQP_URL/);
    await expect(actions.discard('')).rejects.toThrow(/needs an alert id/);
    expect(await actions.discard('a1')).toEqual({ action: 'discard', alertId: 'a1', events: 2, removedFromQuarantine: 2 });
    expect(await actions.list()).toEqual([{ alertId: 'a2', events: 1, from: 30, to: 30 }]);
    await store.close();
  });

  it("replays through the contract's rules: what they refuse now stays held, with the reason", async () => {
    const store = await EmbeddedStore.open(':memory:');
    const now = Date.now();
    const valid = (id: string, productId: string) => ({
      ...held(id, ['a1'], now - 1_000),
      event: { ...held(id, ['a1'], now - 1_000).event, eventId: id, productId, price: { currency: 'USD', units: 5, nanos: 0 } },
    });
    const okId = '00000000-0000-4000-8000-000000000001';
    const badId = '00000000-0000-4000-8000-000000000002';
    // Accepted once under older rules: a productId with a newline, which the rules refuse today.
    await store.collection<QuarantinedEvent>(QUARANTINED_EVENTS).insertMany([valid(okId, 'p-1'), valid(badId, 'p-1\nforged log line')]);
    const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    try {
      const result = await new QuarantineActions(store).replay('a1', bus, bus.topology.exchanges.events.split('.')[0]!);
      expect(result).toMatchObject({
        action: 'replay',
        events: 2,
        removedFromQuarantine: 1,
        refused: 1,
        refusedExamples: [{ eventId: badId, reason: expect.stringMatching(/^productId must not contain control characters/) }],
      });
      const published = bus.peek(bus.topology.queues.archiveEvents).flatMap((m) => {
        const decoded = decodeEnvelopes({ ...m, attempt: 1 });
        return decoded.ok ? decoded.envelopes.map((e) => e.event.eventId) : [decoded.reason];
      });
      expect(published).toEqual([okId]);
      expect(await new QuarantineActions(store).list('a1')).toEqual([{ alertId: 'a1', events: 1, from: now - 1_000, to: now - 1_000 }]);
    } finally {
      await bus.close();
      await store.close();
    }
  });
});
