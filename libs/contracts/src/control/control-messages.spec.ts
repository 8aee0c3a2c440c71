import {
  ALERT_CHANGE_SCHEMA,
  CONTROL_SCHEMA_VERSION_HEADER,
  MODEL_ANNOUNCEMENT_SCHEMA,
  QUARANTINE_VERDICTS_SCHEMA,
  decodeControlMessage,
  encodeControlMessage,
  type AlertChangeMessage,
  type ControlSchema,
  type ModelAnnouncementMessage,
  type QuarantineVerdictsMessage,
} from './index';

const verdicts: QuarantineVerdictsMessage = {
  verdicts: [
    {
      alertId: 'price_unit_shift:web:price.amount#1',
      kind: 'price_unit_shift',
      source: 'web',
      eventType: 'purchase',
      currency: 'EUR',
      field: 'price.amount',
      sinceEventIndex: 120,
      sinceEventId: '00000000-0000-4000-8000-000000000120',
      since: 1_764_000_000_000,
      reason: 'prices jumped ~100x: a cents/units mix-up',
    },
  ],
  at: 1_764_000_001_000,
};

const announcement: ModelAnnouncementMessage = {
  version: '2026-11-30T02:00:00Z',
  model: {
    version: '2026-11-30T02:00:00Z',
    relations: { phone: [{ productId: 'case', score: 0.8 }], 'odd "key"': [] },
    popular: [{ productId: 'phone', score: 12 }],
  },
};

const alertChange: AlertChangeMessage = {
  change: 'cleared',
  alert: {
    id: 'null_burst:app:price.amount#3',
    kind: 'null_burst',
    source: 'app',
    field: 'price.amount',
    eventType: 'purchase',
    cause: 'price.amount is empty in 40% of purchases',
    confidence: 0.9,
    raisedAt: 1_764_000_000_000,
    clearedAt: 1_764_000_060_000,
    firstAffectedEventIndex: 10,
    firstAffectedEventId: '00000000-0000-4000-8000-000000000010',
    raisedAtEventIndex: 14,
    sampleProductIds: ['p-1', 'p-2'],
    detail: { share: 0.4, nested: { n: 1 } },
    active: false,
  },
};

function decode<T>(schema: ControlSchema<T>, body: unknown, headers: Record<string, unknown> = { [CONTROL_SCHEMA_VERSION_HEADER]: 1 }) {
  return decodeControlMessage(schema, { body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), headers });
}

function reasonOf(decoded: { ok: boolean; reason?: string }): string {
  if (decoded.ok) throw new Error('expected a rejection');
  return decoded.reason ?? '';
}

describe.each([
  ['quarantine verdicts', QUARANTINE_VERDICTS_SCHEMA as ControlSchema<unknown>, verdicts as unknown],
  ['model announcement', MODEL_ANNOUNCEMENT_SCHEMA as ControlSchema<unknown>, announcement as unknown],
  ['alert change', ALERT_CHANGE_SCHEMA as ControlSchema<unknown>, alertChange as unknown],
])('%s', (name, schema, value) => {
  it('decodes what it encodes, with its version in the header', () => {
    const encoded = encodeControlMessage(schema, value);
    expect(encoded.headers).toEqual({ [CONTROL_SCHEMA_VERSION_HEADER]: 1 });
    expect(decodeControlMessage(schema, encoded)).toEqual({ ok: true, value, version: 1 });
  });

  it('reads a message without the version header as version 1 (written before the contract had versions)', () => {
    expect(decode(schema, value, {})).toEqual({ ok: true, value, version: 1 });
  });

  it('refuses a newer version by name, and a header that is not a version', () => {
    expect(reasonOf(decode(schema, value, { [CONTROL_SCHEMA_VERSION_HEADER]: 2 }))).toBe(
      `${name}: version 2 is newer than this service reads (up to 1); upgrade it to the sender's release`,
    );
    expect(reasonOf(decode(schema, value, { [CONTROL_SCHEMA_VERSION_HEADER]: 'one' }))).toContain('not a version');
    expect(reasonOf(decode(schema, value, { [CONTROL_SCHEMA_VERSION_HEADER]: 0 }))).toContain('not a version');
  });

  it('refuses a body that is not JSON, or not an object', () => {
    expect(reasonOf(decode(schema, '{"verdicts": ['))).toBe(`${name} v1: the body is not JSON`);
    expect(reasonOf(decode(schema, [1, 2]))).toBe(`${name} v1: must be an object`);
    expect(reasonOf(decode(schema, 'null'))).toBe(`${name} v1: must be an object`);
  });
});

