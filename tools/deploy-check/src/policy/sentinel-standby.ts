import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

export const SENTINEL = 'quality-sentinel';
/** One active consumer and one standby. */
export const PROD_MIN_SENTINELS = 2;

function specOf(obj: K8sObject | undefined): Record<string, unknown> {
  return obj && isJsonMap(obj.spec) ? obj.spec : {};
}

/** Pods a PodDisruptionBudget lets an eviction take at once out of `replicas` (Kubernetes rounds percentages up). */
function evictable(pdb: Record<string, unknown>, replicas: number): number {
  const count = (value: unknown) =>
    typeof value === 'string' && value.endsWith('%') ? Math.ceil((replicas * Number(value.slice(0, -1))) / 100) : Number(value);
  if (pdb.maxUnavailable !== undefined) return count(pdb.maxUnavailable);
  if (pdb.minAvailable !== undefined) return replicas - count(pdb.minAvailable);
  return replicas;
}

/**
 * The sentinel's queue has a single active consumer: one replica detects, the others stand by and take
 * over as soon as it goes. Prod runs at least two, and their PodDisruptionBudget never lets a drain
 * evict all of them at once.
 */
export const sentinelStandbyRule: PolicyRule = {
  name: 'sentinel-standby',
  check(objects, context) {
    const violations: Violation[] = [];
    if (context.overlay !== 'prod') return violations;
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === SENTINEL);
    if (!deployment) return violations; // the workloads rule reports a missing service
    const hpa = objects.find(
      (o) => o.kind === 'HorizontalPodAutoscaler' && (specOf(o).scaleTargetRef as { name?: string } | undefined)?.name === SENTINEL,
    );
    const replicas = Number((hpa ? specOf(hpa).minReplicas : specOf(deployment).replicas) ?? 1);
    const report = (message: string) => violations.push({ rule: this.name, object: objectId(deployment), message });
    if (replicas < PROD_MIN_SENTINELS) {
      report(
        `prod runs ${replicas} replica(s); run at least ${PROD_MIN_SENTINELS} (set replicas: ${PROD_MIN_SENTINELS} in overlays/prod/sentinel-standby.yaml): ` +
          'one consumes the single-active-consumer queue, the other stands by and takes over within seconds instead of after a reschedule',
      );
      return violations;
    }
    const labels = podTemplates(objects).find((p) => p.owner === deployment)?.labels ?? {};
    for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
      const spec = specOf(pdb);
      if (!selectorMatches((spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels, labels)) continue;
      if (evictable(spec, replicas) >= replicas) {
        violations.push({
          rule: this.name,
          object: objectId(pdb),
          message: `lets a drain evict all ${replicas} sentinels at once; set maxUnavailable: 1 so the standby stays`,
        });
      }
    }
    return violations;
  },
};
