import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { isJsonMap, K8sObject, objectId } from '../k8s-object';

/** A pod template found in a workload, with where it came from. */
export interface PodTemplate {
  owner: K8sObject;
  ownerId: string;
  labels: Record<string, string>;
  spec: IPodSpec;
  /** Deployments, StatefulSets and DaemonSets run forever and need probes; Jobs and CronJobs finish. */
  longRunning: boolean;
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function templateAt(obj: K8sObject): unknown {
  const spec = obj.spec;
  if (!isJsonMap(spec)) return undefined;
  if (obj.kind === 'CronJob') {
    const job = spec.jobTemplate;
    return isJsonMap(job) && isJsonMap(job.spec) ? job.spec.template : undefined;
  }
  return spec.template;
}

export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  const result: PodTemplate[] = [];
  for (const obj of objects) {
    const template = obj.kind === 'Pod' ? obj : templateAt(obj);
    if (!isJsonMap(template) || !isJsonMap(template.spec)) continue;
    const metadata = isJsonMap(template.metadata) ? template.metadata : {};
    result.push({
      owner: obj,
      ownerId: objectId(obj),
      labels: (isJsonMap(metadata.labels) ? metadata.labels : {}) as Record<string, string>,
      spec: template.spec as unknown as IPodSpec,
      longRunning: LONG_RUNNING.has(obj.kind) || obj.kind === 'Pod',
    });
  }
  return result;
}

/** Containers and init containers, each with a label for messages. */
export function allContainers(pod: PodTemplate): { container: IContainer; where: string; init: boolean }[] {
  const main = (pod.spec.containers ?? []).map((container) => ({ container, where: `container ${container.name}`, init: false }));
  const init = (pod.spec.initContainers ?? []).map((container) => ({ container, where: `init container ${container.name}`, init: true }));
  return [...init, ...main];
}

export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Shelflife's own services are the containers built from the shelflife/* images. */
export function isShelflifeImage(image: string | undefined): boolean {
  return image !== undefined && /(^|\/)shelflife\/[a-z-]+[:@]/.test(image);
}
