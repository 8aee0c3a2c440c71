import { parseArgs } from 'node:util';
import { runShoppers } from './shopper-driver';

/** Stand-alone shopper simulator: `tsx tools/shopper-sim/src/main.ts --gateway http://localhost:8080 --duration 30`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string', default: process.env.SHELFLIFE_GATEWAY_URL ?? 'http://localhost:8080' },
      duration: { type: 'string', default: '30' },
      sessions: { type: 'string', default: '20' },
      seed: { type: 'string', default: '42' },
    },
  });
  const summary = await runShoppers({
    gatewayUrl: values.gateway!, durationMs: Number(values.duration) * 1000, sessionsPerSecond: Number(values.sessions),
    maxConcurrentSessions: 500, thinkTimeMs: 50, seed: Number(values.seed), reportEveryMs: 2_000, onReport: (line) => console.log(line),
  });
  console.log(JSON.stringify(summary));
}

void main();
