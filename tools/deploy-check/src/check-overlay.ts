import * as fs from 'node:fs';
import { K8sObject } from './k8s-object';
import { compareRenders, renderWithKubectl } from './kustomize/kubectl-compare';
import { renderKustomization } from './kustomize/render';
import { checkPolicies, Violation } from './policy';
import { SECRETS_TEMPLATE } from './repo-paths';
import { documentedSecrets } from './secrets/secret-template';
import { validateAgainstSchemas } from './schema/validate-schemas';

/** Everything found about one set of manifests; empty lists mean it passed. */
export interface CheckReport {
  name: string;
  objectCount: number;
  problems: string[];
  /** Whether the render was compared with `kubectl kustomize`, and if not, why. */
  kubectl?: 'compared' | 'not installed' | 'skipped';
}

export interface CheckOptions {
  /** Validate against the Kubernetes schemas (needs native ES module import: not inside Jest). */
  schemas: boolean;
  /** Compare with `kubectl kustomize` when kubectl is installed. */
  kubectl: boolean;
}

export function loadDocumentedSecrets(): Map<string, Set<string>> {
  return documentedSecrets(fs.readFileSync(SECRETS_TEMPLATE, 'utf8'), SECRETS_TEMPLATE);
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.object}: ${v.message}`;
}

/** Policy checks (and schema validation if asked) of already-rendered objects. */
export async function checkObjects(name: string, overlay: string, objects: K8sObject[], options: Pick<CheckOptions, 'schemas'>): Promise<CheckReport> {
  const problems = checkPolicies(objects, { overlay, documentedSecrets: loadDocumentedSecrets() }).map(formatViolation);
  if (options.schemas) problems.unshift(...(await validateAgainstSchemas(objects)).map((p) => `[schema] ${p}`));
  return { name, objectCount: objects.length, problems };
}

/** Renders an overlay directory offline, checks it, and where kubectl exists compares both renders. */
export async function checkOverlay(overlay: string, dir: string, options: CheckOptions): Promise<CheckReport> {
  let objects: K8sObject[];
  try {
    objects = renderKustomization(dir);
  } catch (error) {
    return { name: overlay, objectCount: 0, problems: [`[render] ${(error as Error).message}`] };
  }
  const report = await checkObjects(overlay, overlay, objects, options);
  if (!options.kubectl) return { ...report, kubectl: 'skipped' };
  const theirs = renderWithKubectl(dir);
  if (!theirs) return { ...report, kubectl: 'not installed' };
  report.problems.push(...compareRenders(objects, theirs).map((p) => `[kubectl-kustomize] ${p}`));
  return { ...report, kubectl: 'compared' };
}
