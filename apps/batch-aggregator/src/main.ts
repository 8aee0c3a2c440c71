import './instrument';
import { brokerForStandalone } from '@shelflife/bus';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadAggregatorConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadAggregatorConfig());
const logger = createLogger('batch-aggregator', { level: config.logLevel });
// Started by hand (nx serve) without AMQP_URL: the local broker when one answers, else alone, said loudly.
void runService({
  name: 'batch-aggregator',
  logger,
  drainTimeoutMs: config.drainTimeoutMs,
  start: async () => {
    const amqpUrl = await brokerForStandalone(config.amqpUrl, logger);
    return start(amqpUrl ? { ...config, amqpUrl } : config);
  },
});
