import { parseCommandLine } from '@shelflife/config';
import { FaultSwitch, FAULTS } from './faults';
import { runShoppers } from './shopper-driver';

/** Stand-alone shopper simulator: `tsx tools/shopper-sim/src/main.ts --gateway http://localhost:8080 --duration 30 [--fault price-x0.92]`. */
async function main(): Promise<void> {
  const { values } = parseCommandLine({
    command: 'npm run shopper-sim --',
    description: 'simulated shoppers posting events to a running gateway (with an optional fault such as price-x0.92)',
    config: {
      options: {
        gateway: { type: 'string', default: process.env.SHELFLIFE_GATEWAY_URL ?? 'http://localhost:8080' },
        duration: { type: 'string', default: '30' },
        sessions: { type: 'string', default: '20' },
        seed: { type: 'string', default: '42' },
        fault: { type: 'string', default: 'none' },
      },
    },
  });
  let faults: FaultSwitch;
  try {
    faults = new FaultSwitch(values.fault);
  } catch (error) {
    console.error(`--fault: ${(error as Error).message} (known: ${FAULTS.join(', ')})`);
    process.exit(2);
  }
  const summary = await runShoppers({
    gatewayUrl: values.gateway!,
    durationMs: Number(values.duration) * 1000,
    sessionsPerSecond: Number(values.sessions),
    maxConcurrentSessions: 500,
    thinkTimeMs: 50,
    seed: Number(values.seed),
    reportEveryMs: 2_000,
    onReport: (line) => console.log(line),
    faults,
  });
  console.log(JSON.stringify(summary));
}

void main();
