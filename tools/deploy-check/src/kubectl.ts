import { spawnSync } from 'node:child_process';
import { K8sObject, parseK8sObjects } from './k8s-object';

/** What to do when kubectl is missing: deploy-check renders with it and has no renderer of its own. */
export const KUBECTL_MISSING =
  'kubectl is not installed: deploy-check renders the overlays with `kubectl kustomize`. ' +
  "Install it from Debian's packages: apt-get install -y kubernetes-client";

/** The kubectl to run: $KUBECTL when set, else kubectl on the PATH. */
function kubectlCommand(): string {
  return process.env.KUBECTL || 'kubectl';
}

/** `kubectl kustomize <dir>` as YAML text; throws with the install command when kubectl is missing. */
export function kubectlKustomizeYaml(dir: string): string {
  const run = spawnSync(kubectlCommand(), ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(KUBECTL_MISSING);
  if (run.error) throw new Error(`kubectl kustomize ${dir}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${run.stderr.trim() || `exit status ${run.status}`}`);
  return run.stdout;
}

/**
 * Renders a kustomization directory with `kubectl kustomize` (what `kubectl apply -k` deploys, so the
 * checks see exactly that) and parses the objects.
 */
export function kubectlKustomize(dir: string): K8sObject[] {
  return parseK8sObjects(kubectlKustomizeYaml(dir), `kubectl kustomize ${dir}`);
}
