import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadConsoleConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadConsoleConfig());
void runService({
  name: 'console',
  logger: createLogger('console', { level: config.logLevel }),
  drainTimeoutMs: config.drainTimeoutMs,
  start: () => start(config),
});
