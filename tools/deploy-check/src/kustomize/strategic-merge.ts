import { isJsonMap, JsonMap } from '../k8s-object';

/**
 * The patchMergeKey of the Kubernetes list fields our manifests patch. A list not named here is
 * replaced whole, as Kubernetes does for atomic lists (args, command, envFrom, tolerations).
 */
const MERGE_KEYS: Record<string, (items: unknown[]) => string> = {
  containers: () => 'name',
  initContainers: () => 'name',
  ephemeralContainers: () => 'name',
  volumes: () => 'name',
  env: () => 'name',
  imagePullSecrets: () => 'name',
  volumeMounts: () => 'mountPath',
  volumeDevices: () => 'devicePath',
  topologySpreadConstraints: () => 'topologyKey',
  // Container ports merge by containerPort, Service ports by port.
  ports: (items) => (items.some((item) => isJsonMap(item) && 'containerPort' in item) ? 'containerPort' : 'port'),
};

const DIRECTIVE = '$patch';

function mergeList(field: string, base: unknown[], patch: unknown[]): unknown[] {
  const keyOf = MERGE_KEYS[field];
  if (!keyOf) return structuredClone(patch);
  const key = keyOf([...base, ...patch]);
  const result = structuredClone(base);
  for (const item of patch) {
    if (!isJsonMap(item) || !(key in item)) {
      throw new Error(`strategic merge patch: every item of "${field}" needs its merge key "${key}"`);
    }
    if (key === 'port' && !('protocol' in item)) {
      // kustomize merges Service ports by port AND protocol; without protocol it silently drops fields such as nodePort.
      throw new Error(`strategic merge patch: Service port ${String(item.port)} must also name its protocol (e.g. protocol: TCP)`);
    }
    const index = result.findIndex((existing) => isJsonMap(existing) && existing[key] === item[key]);
    if (item[DIRECTIVE] === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index] as JsonMap, item);
    } else {
      result.push(strategicMerge({}, item));
    }
  }
  return result;
}

/**
 * Strategic merge patch of Kubernetes (the subset kustomize users write): maps merge recursively,
 * keyed lists merge by their merge key, null removes a field, `$patch: replace|delete` on a map.
 */
export function strategicMerge(base: JsonMap, patch: JsonMap): JsonMap {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    const { [DIRECTIVE]: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  if (directive !== undefined && directive !== 'delete' && directive !== 'merge') {
    throw new Error(`strategic merge patch: unsupported directive ${DIRECTIVE}: ${String(directive)}`);
  }
  const result: JsonMap = structuredClone(base);
  for (const [field, value] of Object.entries(patch)) {
    if (field === DIRECTIVE) continue;
    if (field.startsWith('$')) {
      throw new Error(`strategic merge patch: directive ${field} is not supported by deploy-check; write the full list instead`);
    }
    const current = result[field];
    if (value === null) delete result[field];
    else if (isJsonMap(value) && isJsonMap(current)) result[field] = strategicMerge(current, value);
    else if (Array.isArray(value) && Array.isArray(current)) result[field] = mergeList(field, current, value);
    else if (isJsonMap(value)) result[field] = strategicMerge({}, value);
    else result[field] = structuredClone(value);
  }
  return result;
}
