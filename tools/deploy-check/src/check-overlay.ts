import * as fs from 'node:fs';
import { K8sObject } from './k8s-object';
import { kubectlKustomize } from './kubectl';
import { checkPolicies, PolicyContext, Violation } from './policy';
import { SECRETS_TEMPLATE } from './repo-paths';
import { documentedSecrets } from './secrets/secret-template';
import { validateAgainstSchemas } from './schema/validate-schemas';
import { knownSettings } from './settings/known-settings';

/** Everything found about one set of manifests; empty lists mean it passed. */
export interface CheckReport {
  name: string;
  objectCount: number;
  problems: string[];
}

export interface CheckOptions {
  /** Validate against the Kubernetes schemas (needs native ES module import: not inside Jest). */
  schemas: boolean;
}

export function loadDocumentedSecrets(): Map<string, Set<string>> {
  return documentedSecrets(fs.readFileSync(SECRETS_TEMPLATE, 'utf8'), SECRETS_TEMPLATE);
}

/** What the policy rules know besides the objects: the documented secrets and the services' settings. */
export function policyContext(overlay: string): PolicyContext {
  return { overlay, documentedSecrets: loadDocumentedSecrets(), knownSettings: knownSettings() };
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.object}: ${v.message}`;
}

/** Policy checks (and schema validation if asked) of already-rendered objects. */
export async function checkObjects(name: string, overlay: string, objects: K8sObject[], options: CheckOptions): Promise<CheckReport> {
  const problems = checkPolicies(objects, policyContext(overlay)).map(formatViolation);
  if (options.schemas) problems.unshift(...(await validateAgainstSchemas(objects)).map((p) => `[schema] ${p}`));
  return { name, objectCount: objects.length, problems };
}

/**
 * Renders an overlay directory with `kubectl kustomize` and checks the result. A kustomization kubectl
 * cannot render is reported as a problem of the overlay; a missing kubectl throws (nothing can be checked).
 */
export async function checkOverlay(overlay: string, dir: string, options: CheckOptions): Promise<CheckReport> {
  let objects: K8sObject[];
  try {
    objects = kubectlKustomize(dir);
  } catch (error) {
    if ((error as Error).message.startsWith('kubectl is not installed')) throw error;
    return { name: overlay, objectCount: 0, problems: [`[render] ${(error as Error).message}`] };
  }
  return checkObjects(overlay, overlay, objects, options);
}
