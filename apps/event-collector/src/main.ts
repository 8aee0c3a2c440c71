import './instrument';
import { runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadCollectorConfig } from './config';
import { start } from './app';

const config = loadCollectorConfig();
void runService({ name: 'event-collector', logger: createLogger('event-collector', { level: config.logLevel }), drainTimeoutMs: config.drainTimeoutMs, start: () => start(config) });
