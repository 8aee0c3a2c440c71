import { isJsonMap, K8sObject } from '../k8s-object';

/** Kinds without a namespace among those a Shelflife deployment could contain. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * kustomize's `namespace:` field: sets metadata.namespace on namespaced objects and moves the
 * ServiceAccount subjects of (Cluster)RoleBindings that lived in the old namespace along with them.
 */
export function applyNamespace(obj: K8sObject, namespace: string): void {
  if (isClusterScoped(obj.kind)) return;
  const previous = obj.metadata.namespace;
  obj.metadata.namespace = namespace;
  if (obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') return;
  const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
  for (const subject of subjects) {
    if (!isJsonMap(subject) || subject.kind !== 'ServiceAccount') continue;
    if (subject.namespace === undefined || subject.namespace === previous) subject.namespace = namespace;
  }
}
