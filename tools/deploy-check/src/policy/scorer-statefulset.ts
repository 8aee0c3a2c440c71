import * as path from 'node:path';
import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { literalEnvironment } from './container-env';
import { podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

export const STREAM_SCORER = 'stream-scorer';

function specOf(obj: K8sObject | undefined): Record<string, unknown> {
  return obj && isJsonMap(obj.spec) ? obj.spec : {};
}

/**
 * Every scorer replica reads the whole event stream and snapshots its model, with the stream offset it
 * covers, to STORE_DIR; after a restart it replays only what follows. So the scorer is a StatefulSet
 * whose volume claim is mounted at STORE_DIR (else a restart replays the whole retained stream), with
 * serviceName a headless Service selecting its pods, started in Parallel (replicas do not wait for each
 * other's replay).
 */
export const scorerStatefulSetRule: PolicyRule = {
  name: 'scorer-statefulset',
  check(objects) {
    const violations: Violation[] = [];
    const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === STREAM_SCORER);
    if (!set) {
      const other = objects.find((o) => o.metadata.name === STREAM_SCORER && ['Deployment', 'ReplicaSet', 'DaemonSet'].includes(o.kind));
      violations.push({
        rule: this.name,
        object: other ? objectId(other) : `StatefulSet ${STREAM_SCORER}`,
        message:
          'run the scorer as a StatefulSet with a volumeClaimTemplate: each replica needs its own volume for its model snapshot, else every restart replays the whole retained stream',
      });
      return violations;
    }
    const report = (message: string) => violations.push({ rule: this.name, object: objectId(set), message });
    const spec = specOf(set);
    const namespace = set.metadata.namespace;
    const pod = podTemplates(objects).find((p) => p.owner === set);

    const serviceName = typeof spec.serviceName === 'string' ? spec.serviceName : undefined;
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === serviceName && o.metadata.namespace === namespace);
    const selector = specOf(service).selector as Record<string, string> | undefined;
    if (!serviceName) report(`set serviceName to a headless Service that selects the scorer's pods (${STREAM_SCORER}-headless)`);
    else if (!service)
      report(
        `serviceName ${serviceName} names no Service in namespace ${namespace ?? '(none)'}; point it at the headless Service ${STREAM_SCORER}-headless`,
      );
    else if (specOf(service).clusterIP !== 'None')
      report(`serviceName ${serviceName} is not headless: set clusterIP: None on it, or point serviceName at ${STREAM_SCORER}-headless`);
    else if (!pod || !selectorMatches(selector, pod.labels))
      report(`serviceName ${serviceName} does not select the scorer's pods: its selector must match the pod template's labels`);

    if (spec.podManagementPolicy !== 'Parallel') {
      report(
        'set podManagementPolicy: Parallel: with OrderedReady each replica waits for the one before it to replay the stream and become ready',
      );
    }

    const claims = ((spec.volumeClaimTemplates as { metadata?: { name?: string } }[] | undefined) ?? []).map((c) => c.metadata?.name ?? '');
    const container = pod?.spec.containers?.find((c) => c.name === STREAM_SCORER) ?? pod?.spec.containers?.[0];
    if (claims.length === 0) {
      report('add a volumeClaimTemplate for the model snapshot and mount it at STORE_DIR');
    } else if (container) {
      const storeDir = literalEnvironment(container, objects, namespace).get('STORE_DIR');
      const mounts = (container.volumeMounts ?? []).filter((m) => claims.includes(m.name));
      const onClaim =
        storeDir !== undefined && mounts.some((m) => storeDir === m.mountPath || storeDir.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
      const where = mounts[0]?.mountPath ?? `the mountPath of volume claim ${claims[0]}`;
      if (storeDir === undefined || !path.posix.isAbsolute(storeDir)) {
        report(
          `container ${container.name}: set STORE_DIR to ${where} (it is ${storeDir === undefined ? 'unset' : `"${storeDir}"`}, so the snapshot would go under the read-only /app and be lost)`,
        );
      } else if (!onClaim) {
        report(
          `container ${container.name}: STORE_DIR ${storeDir} is not on volume claim ${claims.join(', ')}; mount the claim at ${storeDir} (or set STORE_DIR to ${where}) so the snapshot survives a restart`,
        );
      }
    }
    return violations;
  },
};