describe('quarantine verdicts', () => {
  it('names each missing or mistyped field with its path', () => {
    const { alertId: _missing, ...withoutId } = verdicts.verdicts[0]!;
    const reason = reasonOf(decode(QUARANTINE_VERDICTS_SCHEMA, { verdicts: [withoutId, { ...withoutId, alertId: 'a', since: '5' }] }));
    expect(reason).toBe(
      'quarantine verdicts v1: verdicts[0].alertId must be a non-empty string; verdicts[1].since must be a finite number; at must be a finite number',
    );
  });

  it('refuses verdicts that are not a list', () => {
    expect(reasonOf(decode(QUARANTINE_VERDICTS_SCHEMA, { verdicts: {}, at: 1 }))).toBe('quarantine verdicts v1: verdicts must be a list');
  });

  it('reads an empty set: every hold lifted', () => {
    expect(decode(QUARANTINE_VERDICTS_SCHEMA, { verdicts: [], at: 5 })).toEqual({ ok: true, value: { verdicts: [], at: 5 }, version: 1 });
  });
});

describe('model announcement', () => {
  it('reads an announcement without the model, or with a null one, as "load it from the store"', () => {
    expect(decode(MODEL_ANNOUNCEMENT_SCHEMA, { version: 'v7' })).toEqual({ ok: true, value: { version: 'v7' }, version: 1 });
    expect(decode(MODEL_ANNOUNCEMENT_SCHEMA, { version: 'v7', model: null })).toEqual({ ok: true, value: { version: 'v7' }, version: 1 });
  });

  it('refuses a model of another version than announced, and bad items, naming only the first few problems', () => {
    const relations = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p-${i}`, [{ productId: `q-${i}`, score: 'high' }]]));
    const reason = reasonOf(decode(MODEL_ANNOUNCEMENT_SCHEMA, { version: 'v7', model: { version: 'v6', relations, popular: [] } }));
    expect(reason).toBe(
      'model announcement v1: model.version must be the announced version v7 (is v6); ' +
        'model.relations["p-0"][0].score must be a finite number; model.relations["p-1"][0].score must be a finite number; ' +
        'model.relations["p-2"][0].score must be a finite number; model.relations["p-3"][0].score must be a finite number; and 4 more',
    );
  });

  it('refuses an announcement without a version', () => {
    expect(reasonOf(decode(MODEL_ANNOUNCEMENT_SCHEMA, { model: announcement.model }))).toContain('version must be a non-empty string');
  });
});

describe('alert change', () => {
  it('reads an alert still active (no clearedAt)', () => {
    const { clearedAt: _cleared, ...active } = alertChange.alert;
    const raised = { change: 'raised', alert: { ...active, active: true } };
    expect(decode(ALERT_CHANGE_SCHEMA, raised)).toEqual({ ok: true, value: raised, version: 1 });
  });

  it('refuses an unknown change and a missing alert', () => {
    expect(reasonOf(decode(ALERT_CHANGE_SCHEMA, { change: 'renamed', alert: alertChange.alert }))).toBe(
      'alert change v1: change must be one of raised, cleared',
    );
    expect(reasonOf(decode(ALERT_CHANGE_SCHEMA, { change: 'raised' }))).toBe('alert change v1: alert must be an object');
  });
});
