import { EmbeddedStore } from '@shelflife/store';
import { QUARANTINED_EVENTS, QuarantineActions, type QuarantinedEvent } from './quarantine-actions';

const held = (id: string, alertIds: string[], ingestedAt: number): QuarantinedEvent => ({
  _id: id, alertIds, ingestedAt, keptAt: ingestedAt,
  event: { eventId: id, type: 'purchase', sessionId: 's', userId: '', productId: 'p', quantity: 1, occurredAt: ingestedAt, source: 'web' } as unknown as QuarantinedEvent['event'],
});

describe('QuarantineActions (the CLI and the console)', () => {
  it('lists per alert, discards one alert\'s events only, and refuses a replay without a bus', async () => {
    const store = await EmbeddedStore.open(':memory:');
    await store.collection<QuarantinedEvent>(QUARANTINED_EVENTS).insertMany([held('e1', ['a1'], 10), held('e2', ['a1', 'a2'], 20), held('e3', ['a2'], 30)]);
    const actions = new QuarantineActions(store);
    expect(await actions.list()).toEqual([{ alertId: 'a1', events: 2, from: 10, to: 20 }, { alertId: 'a2', events: 2, from: 20, to: 30 }]);
    expect(await actions.list('a2')).toEqual([{ alertId: 'a2', events: 2, from: 20, to: 30 }]);
    await expect(actions.replay('a1', undefined, 'shelflife')).rejects.toThrow(/configure AMQP_URL/);
    await expect(actions.discard('')).rejects.toThrow(/needs an alert id/);
    expect(await actions.discard('a1')).toEqual({ action: 'discard', alertId: 'a1', events: 2, removedFromQuarantine: 2 });
    expect(await actions.list()).toEqual([{ alertId: 'a2', events: 1, from: 30, to: 30 }]);
    await store.close();
  });
});
