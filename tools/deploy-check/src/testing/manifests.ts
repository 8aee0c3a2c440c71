import { K8sObject } from '../k8s-object';
import { kubectlKustomize } from '../kubectl';
import { checkPolicies, PolicyContext } from '../policy';
import { policyContext } from '../check-overlay';
import { overlayDir } from '../repo-paths';

/**
 * A rendered manifest as a test reaches into it: arbitrary YAML, walked by path, and changed on purpose to break a policy.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place tests give up the manifest's types; every spec uses this name.
export type Yaml = any;

const renders = new Map<string, K8sObject[]>();

/** `kubectl kustomize deploy/overlays/<name>`, cached; callers get their own copy to break. */
export function renderedOverlay(name: string): K8sObject[] {
  if (!renders.has(name)) renders.set(name, kubectlKustomize(overlayDir(name)));
  return structuredClone(renders.get(name) as K8sObject[]);
}

/** A copy of the overlay with one object changed: the deliberately broken manifest a test feeds in. */
export function overlayWithChange(overlay: string, kind: string, name: string, change: (obj: Yaml) => void): K8sObject[] {
  const objects = renderedOverlay(overlay);
  const target = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!target) throw new Error(`test setup: ${kind} ${name} is not in overlay ${overlay}`);
  change(target);
  return objects;
}

/** Messages of one rule's violations, for assertions. */
export function violations(objects: K8sObject[], rule: string, overlay = 'dev', context: Partial<PolicyContext> = {}): string[] {
  return checkPolicies(objects, { ...policyContext(overlay), ...context })
    .filter((v) => v.rule === rule)
    .map((v) => `${v.object}: ${v.message}`);
}
