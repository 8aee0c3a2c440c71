/**
 * What a person does with quarantined events once the cause is understood:
 *   npm run quarantine -- list [--alert ID]
 *   npm run quarantine -- replay --alert ID     (publish them again; consumers are idempotent on eventId)
 *   npm run quarantine -- discard --alert ID    (delete them for good)
 * Uses the sentinel's store (MONGO_URL, or STORE_DIR/sentinel) and, for replay, AMQP_URL.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SCHEMA_VERSION } from '@shelflife/contracts';
import { createBus, busOptionsFrom, encodeEnvelope, topology } from '@shelflife/bus';
import { openStore } from '@shelflife/store';
import { configOrExit } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadSentinelConfig } from './config';
import { QUARANTINED_EVENTS, type QuarantinedEvent } from './sentinel-state';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { alert: { type: 'string' } } });
  const action = positionals[0];
  if (!['list', 'replay', 'discard'].includes(action ?? '')) throw new Error('usage: quarantine list|replay|discard [--alert ALERT_ID]');
  if (action !== 'list' && !values.alert) throw new Error(`${action} needs --alert ALERT_ID (see "quarantine list"): a whole-store ${action} is too easy to regret`);
  const config = configOrExit(() => loadSentinelConfig());
  const store = await openStore({ mongoUrl: config.mongoUrl, dbName: config.mongoDb, storeDir: config.storeDir === ':memory:' ? ':memory:' : path.join(config.storeDir, 'sentinel') });
  const kept = store.collection<QuarantinedEvent>(QUARANTINED_EVENTS);
  const filter = values.alert ? { alertIds: values.alert } : {};
  try {
    if (action === 'list') {
      const byAlert = await kept.aggregate<{ _id: string; events: number; from: number; to: number }>([
        { $match: filter }, { $unwind: '$alertIds' }, { $group: { _id: '$alertIds', events: { $sum: 1 }, from: { $min: '$ingestedAt' }, to: { $max: '$ingestedAt' } } }, { $sort: { _id: 1 } },
      ]);
      for (const row of byAlert) console.log(JSON.stringify({ alertId: row._id, events: row.events, from: new Date(row.from).toISOString(), to: new Date(row.to).toISOString() }));
      return 0;
    }
    const events = await kept.find(filter, { sort: { ingestedAt: 1 } });
    if (action === 'replay') {
      if (!config.amqpUrl) throw new Error('replay publishes to RabbitMQ: set AMQP_URL');
      const bus = createBus({ ...busOptionsFrom(config), logger: createLogger('quarantine', { level: 'warn', destination: process.stderr }) });
      await bus.start();
      const names = topology(config.busPrefix);
      for (const kept of events) {
        await bus.publish(encodeEnvelope(names.exchanges.events, { schemaVersion: SCHEMA_VERSION, eventId: kept.event.eventId, ingestedAt: Date.now(), event: kept.event }));
      }
      await bus.close();
    }
    const { deleted } = await kept.deleteMany({ _id: { $in: events.map((e) => e._id) } });
    console.log(JSON.stringify({ action, alertId: values.alert, events: events.length, removedFromQuarantine: deleted }));
    return 0;
  } finally {
    await store.close();
  }
}

main().then((code) => process.exit(code), (error: Error) => {
  process.stderr.write(`quarantine: ${error.message}\n`);
  process.exit(1);
});
