import type { IContainer } from 'kubernetes-models/v1/Container';
import { literalEnvironment } from './container-env';
import { isShelflifeImage, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/** The services' own default when SHELFLIFE_DRAIN_TIMEOUT_MS is unset. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;
/** Time after the drain for flushing spans and exiting. */
export const SHUTDOWN_MARGIN_MS = 5_000;

function preStopDelayMs(container: IContainer): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds * 1000;
  const command = preStop?.exec?.command ?? [];
  const seconds = command[0] === 'sleep' ? Number(command[1]) : 0;
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/**
 * SIGTERM arrives after the preStop hook; the service then drains for up to SHELFLIFE_DRAIN_TIMEOUT_MS.
 * The grace period must cover both plus a margin, or the kubelet's SIGKILL cuts the drain short.
 */
export const gracefulShutdownRule: PolicyRule = {
  name: 'graceful-shutdown',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects)) {
      const graceMs = (pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
      for (const container of (pod.spec.containers ?? []).filter((c) => isShelflifeImage(c.image))) {
        const env = literalEnvironment(container, objects, pod.owner.metadata.namespace);
        const drainText = env.get('SHELFLIFE_DRAIN_TIMEOUT_MS');
        const drainMs = drainText === undefined ? DEFAULT_DRAIN_TIMEOUT_MS : Number(drainText);
        if (!Number.isFinite(drainMs) || drainMs <= 0) {
          violations.push({
            rule: this.name,
            object: pod.ownerId,
            message: `container ${container.name}: SHELFLIFE_DRAIN_TIMEOUT_MS "${drainText}" is not a positive number of milliseconds`,
          });
          continue;
        }
        const neededMs = preStopDelayMs(container) + drainMs + SHUTDOWN_MARGIN_MS;
        if (graceMs < neededMs) {
          violations.push({
            rule: this.name,
            object: pod.ownerId,
            message:
              `container ${container.name}: terminationGracePeriodSeconds ${graceMs / 1000} is shorter than preStop + drain ` +
              `(SHELFLIFE_DRAIN_TIMEOUT_MS=${drainMs}) + ${SHUTDOWN_MARGIN_MS / 1000} s margin = ${neededMs / 1000} s`,
          });
        }
      }
    }
    return violations;
  },
};
