import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadAggregatorConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadAggregatorConfig());
void runService({ name: 'batch-aggregator', logger: createLogger('batch-aggregator', { level: config.logLevel }), drainTimeoutMs: config.drainTimeoutMs, start: () => start(config) });
