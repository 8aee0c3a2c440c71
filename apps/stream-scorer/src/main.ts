import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadScorerConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadScorerConfig());
void runService({ name: 'stream-scorer', logger: createLogger('stream-scorer', { level: config.logLevel }), drainTimeoutMs: config.drainTimeoutMs, start: () => start(config) });
