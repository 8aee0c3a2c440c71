import { spawnSync } from 'node:child_process';
import { isJsonMap, K8sObject, objectId, parseK8sObjects } from '../k8s-object';

/** Runs `kubectl kustomize <dir>`; undefined when kubectl is not installed (it is not on every machine here). */
export function renderWithKubectl(dir: string): K8sObject[] | undefined {
  const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr.trim() || run.error?.message}`);
  return parseK8sObjects(run.stdout, `kubectl kustomize ${dir}`);
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(left: unknown, right: unknown, at = ''): string | undefined {
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) return `${at || '/'} (list length ${left.length} vs ${right.length})`;
    for (let i = 0; i < left.length; i++) {
      const diff = firstDifference(left[i], right[i], `${at}/${i}`);
      if (diff) return diff;
    }
    return undefined;
  }
  if (isJsonMap(left) && isJsonMap(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of [...keys].sort()) {
      const diff = firstDifference(left[key], right[key], `${at}/${key}`);
      if (diff) return diff;
    }
    return undefined;
  }
  return left === right ? undefined : `${at || '/'} (${JSON.stringify(left)} vs ${JSON.stringify(right)})`;
}

/** Differences between our render and kubectl's, compared object by object (output order is ignored). */
export function compareRenders(ours: K8sObject[], theirs: K8sObject[]): string[] {
  const byId = (objects: K8sObject[]) => new Map(objects.map((obj) => [objectId(obj), obj]));
  const mine = byId(ours);
  const kubectl = byId(theirs);
  const problems: string[] = [];
  for (const [id, obj] of mine) {
    const other = kubectl.get(id);
    if (!other) problems.push(`${id}: rendered by deploy-check but not by kubectl kustomize`);
    else {
      const diff = firstDifference(obj, other);
      if (diff) problems.push(`${id}: differs from kubectl kustomize at ${diff} (deploy-check vs kubectl)`);
    }
  }
  for (const id of kubectl.keys()) {
    if (!mine.has(id)) problems.push(`${id}: rendered by kubectl kustomize but not by deploy-check`);
  }
  return problems;
}
