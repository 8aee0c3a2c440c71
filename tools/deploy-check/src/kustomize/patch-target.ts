import { K8sObject } from '../k8s-object';

/** A kustomize patch `target:` selector. */
export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

export function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** "app=x,tier=y" equality selectors only: other forms would need a full selector parser. */
function matchesLabelSelector(obj: K8sObject, selector: string): boolean {
  return selector.split(',').every((term) => {
    const match = /^\s*([^=!\s]+)\s*==?\s*([^\s]*)\s*$/.exec(term);
    if (!match) throw new Error(`patch target labelSelector "${selector}": only key=value terms are supported`);
    return obj.metadata.labels?.[match[1]] === match[2];
  });
}

/** Like kustomize, name and namespace are anchored regular expressions. */
function matchesPattern(value: string | undefined, pattern: string | undefined): boolean {
  return pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value ?? '');
}

export function matchesTarget(obj: K8sObject, target: PatchTarget): boolean {
  const { group, version } = groupVersion(obj.apiVersion);
  return (
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.kind === undefined || target.kind === obj.kind) &&
    matchesPattern(obj.metadata.name, target.name) &&
    matchesPattern(obj.metadata.namespace, target.namespace) &&
    (target.labelSelector === undefined || matchesLabelSelector(obj, target.labelSelector))
  );
}

/** The implicit target of a strategic merge patch without `target:`: its own kind and name. */
export function targetOfPatchObject(patch: K8sObject): PatchTarget {
  const { group, version } = groupVersion(patch.apiVersion);
  return { group, version, kind: patch.kind, name: escapeRegExp(patch.metadata.name), namespace: patch.metadata.namespace };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
