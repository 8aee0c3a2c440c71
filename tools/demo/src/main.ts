import * as path from 'node:path';
import { parseCommandLine } from '@shelflife/config';
import { runShoppers, FaultSwitch, SIM_SOURCES } from '@shelflife/shopper-sim';
import { chooseMode } from './choose-mode';
import { buildConsolePages, spansToConsole, startConsoleBeside } from './console-beside';
import { makeDemoKeys } from './demo-keys';
import { startDemoPipeline } from './demo-pipeline';

/** The source the console's storefront clicks carry (its key's). */
const CONSOLE_SOURCE = 'console';

/**
 * `npm run demo [-- --duration S]`: the whole pipeline plus the shopper simulator, on RabbitMQ when a
 * broker is configured or reachable, else all in one process on the embedded bus and store.
 */
async function main(): Promise<number> {
  const { values } = parseCommandLine({
    command: 'npm run demo --',
    description:
      'the whole pipeline with the shopper simulator and the console: on RabbitMQ when a broker is configured or answers, else all in one process (--embedded forces it)',
    config: {
      options: {
        duration: { type: 'string' },
        sessions: { type: 'string', default: '15' },
        seed: { type: 'string', default: '42' },
        embedded: { type: 'boolean', default: false },
        fault: { type: 'string', default: 'none' },
        'console-port': { type: 'string', default: process.env.SHELFLIFE_CONSOLE_PORT ?? '8090' },
      },
    },
  });
  const faults = new FaultSwitch(values.fault);
  const consolePort = Number(values['console-port']);
  if (!Number.isInteger(consolePort) || consolePort < 0 || consolePort > 65535)
    throw new Error('--console-port (or SHELFLIFE_CONSOLE_PORT) must be a port number');
  const durationSeconds = values.duration === undefined ? Infinity : Number(values.duration);
  if (!(durationSeconds > 0)) throw new Error('--duration must be a positive number of seconds');
  const root = path.resolve(__dirname, '../../..');
  const mode = await chooseMode(process.env, values.embedded);
  console.log(
    `mode: ${mode.kind === 'rabbitmq' ? 'five processes on RabbitMQ' : 'all services in one process (embedded bus and store)'} — ${mode.why}`,
  );
  buildConsolePages(root);
  // The services send their spans to the console (the click-path page), so its port is fixed first.
  const env = spansToConsole(process.env, consolePort);
  // Ingest keys on, as in a deployment: a new key per source for this run, the gateway reading their hashes.
  const keys = makeDemoKeys([...SIM_SOURCES, CONSOLE_SOURCE]);
  process.once('exit', () => keys.remove());
  console.log(`ingest keys: the gateway reads ${keys.keysFile}; the keys are in ${keys.envFile} (. it for $WEB_KEY)`);
  if (mode.kind === 'embedded') Object.assign(process.env, env); // the all-in-one's telemetry reads this process's environment
  const started = await startDemoPipeline({ mode, root, env: mode.kind === 'embedded' ? process.env : env, keysFile: keys.keysFile });
  const pipeline = started.pipeline;
  if (started.kind === 'rabbitmq') console.log(`the services' logs are in ${path.join(started.dataDir, 'logs')}`);
  const consoleHandle = await startConsoleBeside(pipeline, {
    // The console's storefront page sends its clicks with its own key (their source: "console").
    env: { ...process.env, SHELFLIFE_CONSOLE_INGEST_KEY: keys.bySource[CONSOLE_SOURCE] },
    port: consolePort,
    faults,
    ...(started.kind === 'embedded'
      ? { store: started.pipeline.store }
      : // Each service owns its embedded store folder (@shelflife/harness serviceEnv): the console reads a copy of
        // the aggregator's for the revenue page; everything else, and every action, goes through the services' APIs.
        { aggregatorStoreDir: path.join(started.dataDir, 'batch-aggregator', 'aggregator') }),
  }).catch(async (error: Error) => {
    await pipeline.stop();
    throw error;
  });
  console.log(
    `gateway listening on ${pipeline.gatewayUrl}  (try: curl '${pipeline.gatewayUrl}/v1/recommendations?productId=phone-aurora-x1')`,
  );
  if (pipeline.adminUrl) console.log(`metrics on ${pipeline.adminUrl}/metrics`);
  console.log(`console: ${consoleHandle.url}  (storefront, pipeline, data quality, revenue, click path)`);

  let interrupted = false;
  const controller = new AbortController();
  process.once('SIGINT', () => {
    interrupted = true;
    controller.abort();
  });
  const summary = await runShoppers({
    gatewayUrl: pipeline.gatewayUrl,
    durationMs: Number.isFinite(durationSeconds) ? durationSeconds * 1000 : 365 * 24 * 3600 * 1000,
    sessionsPerSecond: Number(values.sessions),
    maxConcurrentSessions: 500,
    thinkTimeMs: 40,
    seed: Number(values.seed),
    reportEveryMs: 2_000,
    onReport: (line) => console.log(line),
    signal: controller.signal,
    faults,
    ingestKeys: keys.bySource,
  });
  console.log(`summary: ${JSON.stringify(summary)}`);
  if (interrupted) {
    // Ctrl-C reached the services too (one process group): they are draining, so there is nothing left
    // to ask; stop what is still running and say so, instead of failing on a closed gateway.
    await consoleHandle.stop().catch(() => undefined);
    await pipeline.stop().catch(() => undefined);
    console.log('stopped on Ctrl-C');
    return 0;
  }
  const answer = (await (await fetch(`${pipeline.gatewayUrl}/v1/recommendations?productId=phone-aurora-x1&limit=5`)).json()) as {
    items: { productId: string; score: number }[];
    source: string;
    modelVersion: string;
  };
  console.log(
    `recommendations for phone-aurora-x1 (${answer.source}, model ${answer.modelVersion}): ${answer.items.map((i) => `${i.productId} (${i.score.toFixed(3)})`).join(', ')}`,
  );
  const ids = answer.items.map((i) => i.productId);
  const ok = ids.includes('case-aurora-x1') && ids.includes('charger-usbc-30w');
  console.log(
    ok ? 'check: the phone brings its case and charger ✓' : "check: the case and charger are NOT among the phone's recommendations ✗",
  );
  await consoleHandle.stop();
  await pipeline.stop();
  console.log('stopped');
  return ok && summary.events.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`demo failed: ${error.message}`);
    process.exit(1);
  },
);
