import type { Logger } from 'pino';
import { shutdownTelemetry } from '@shelflife/telemetry';

/** What every app's start(config) returns. */
export interface ServiceHandle {
  /** Stop intake, finish in-flight work, ack or requeue, close connections. */
  stop(): Promise<void>;
}

/**
 * The life of a service process: signal handlers are registered before start so that a SIGTERM
 * during start-up still drains; on a signal: stop (bounded by the drain timeout), flush spans, exit.
 */
export async function runService(options: {
  name: string;
  logger: Logger;
  drainTimeoutMs: number;
  start: () => Promise<ServiceHandle>;
}): Promise<void> {
  const { logger } = options;
  let handle: ServiceHandle | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${options.name} draining`);
    const timer = setTimeout(() => {
      logger.error({ drainTimeoutMs: options.drainTimeoutMs }, 'drain took too long; exiting anyway');
      process.exit(1);
    }, options.drainTimeoutMs);
    timer.unref();
    try {
      await startup.catch(() => undefined);
      await handle?.stop();
      await shutdownTelemetry();
      logger.info(`${options.name} stopped`);
      process.exit(0);
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  const startup = options.start().then((started) => {
    handle = started;
  });
  try {
    await startup;
  } catch (error) {
    logger.fatal({ err: (error as Error).message }, `${options.name} failed to start`);
    await shutdownTelemetry();
    process.exit(1);
  }
}

/** Reads the configuration or exits with the list of bad variables (no stack trace: it is the operator's input). */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if ((error as Error).name === 'ConfigError') {
      process.stderr.write(
        `${(error as Error).message}\nFix the variables above (see the README's configuration table) and start again.\n`,
      );
      process.exit(2);
    }
    throw error;
  }
}
