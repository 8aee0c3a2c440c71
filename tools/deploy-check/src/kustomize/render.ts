import * as fs from 'node:fs';
import * as path from 'node:path';
import { asK8sObject, isJsonMap, K8sObject, objectId, parseK8sObjects, parseYamlDocuments } from '../k8s-object';
import { applyImageOverrides, ImageOverride } from './images';
import { applyJsonPatch, isJsonPatch } from './json-patch';
import { ConfigMapGenerator, GeneratorOptions, generateConfigMaps } from './config-map-generator';
import { applyNamespace } from './namespace';
import { matchesTarget, PatchTarget, targetOfPatchObject } from './patch-target';
import { strategicMerge } from './strategic-merge';

interface PatchEntry {
  path?: string;
  patch?: string;
  target?: PatchTarget;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: ImageOverride[];
  patches?: PatchEntry[];
  configMapGenerator?: ConfigMapGenerator[];
  generatorOptions?: GeneratorOptions;
}

/** The kustomization fields this renderer implements; any other field fails loudly rather than being ignored. */
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches', 'configMapGenerator', 'generatorOptions']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function readKustomization(dir: string): Kustomization {
  const file = KUSTOMIZATION_FILES.map((name) => path.join(dir, name)).find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`${dir}: no kustomization.yaml (a resources entry that is a directory must be a kustomization)`);
  const [doc] = parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
  if (!isJsonMap(doc)) throw new Error(`${file}: expected a mapping`);
  const unsupported = Object.keys(doc).filter((field) => !SUPPORTED_FIELDS.has(field));
  if (unsupported.length > 0) {
    throw new Error(
      `${file}: field(s) ${unsupported.join(', ')} are not rendered by deploy-check ` +
        `(supported: ${[...SUPPORTED_FIELDS].join(', ')}); implement them in tools/deploy-check/src/kustomize or avoid them`,
    );
  }
  return doc as Kustomization;
}

function loadResource(dir: string, entry: string): K8sObject[] {
  if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) {
    throw new Error(`${dir}: remote resource ${entry} cannot be rendered offline; vendor it into deploy/`);
  }
  const target = path.resolve(dir, entry);
  if (!fs.existsSync(target)) throw new Error(`${dir}: resource ${entry} does not exist`);
  if (fs.statSync(target).isDirectory()) return renderKustomization(target);
  return parseK8sObjects(fs.readFileSync(target, 'utf8'), target);
}

function patchDocuments(dir: string, entry: PatchEntry): unknown[] {
  if (entry.path !== undefined && entry.patch !== undefined) throw new Error(`${dir}: a patch has both path and patch; use one`);
  if (entry.path !== undefined) {
    const file = path.resolve(dir, entry.path);
    return parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
  }
  if (entry.patch !== undefined) return parseYamlDocuments(entry.patch, `${dir} inline patch`);
  throw new Error(`${dir}: a patch needs path or patch`);
}

function applyPatchEntry(objects: K8sObject[], entry: PatchEntry, dir: string): void {
  const where = `${dir}: patch ${entry.path ?? '(inline)'}`;
  const docs = patchDocuments(dir, entry);
  // A single YAML list of operations is JSON6902; anything else is strategic merge, one patch per document.
  if (docs.length === 1 && isJsonPatch(docs[0])) {
    if (!entry.target) throw new Error(`${where}: a JSON6902 patch needs a target`);
    const targets = objects.filter((obj) => matchesTarget(obj, entry.target as PatchTarget));
    if (targets.length === 0) throw new Error(`${where}: target ${JSON.stringify(entry.target)} matches no resource`);
    for (const obj of targets) {
      try {
        applyJsonPatch(obj, docs[0]);
      } catch (error) {
        throw new Error(`${where} on ${objectId(obj)}: ${(error as Error).message}`);
      }
    }
    return;
  }
  for (const doc of docs) {
    const patch = asK8sObject(doc, where);
    const target = entry.target ?? targetOfPatchObject(patch);
    const indexes = objects.flatMap((obj, index) => (matchesTarget(obj, target) ? [index] : []));
    if (indexes.length === 0) throw new Error(`${where}: ${patch.kind} ${patch.metadata.name} matches no resource`);
    for (const index of indexes) {
      const original = objects[index];
      const { metadata: patchMetadata, ...patchBody } = patch;
      // A targeted patch must not rename its targets, so only labels and annotations of its metadata apply.
      const { name: _name, namespace: _namespace, ...metadataPatch } = patchMetadata;
      const merged = strategicMerge(original, { ...patchBody, metadata: metadataPatch, apiVersion: original.apiVersion, kind: original.kind });
      objects[index] = merged as K8sObject;
    }
  }
}

function assertUniqueIds(objects: K8sObject[], dir: string): void {
  const seen = new Set<string>();
  for (const obj of objects) {
    const id = objectId(obj);
    if (seen.has(id)) throw new Error(`${dir}: ${id} is defined twice`);
    seen.add(id);
  }
}

/**
 * Renders a kustomization directory like `kubectl kustomize` for the features Shelflife uses:
 * resources (files and directories), configMapGenerator, patches (strategic merge and JSON6902), namespace,
 * images. Generated objects join the resources, then transformers run in kustomize's order: patches,
 * then namespace, then images.
 */
export function renderKustomization(dir: string): K8sObject[] {
  const kustomization = readKustomization(dir);
  const objects = (kustomization.resources ?? []).flatMap((entry) => loadResource(dir, entry));
  objects.push(...generateConfigMaps(dir, kustomization.configMapGenerator ?? [], kustomization.generatorOptions));
  assertUniqueIds(objects, dir);
  for (const entry of kustomization.patches ?? []) applyPatchEntry(objects, entry, dir);
  const { namespace, images } = kustomization;
  for (const obj of objects) {
    if (namespace) applyNamespace(obj, namespace);
    if (images) applyImageOverrides(obj, images);
  }
  return objects;
}
