import './instrument';
import { configOrExit, runService } from '@shelflife/service-kit';
import { createLogger } from '@shelflife/telemetry';
import { loadGatewayConfig } from './config';
import { start } from './app';

const config = configOrExit(() => loadGatewayConfig());
void runService({
  name: 'storefront-gateway',
  logger: createLogger('storefront-gateway', { level: config.logLevel }),
  drainTimeoutMs: config.drainTimeoutMs,
  start: () => start(config),
});
