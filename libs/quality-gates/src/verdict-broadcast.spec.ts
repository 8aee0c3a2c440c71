import pino from 'pino';
import { CONTROL_SCHEMA_VERSION_HEADER } from '@shelflife/contracts';
import { headers, type IncomingMessage } from '@shelflife/bus';
import type { QuarantineVerdict } from '@shelflife/quality';
import { metrics } from '@shelflife/telemetry';
import { QuarantineGate } from './quarantine-gate';
import { encodeVerdictBroadcast, receiveVerdictBroadcast } from './verdict-broadcast';

const verdict: QuarantineVerdict = {
  alertId: 'duplicate_events:app:*#1',
  kind: 'duplicate_events',
  source: 'app',
  eventType: '*',
  currency: '*',
  field: 'eventId',
  sinceEventIndex: 4,
  sinceEventId: '',
  since: 1_764_000_000_000,
  reason: 'retry storm',
};

const receiver = { consumer: 'verdict-broadcast-spec', logger: pino({ level: 'silent' }) };

function incoming(encoded: { body: Buffer; headers?: Record<string, unknown> }): IncomingMessage {
  return { exchange: 'x.control', routingKey: 'quarantine.verdict', body: encoded.body, headers: encoded.headers ?? {}, attempt: 1 };
}

async function refusals(): Promise<number> {
  const metric = await metrics().controlRejected.get();
  return metric.values.filter((v) => v.labels.consumer === receiver.consumer).reduce((sum, v) => sum + v.value, 0);
}

it('carries its version in the header events carry theirs in', () => {
  expect(CONTROL_SCHEMA_VERSION_HEADER).toBe(headers.schemaVersion);
});

it('gives the gate the verdicts the sentinel broadcast', () => {
  const read = receiveVerdictBroadcast(incoming(encodeVerdictBroadcast([verdict], 5)), receiver);
  expect(read).toEqual({ ok: true, verdicts: [verdict] });
  const gate = new QuarantineGate();
  if (read.ok) gate.update(read.verdicts);
  expect(
    gate.holding({ eventId: 'e', type: 'view', userId: '', sessionId: 's', productId: 'p', quantity: 1, occurredAt: 0, source: 'app' }),
  ).toEqual(verdict);
});

it('refuses, logs and counts a broadcast it cannot read, and one naming an alert kind this release does not know', async () => {
  const before = await refusals();
  const malformed = receiveVerdictBroadcast(incoming({ body: Buffer.from('{"verdicts": 3, "at": 1}') }), receiver);
  expect(malformed).toEqual({ ok: false, reason: 'quarantine verdicts v1: verdicts must be a list' });
  const newer = receiveVerdictBroadcast(
    incoming({ body: encodeVerdictBroadcast([verdict]).body, headers: { [CONTROL_SCHEMA_VERSION_HEADER]: 3 } }),
    receiver,
  );
  expect(newer.ok).toBe(false);
  const unknownKind = receiveVerdictBroadcast(
    incoming({ body: Buffer.from(JSON.stringify({ verdicts: [{ ...verdict, kind: 'mood_swing' }], at: 1 })) }),
    receiver,
  );
  expect(unknownKind).toEqual({
    ok: false,
    reason: 'quarantine verdicts v1: alert kind mood_swing is unknown to this release (the sentinel is newer): upgrade this service',
  });
  expect(await refusals()).toBe(before + 3);
});
