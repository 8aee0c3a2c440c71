import { parseQuantity } from './quantity';
import { allContainers, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

const RESOURCES = ['cpu', 'memory'] as const;

/** Requests and limits for CPU and memory on every container, with requests not above limits. */
export const containerResourcesRule: PolicyRule = {
  name: 'container-resources',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects)) {
      for (const { container, where } of allContainers(pod)) {
        const report = (message: string) => violations.push({ rule: this.name, object: pod.ownerId, message: `${where}: ${message}` });
        for (const resource of RESOURCES) {
          const requested = container.resources?.requests?.[resource];
          const limit = container.resources?.limits?.[resource];
          if (requested === undefined) report(`set resources.requests.${resource}`);
          if (limit === undefined) report(`set resources.limits.${resource}`);
          if (requested === undefined || limit === undefined) continue;
          const requestedValue = parseQuantity(requested);
          const limitValue = parseQuantity(limit);
          if (requestedValue === undefined || limitValue === undefined) {
            report(`${resource} quantities "${requested}"/"${limit}" are not valid Kubernetes quantities`);
          } else if (requestedValue > limitValue) {
            report(`resources.requests.${resource} (${requested}) exceeds resources.limits.${resource} (${limit})`);
          }
        }
      }
    }
    return violations;
  },
};
