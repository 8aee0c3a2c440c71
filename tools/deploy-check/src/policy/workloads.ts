import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/**
 * The Shelflife services, each a Deployment (or the StatefulSet of STATEFUL_SERVICES) of that name running
 * dist/apps/<name>/main.js; the console is one too (internal only: network-policies keeps it unexposed).
 */
export const SERVICES = [
  'storefront-gateway',
  'event-collector',
  'stream-scorer',
  'quality-sentinel',
  'batch-aggregator',
  'console',
] as const;
/** Services whose replicas each keep state on their own volume: the scorer's model snapshot (scorer-statefulset.ts). */
export const STATEFUL_SERVICES: readonly string[] = ['stream-scorer'];

export function serviceKind(service: string): 'Deployment' | 'StatefulSet' {
  return STATEFUL_SERVICES.includes(service) ? 'StatefulSet' : 'Deployment';
}
/** Services that scale with traffic and so need an autoscaler. */
export const AUTOSCALED = ['storefront-gateway', 'event-collector', 'stream-scorer'] as const;
export const NIGHTLY_BATCH = 'batch-aggregator-nightly';

function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

function spec(obj: K8sObject | undefined): Record<string, unknown> {
  return obj && isJsonMap(obj.spec) ? obj.spec : {};
}

/**
 * What the issue asks of each workload: every service a Deployment (the scorer a StatefulSet) with its own ServiceAccount (no API
 * token), a PodDisruptionBudget, an autoscaler where traffic varies; the nightly CronJob never
 * overlapping and keeping a bounded history; StatefulSets keeping their data on persistent volumes.
 */
export const workloadsRule: PolicyRule = {
  name: 'workloads',
  check(objects) {
    const violations: Violation[] = [];
    const report = (object: string, message: string) => violations.push({ rule: this.name, object, message });
    const pods = podTemplates(objects);
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    for (const service of SERVICES) {
      const kind = serviceKind(service);
      const deployment = find(objects, kind, service);
      if (!deployment) {
        report(`${kind} ${service}`, `missing: every Shelflife service runs as a ${kind} named after it`);
        continue;
      }
      const pod = pods.find((p) => p.owner === deployment);
      const main = pod?.spec.containers?.[0];
      const command = [...(main?.command ?? []), ...(main?.args ?? [])].join(' ');
      if (!command.includes(`dist/apps/${service}/main.js`))
        report(objectId(deployment), `must run dist/apps/${service}/main.js, runs "${command}"`);
      const account = pod?.spec.serviceAccountName;
      if (!account || account === 'default') report(objectId(deployment), 'needs its own serviceAccountName');
      if (pod?.spec.automountServiceAccountToken !== false)
        report(objectId(deployment), 'set automountServiceAccountToken: false (the services never call the Kubernetes API)');
      if (
        pod &&
        !pdbs.some((pdb) => selectorMatches((spec(pdb).selector as { matchLabels?: Record<string, string> })?.matchLabels, pod.labels))
      ) {
        report(objectId(deployment), 'no PodDisruptionBudget selects its pods');
      }
    }
    for (const service of AUTOSCALED) {
      const hpa = objects.find(
        (o) => o.kind === 'HorizontalPodAutoscaler' && (spec(o).scaleTargetRef as { name?: string })?.name === service,
      );
      if (!hpa) report(`${serviceKind(service)} ${service}`, 'needs a HorizontalPodAutoscaler');
    }
    const cronJob = find(objects, 'CronJob', NIGHTLY_BATCH);
    if (!cronJob) report(`CronJob ${NIGHTLY_BATCH}`, 'missing: the nightly batch runs as a CronJob');
    else {
      const cron = spec(cronJob);
      if (cron.concurrencyPolicy !== 'Forbid') report(objectId(cronJob), 'set concurrencyPolicy: Forbid (overlapping runs double-count)');
      if (typeof cron.successfulJobsHistoryLimit !== 'number' || typeof cron.failedJobsHistoryLimit !== 'number') {
        report(objectId(cronJob), 'set successfulJobsHistoryLimit and failedJobsHistoryLimit');
      }
      const main = pods.find((p) => p.owner === cronJob)?.spec.containers?.[0];
      const command = [...(main?.command ?? []), ...(main?.args ?? [])].join(' ');
      if (!command.includes('dist/apps/batch-aggregator/cli.js') || !command.includes('--once')) {
        report(objectId(cronJob), `must run dist/apps/batch-aggregator/cli.js --once, runs "${command}"`);
      }
    }
    for (const set of objects.filter((o) => o.kind === 'StatefulSet')) {
      const claims = (spec(set).volumeClaimTemplates as { metadata?: { name?: string } }[] | undefined) ?? [];
      const mounts = pods.find((p) => p.owner === set)?.spec.containers?.flatMap((c) => c.volumeMounts ?? []) ?? [];
      if (claims.length === 0) report(objectId(set), 'needs volumeClaimTemplates: its data must survive a pod restart');
      for (const claim of claims) {
        if (!mounts.some((m) => m.name === claim.metadata?.name))
          report(objectId(set), `volume claim ${claim.metadata?.name} is not mounted by any container`);
      }
    }
    return violations;
  },
};
