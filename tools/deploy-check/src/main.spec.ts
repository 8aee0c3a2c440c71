import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './repo-paths';
import { temporaryDirs } from './temporary-dirs';

/**
 * The CLI end to end, in a child process: schema validation needs native ES module import
 * (kubernetes-models), which Jest's CommonJS sandbox cannot do.
 */
function runCheck(...args: string[]): { status: number | null; output: string } {
  return runCheckWith({}, ...args);
}

function runCheckWith(env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const temporaryDir = temporaryDirs();

function manifestFile(text: string): string {
  const file = path.join(temporaryDir('deploy-check-cli-'), 'manifests.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('deploy-check CLI', () => {
  it('passes both overlays, rendered by kubectl kustomize, and the Dockerfile', () => {
    const { status, output } = runCheck();
    expect(output).toMatch(/^dev: \d+ objects, ok$/m);
    expect(output).toMatch(/^prod: \d+ objects, ok$/m);
    expect(output).toContain('deploy-check OK');
    expect(status).toBe(0);
  });

  it('stops with the install command when kubectl is missing', () => {
    const { status, output } = runCheckWith({ KUBECTL: path.join(temporaryDir('no-kubectl-'), 'kubectl') });
    expect(output).toContain('deploy-check: kubectl is not installed');
    expect(output).toContain('apt-get install -y kubernetes-client');
    expect(status).toBe(2);
  });

  it("reports an overlay kubectl cannot render as a problem of that overlay, with kubectl's message", () => {
    const fakeKubectl = path.join(temporaryDir('failing-kubectl-'), 'kubectl');
    fs.writeFileSync(fakeKubectl, '#!/bin/sh\necho "error: accumulating resources: missing.yaml not found" >&2\nexit 1\n', { mode: 0o755 });
    const { status, output } = runCheckWith({ KUBECTL: fakeKubectl }, '--overlay', 'dev');
    expect(output).toMatch(/^dev: 0 objects, 1 problem\(s\)$/m);
    expect(output).toContain('FAIL [render] kubectl kustomize');
    expect(output).toContain('failed: error: accumulating resources: missing.yaml not found');
    expect(status).toBe(1);
  });

  it('prints what kubectl kustomize renders', () => {
    const { status, output } = runCheck('--print', '--overlay', 'prod');
    expect(output).toContain('image: ghcr.io/shelflife/storefront-gateway:0.1.0');
    expect(status).toBe(0);
  });

  it('fails manifests that break the Kubernetes schema, naming the field', () => {
    const file = manifestFile(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: broken, namespace: shelflife}',
        'spec:',
        '  replicas: two',
        '  selector: {matchLabels: {app: broken}}',
        '  template:',
        '    metadata: {labels: {app: broken}}',
        '    spec: {containers: [{name: c, image: "x:1", ports: [{containerPort: http}]}]}',
      ].join('\n'),
    );
    const { status, output } = runCheck('--manifests', file);
    expect(output).toContain('[schema] apps/v1 Deployment shelflife/broken: schema: /spec/replicas must be integer');
    expect(output).toContain('/spec/template/spec/containers/0/ports/0/containerPort must be integer');
    expect(status).toBe(1);
  });

  it('fails an apiVersion Kubernetes no longer serves and one it never had', () => {
    const file = manifestFile(
      [
        'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: shelflife}\nspec: {}',
        'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: typo, namespace: shelflife}',
      ].join('\n---\n'),
    );
    const { status, output } = runCheck('--manifests', file);
    expect(output).toContain('Ingress shelflife/old: apiVersion extensions/v1beta1 is no longer served by Kubernetes');
    expect(output).toContain('Deploymnet shelflife/typo: unknown apiVersion/kind');
    expect(status).toBe(1);
  });

  it('rejects an unknown overlay with the names it knows', () => {
    const { status, output } = runCheck('--overlay', 'staging');
    expect(output).toContain('--overlay "staging": no such overlay in deploy/overlays (have: dev, prod)');
    expect(status).toBe(2);
  });
});
