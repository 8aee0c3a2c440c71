import { isClusterScoped, isJsonMap, K8sObject, objectId } from '../k8s-object';
import { allContainers, podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

function exists(objects: K8sObject[], kind: string, name: string | undefined, namespace: string | undefined): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
}

function matchLabelsOf(obj: K8sObject, ...path: string[]): Record<string, string> | undefined {
  let node: unknown = obj;
  for (const step of path) node = isJsonMap(node) ? node[step] : undefined;
  return isJsonMap(node) ? (node as Record<string, string>) : undefined;
}

/**
 * Every namespaced object has a namespace, and names point at something in the same render: ConfigMaps and ServiceAccounts used by
 * pods, pods behind each Service and PodDisruptionBudget, the workload each autoscaler scales.
 */
export const referencesRule: PolicyRule = {
  name: 'references',
  check(objects) {
    const violations: Violation[] = [];
    const pods = podTemplates(objects);
    for (const pod of pods) {
      const ns = pod.owner.metadata.namespace;
      const report = (message: string) => violations.push({ rule: this.name, object: pod.ownerId, message });
      const account = pod.spec.serviceAccountName;
      if (account && !exists(objects, 'ServiceAccount', account, ns)) report(`serviceAccountName ${account} does not exist`);
      for (const { container, where } of allContainers(pod)) {
        for (const source of container.envFrom ?? []) {
          const name = source.configMapRef?.name;
          if (name && !exists(objects, 'ConfigMap', name, ns)) report(`${where}: envFrom ConfigMap ${name} does not exist`);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef;
          const configMap = ref && exists(objects, 'ConfigMap', ref.name, ns);
          if (ref && !(configMap && isJsonMap(configMap.data) && ref.key in configMap.data)) {
            report(`${where}: env ${variable.name} reads ConfigMap ${ref.name} key ${ref.key}, which does not exist`);
          }
        }
      }
      for (const volume of pod.spec.volumes ?? []) {
        const name = volume.configMap?.name;
        if (name && !exists(objects, 'ConfigMap', name, ns)) report(`volume ${volume.name}: ConfigMap ${name} does not exist`);
      }
    }
    for (const obj of objects) {
      const ns = obj.metadata.namespace;
      if (!ns && !isClusterScoped(obj.kind)) {
        violations.push({
          rule: this.name,
          object: objectId(obj),
          message: 'has no namespace: it would land in whatever namespace the kubectl context uses (set namespace: in the kustomization)',
        });
      }
      const samePods = pods.filter((p) => p.owner.metadata.namespace === ns);
      const report = (message: string) => violations.push({ rule: this.name, object: objectId(obj), message });
      if (obj.kind === 'Service') {
        const selector = matchLabelsOf(obj, 'spec', 'selector');
        if (selector && !samePods.some((p) => selectorMatches(selector, p.labels)))
          report(`selector ${JSON.stringify(selector)} matches no pod template`);
      }
      if (obj.kind === 'PodDisruptionBudget') {
        const selector = matchLabelsOf(obj, 'spec', 'selector', 'matchLabels');
        if (!samePods.some((p) => selectorMatches(selector, p.labels)))
          report(`selector ${JSON.stringify(selector)} matches no pod template`);
      }
      if (obj.kind === 'HorizontalPodAutoscaler') {
        const target = matchLabelsOf(obj, 'spec', 'scaleTargetRef') ?? {};
        const scaled = exists(objects, target.kind, target.name, ns);
        if (!scaled) report(`scaleTargetRef ${target.kind}/${target.name} does not exist`);
        // kubectl apply would reset the replica count the autoscaler chose on every deploy.
        else if (isJsonMap(scaled.spec) && scaled.spec.replicas !== undefined) {
          report(`${target.kind}/${target.name} sets spec.replicas although this autoscaler owns it; remove spec.replicas`);
        }
      }
    }
    return violations;
  },
};
