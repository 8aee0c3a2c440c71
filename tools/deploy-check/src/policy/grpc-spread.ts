import { isJsonMap, type K8sObject } from '../k8s-object';
import { literalEnvironment } from './container-env';
import { isShelflifeImage, podTemplates } from './pod-templates';
import type { PolicyRule, Violation } from './violation';

/** The gRPC targets of replicated services whose calls must spread over every pod. */
export const SPREAD_TARGETS = ['SHELFLIFE_COLLECTOR_ADDR', 'SHELFLIFE_SCORER_ADDR'] as const;

function isHeadless(service: K8sObject): boolean {
  return isJsonMap(service.spec) && service.spec.clusterIP === 'None';
}

/**
 * A ClusterIP Service gives a gRPC client one address, and one HTTP/2 connection to it stays on one
 * pod: the HPA's extra collectors and scorers would get no calls. The clients spread with round_robin
 * over every address they resolve, so a replicated service's target must be `dns:///<service>:<port>`
 * naming a headless Service (clusterIP: None) of the same namespace.
 */
export const grpcSpreadRule: PolicyRule = {
  name: 'grpc-spread',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects)) {
      const namespace = pod.owner.metadata.namespace;
      for (const container of (pod.spec.containers ?? []).filter((c) => isShelflifeImage(c.image))) {
        const env = literalEnvironment(container, objects, namespace);
        for (const variable of SPREAD_TARGETS) {
          const target = env.get(variable);
          if (target === undefined) continue;
          const match = /^dns:\/\/\/([^:/.]+)(?:\.[^:/]+)?:(\d+)$/.exec(target);
          const service = match
            ? objects.find((o) => o.kind === 'Service' && o.metadata.name === match[1] && o.metadata.namespace === namespace)
            : undefined;
          if (!match) {
            violations.push({
              rule: this.name,
              object: pod.ownerId,
              message: `container ${container.name}: ${variable}="${target}" gives the client one address; use dns:///<headless service>:<port> so calls spread over every pod`,
            });
          } else if (!service) {
            violations.push({
              rule: this.name,
              object: pod.ownerId,
              message: `container ${container.name}: ${variable} names Service "${match[1]}", which is not in namespace ${namespace ?? '(none)'}`,
            });
          } else if (!isHeadless(service)) {
            violations.push({
              rule: this.name,
              object: pod.ownerId,
              message: `container ${container.name}: ${variable} names Service "${match[1]}", which is not headless (set clusterIP: None) so DNS gives one virtual IP, not the pods`,
            });
          }
        }
      }
    }
    return violations;
  },
};
