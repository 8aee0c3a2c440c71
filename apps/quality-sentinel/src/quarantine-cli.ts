/**
 * What a person does with quarantined events once the cause is understood (the console's quality page
 * does the same through the same QuarantineActions):
 *   npm run quarantine -- list [--alert ID]
 *   npm run quarantine -- replay --alert ID     (publish them again through the contract's rules; consumers are idempotent on eventId)
 *   npm run quarantine -- discard --alert ID    (delete them for good)
 * Uses the sentinel's store (MONGO_URL, or STORE_DIR/sentinel) and, for replay, AMQP_URL.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createBus, busOptionsFrom } from '@shelflife/bus';
import { IN_MEMORY, openStore } from '@shelflife/store';
import { configOrExit } from '@shelflife/service-kit';
import { QuarantineActions } from '@shelflife/quality-gates';
import { createLogger } from '@shelflife/telemetry';
import { loadSentinelConfig } from './config';

const USAGE = `usage: npm run quarantine -- list [--alert ALERT_ID]
       npm run quarantine -- replay --alert ALERT_ID
       npm run quarantine -- discard --alert ALERT_ID
Lists, replays (publishes again through the contract's rules) or discards the events a quarantine verdict held back.
Reads the sentinel's store (MONGO_URL, else STORE_DIR/sentinel); replay also needs AMQP_URL.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { alert: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const action = positionals[0];
  if (action !== 'list' && action !== 'replay' && action !== 'discard')
    throw new Error(`unknown action ${JSON.stringify(action ?? '')}\n${USAGE}`);
  if (action !== 'list' && !values.alert)
    throw new Error(`${action} needs --alert ALERT_ID (see "quarantine list"): a whole-store ${action} is too easy to regret`);
  const config = configOrExit(() => loadSentinelConfig());
  const store = await openStore({
    mongoUrl: config.mongoUrl,
    dbName: config.mongoDb,
    storeDir: config.storeDir === IN_MEMORY ? IN_MEMORY : path.join(config.storeDir, 'sentinel'),
  });
  const actions = new QuarantineActions(store);
  try {
    if (action === 'list') {
      const rows = await actions.list(values.alert);
      // Silence would look like a failure: say what was looked at.
      if (rows.length === 0)
        process.stderr.write(`nothing is quarantined${values.alert ? ` for alert ${values.alert}` : ''} (store: ${store.kind})\n`);
      for (const row of rows)
        console.log(
          JSON.stringify({
            alertId: row.alertId,
            events: row.events,
            from: new Date(row.from).toISOString(),
            to: new Date(row.to).toISOString(),
          }),
        );
      return 0;
    }
    const alertId = values.alert as string;
    if (action === 'discard') {
      console.log(JSON.stringify(await actions.discard(alertId)));
      return 0;
    }
    if (!config.amqpUrl) throw new Error('replay publishes to RabbitMQ: set AMQP_URL');
    const bus = createBus({
      ...busOptionsFrom(config),
      logger: createLogger('quarantine', { level: 'warn', destination: process.stderr }),
    });
    await bus.start();
    try {
      const result = await actions.replay(alertId, bus, config.busPrefix, { maxFutureSkewMs: config.maxFutureSkewMs });
      console.log(JSON.stringify(result));
      if (result.refused)
        process.stderr.write(
          `${result.refused} event(s) stayed in the quarantine: the contract's rules refuse them now (see refusedExamples); discard them or fix and resend them at the source\n`,
        );
    } finally {
      await bus.close();
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`quarantine: ${error.message}\n`);
    process.exit(1);
  },
);
