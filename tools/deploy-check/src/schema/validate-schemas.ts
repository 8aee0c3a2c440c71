import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { importEsm } from './esm-import';

/** A model class exported by kubernetes-models: construct with data, then validate() throws on schema errors. */
type ModelClass = new (data: unknown) => { validate(): void };

interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: unknown;
}

/** API versions still in kubernetes-models' schemas but no longer served by Kubernetes (removed by 1.26). */
const REMOVED_API_VERSIONS = new Set([
  'extensions/v1beta1',
  'apps/v1beta1',
  'apps/v1beta2',
  'batch/v1beta1',
  'policy/v1beta1',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'networking.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1beta1',
]);

/**
 * Custom resource groups and the package that holds their schemas, laid out the same way. The Prometheus
 * Operator's (PodMonitor, PrometheusRule) are the only custom resources Shelflife ships.
 */
const CUSTOM_RESOURCE_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/** kubernetes-models lays modules out by API group: "apps/v1" + Deployment -> kubernetes-models/apps/v1/Deployment. */
export function modelModuleFor(obj: K8sObject): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  return `${CUSTOM_RESOURCE_PACKAGES[group] ?? 'kubernetes-models'}/${obj.apiVersion}/${obj.kind}`;
}

async function loadModel(obj: K8sObject): Promise<ModelClass | undefined> {
  try {
    const mod = await importEsm(modelModuleFor(obj));
    const model = isJsonMap(mod) ? mod[obj.kind] : undefined;
    return typeof model === 'function' ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const errors = isJsonMap(error) && Array.isArray(error.errors) ? (error.errors as SchemaError[]) : [];
  if (errors.length === 0) return (error as Error).message;
  return errors
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${e.params ? JSON.stringify(e.params) : ''}`.trim())
    .join('; ');
}

/**
 * Validates each object against the Kubernetes OpenAPI schema compiled into kubernetes-models (offline).
 * Returns one message per invalid object; an apiVersion/kind the package does not know is an error too,
 * since the API server would refuse it as well.
 */
export async function validateAgainstSchemas(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const obj of objects) {
    if (REMOVED_API_VERSIONS.has(obj.apiVersion)) {
      problems.push(`${objectId(obj)}: apiVersion ${obj.apiVersion} is no longer served by Kubernetes; use the current version`);
      continue;
    }
    const Model = await loadModel(obj);
    if (!Model) {
      problems.push(`${objectId(obj)}: unknown apiVersion/kind (no schema in kubernetes-models for ${modelModuleFor(obj)})`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (error) {
      problems.push(`${objectId(obj)}: schema: ${describe(error)}`);
    }
  }
  return problems;
}
