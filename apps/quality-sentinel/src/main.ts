import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadSentinelConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadSentinelConfig());
void runService({ name: 'quality-sentinel', logger: createLogger('quality-sentinel', { level: config.logLevel }), drainTimeoutMs: config.drainTimeoutMs, start: () => start(config) });
