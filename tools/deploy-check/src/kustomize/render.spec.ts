import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareRenders, renderWithKubectl } from './kubectl-compare';
import { renderKustomization } from './render';
import { OVERLAYS, overlayDir } from '../repo-paths';
import { temporaryDirs } from '../temporary-dirs';

const temporaryDir = temporaryDirs();

/** Writes files into a fresh temporary directory and returns its path. */
function writeTree(files: Record<string, string>): string {
  const root = temporaryDir('deploy-check-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const BASE = {
  'base/kustomization.yaml': 'resources: [app.yaml]\nnamespace: shop\n',
  'base/app.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: app}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - {name: app, image: "shop/app:1.0.0"}',
    '      volumes:',
    '        - {name: s, secret: {secretName: s, defaultMode: 0440}}',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata: {name: rb}',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}',
    'subjects: [{kind: ServiceAccount, name: app}]',
  ].join('\n'),
};

describe('renderKustomization', () => {
  it('applies resources, strategic merge and JSON6902 patches, namespace and images like kustomize', () => {
    const root = writeTree({
      ...BASE,
      'overlay/kustomization.yaml': [
        'resources: [../base]',
        'images: [{name: shop/app, newTag: "2.0.0"}]',
        'patches:',
        '  - path: more-memory.yaml',
        '  - target: {kind: Deployment, name: "ap."}',
        '    patch: |-',
        '      - {op: add, path: /spec/replicas, value: 3}',
      ].join('\n'),
      'overlay/more-memory.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {template: {spec: {containers: [{name: app, resources: {limits: {memory: 1Gi}}}]}}}\n',
    });
    const [deployment, binding] = renderKustomization(path.join(root, 'overlay')) as any[];
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0]).toEqual({ name: 'app', image: 'shop/app:2.0.0', resources: { limits: { memory: '1Gi' } } });
    // YAML 1.1 like Kubernetes: 0440 is octal.
    expect(deployment.spec.template.spec.volumes[0].secret.defaultMode).toBe(0o440);
    expect(binding.subjects[0].namespace).toBe('shop');
  });

  it('refuses kustomization fields it does not render instead of ignoring them', () => {
    const root = writeTree({ ...BASE, 'overlay/kustomization.yaml': 'resources: [../base]\ncommonLabels: {team: shop}\n' });
    expect(() => renderKustomization(path.join(root, 'overlay'))).toThrow(/field\(s\) commonLabels are not rendered by deploy-check/);
  });

  it('fails a patch that matches nothing, naming it', () => {
    const root = writeTree({ ...BASE, 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: p.yaml\n', 'overlay/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ghost}\nspec: {}\n' });
    expect(() => renderKustomization(path.join(root, 'overlay'))).toThrow('Deployment ghost matches no resource');
  });

  it('generates ConfigMaps from files and literals like kubectl kustomize (with the hash suffix disabled)', () => {
    const root = writeTree({
      'gen/kustomization.yaml': [
        'generatorOptions: {labels: {team: shop}}',
        'configMapGenerator:',
        '  - name: dashboards',
        '    files: [boards/one.json, renamed.json=boards/two.json]',
        '    literals: [MODE=fast]',
        '    options: {disableNameSuffixHash: true, labels: {grafana_dashboard: "1"}}',
      ].join('\n'),
      'gen/boards/one.json': '{"title": "one"}\n',
      'gen/boards/two.json': '{"title": "two"}\n',
    });
    const dir = path.join(root, 'gen');
    const ours = renderKustomization(dir);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'dashboards', labels: { team: 'shop', grafana_dashboard: '1' } },
      data: { 'one.json': '{"title": "one"}\n', 'renamed.json': '{"title": "two"}\n', MODE: 'fast' },
    });
    const theirs = renderWithKubectl(dir);
    if (theirs) expect(compareRenders(ours, theirs)).toEqual([]);
  });

  it('refuses a generated ConfigMap with a hashed name, which it would name differently from kustomize', () => {
    const root = writeTree({ ...BASE, 'gen/kustomization.yaml': 'configMapGenerator:\n  - name: x\n    literals: [A=1]\n' });
    expect(() => renderKustomization(path.join(root, 'gen'))).toThrow(/set options.disableNameSuffixHash: true/);
  });

  it('fails a resource defined twice', () => {
    const root = writeTree({ ...BASE, 'twice/kustomization.yaml': 'resources: [../base/app.yaml, ../base/app.yaml]\n' });
    expect(() => renderKustomization(path.join(root, 'twice'))).toThrow('is defined twice');
  });
});

describe.each([...OVERLAYS])('overlay %s compared with kubectl kustomize', (overlay) => {
  it('renders the same objects', () => {
    const theirs = renderWithKubectl(overlayDir(overlay));
    if (!theirs) {
      console.log(`kubectl is not installed: skipping the kubectl kustomize comparison of ${overlay} (the offline render is still checked)`);
      return;
    }
    expect(compareRenders(renderKustomization(overlayDir(overlay)), theirs)).toEqual([]);
  });
});

describe('compareRenders', () => {
  it('reports missing objects and the first differing field', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } };
    const b = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } };
    expect(compareRenders([a, b], [{ ...a, data: { x: '2' } }])).toEqual([
      'v1 ConfigMap a: differs from kubectl kustomize at /data/x ("1" vs "2") (deploy-check vs kubectl)',
      'v1 ConfigMap b: rendered by deploy-check but not by kubectl kustomize',
    ]);
  });
});
