import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML: only the type meta and the name are trusted. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [field: string]: unknown;
}

export type JsonMap = Record<string, unknown>;

export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "apps/v1 Deployment shelflife/storefront-gateway": how every message names an object. */
export function objectId(obj: K8sObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.apiVersion} ${obj.kind} ${ns}${obj.metadata.name}`;
}

/** Parses a multi-document YAML stream; `source` names the file in error messages. */
export function parseYamlDocuments(text: string, source: string): unknown[] {
  // YAML 1.1 like Kubernetes itself: 0440 is octal (288), yes/no are booleans.
  const docs = parseAllDocuments(text, { version: '1.1' });
  const values: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: invalid YAML: ${doc.errors[0].message}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/** Parses manifests and checks each one has apiVersion, kind and metadata.name. */
export function parseK8sObjects(text: string, source: string): K8sObject[] {
  return parseYamlDocuments(text, source).map((value, index) => asK8sObject(value, `${source} document ${index + 1}`));
}

export function asK8sObject(value: unknown, source: string): K8sObject {
  if (!isJsonMap(value)) throw new Error(`${source}: expected a mapping, got ${typeof value}`);
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new Error(`${source}: every manifest needs string apiVersion and kind`);
  }
  if (!isJsonMap(metadata) || typeof metadata.name !== 'string') {
    throw new Error(`${source}: ${apiVersion} ${kind} has no metadata.name`);
  }
  return value as K8sObject;
}

/** Kinds without a namespace among those a Shelflife deployment could contain. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
