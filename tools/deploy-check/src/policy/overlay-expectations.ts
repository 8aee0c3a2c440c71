import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { PolicyRule, Violation } from './violation';

/** Quorum queues and a MongoDB majority both need 3 members to survive one loss. */
export const PROD_MIN_CLUSTER_SIZE = 3;
const CLUSTERED = ['rabbitmq', 'mongodb'];

function replicasOf(obj: K8sObject | undefined): number | undefined {
  return obj && isJsonMap(obj.spec) && typeof obj.spec.replicas === 'number' ? obj.spec.replicas : undefined;
}

/**
 * Per overlay: prod runs RabbitMQ and MongoDB as 3-member clusters; dev runs one pod per workload.
 * Everywhere: the replica-set init Job is told the StatefulSet's real size.
 */
export const overlayExpectationsRule: PolicyRule = {
  name: 'overlay-expectations',
  check(objects, context) {
    const violations: Violation[] = [];
    const report = (object: string, message: string) => violations.push({ rule: this.name, object, message });
    const statefulSet = (name: string) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name);
    if (context.overlay === 'prod') {
      for (const name of CLUSTERED) {
        const replicas = replicasOf(statefulSet(name)) ?? 1;
        if (replicas < PROD_MIN_CLUSTER_SIZE || replicas % 2 === 0) {
          report(
            `StatefulSet ${name}`,
            `prod needs an odd number of at least ${PROD_MIN_CLUSTER_SIZE} replicas for a majority, has ${replicas}`,
          );
        }
      }
    }
    if (context.overlay === 'dev') {
      for (const obj of objects) {
        const spec = isJsonMap(obj.spec) ? obj.spec : {};
        if (obj.kind === 'HorizontalPodAutoscaler' && spec.minReplicas !== 1)
          report(objectId(obj), 'dev runs single replicas: set minReplicas: 1');
        if (['Deployment', 'StatefulSet'].includes(obj.kind) && (replicasOf(obj) ?? 1) > 1)
          report(objectId(obj), 'dev runs single replicas');
      }
    }
    const mongoConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'mongodb-config');
    const declared = mongoConfig && isJsonMap(mongoConfig.data) ? Number(mongoConfig.data.MONGO_REPLICAS) : undefined;
    const actual = replicasOf(statefulSet('mongodb')) ?? 1;
    if (mongoConfig && declared !== actual) {
      report(
        objectId(mongoConfig),
        `MONGO_REPLICAS is ${declared} but StatefulSet mongodb runs ${actual}; the init Job would build the wrong replica set`,
      );
    }
    return violations;
  },
};
