import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadCollectorConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadCollectorConfig());
void runService({ name: 'event-collector', logger: createLogger('event-collector', { level: config.logLevel }), drainTimeoutMs: config.drainTimeoutMs, start: () => start(config) });
