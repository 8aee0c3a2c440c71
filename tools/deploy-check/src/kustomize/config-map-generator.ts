import * as fs from 'node:fs';
import * as path from 'node:path';
import { K8sObject } from '../k8s-object';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface ConfigMapGenerator {
  name?: string;
  namespace?: string;
  behavior?: string;
  files?: string[];
  literals?: string[];
  envs?: string[];
  options?: GeneratorOptions;
}

const SUPPORTED_FIELDS = new Set(['name', 'namespace', 'behavior', 'files', 'literals', 'options']);

/** `key=path` or `path` (the key is then the file's name), as kustomize reads a files entry. */
function fileEntry(dir: string, entry: string, where: string): [string, string] {
  const [key, file] = entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [path.basename(entry), entry];
  const full = path.resolve(dir, file);
  // kustomize refuses files outside the kustomization's directory tree (its load restrictor): so do we.
  if (path.relative(dir, full).startsWith('..')) throw new Error(`${where}: file ${file} is outside ${dir}; kustomize would refuse it`);
  if (!fs.existsSync(full)) throw new Error(`${where}: file ${file} does not exist`);
  const bytes = fs.readFileSync(full);
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0) throw new Error(`${where}: file ${file} is not UTF-8 text (binaryData is not rendered by deploy-check)`);
  return [key, text];
}

/**
 * kustomize's configMapGenerator for text files and literals. Name-suffix hashing is not implemented:
 * a generator must set disableNameSuffixHash (here or in generatorOptions), or the render fails rather
 * than produce a name kubectl would not.
 */
export function generateConfigMaps(dir: string, generators: ConfigMapGenerator[], defaults: GeneratorOptions = {}): K8sObject[] {
  return generators.map((generator, index) => {
    const where = `${dir}: configMapGenerator ${generator.name ?? `#${index + 1}`}`;
    const unsupported = Object.keys(generator).filter((field) => !SUPPORTED_FIELDS.has(field));
    if (unsupported.length > 0) throw new Error(`${where}: field(s) ${unsupported.join(', ')} are not rendered by deploy-check (supported: ${[...SUPPORTED_FIELDS].join(', ')})`);
    if (!generator.name) throw new Error(`${where}: needs a name`);
    if (generator.behavior !== undefined && generator.behavior !== 'create') throw new Error(`${where}: behavior ${generator.behavior} is not rendered by deploy-check (only create)`);
    const options: GeneratorOptions = {
      ...defaults,
      ...generator.options,
      labels: { ...defaults.labels, ...generator.options?.labels },
      annotations: { ...defaults.annotations, ...generator.options?.annotations },
    };
    if (options.disableNameSuffixHash !== true) {
      throw new Error(`${where}: set options.disableNameSuffixHash: true (deploy-check does not compute kustomize's name-suffix hash)`);
    }
    const data: Record<string, string> = {};
    const add = (key: string, value: string) => {
      if (key in data) throw new Error(`${where}: key ${key} is given twice`);
      data[key] = value;
    };
    for (const entry of generator.files ?? []) add(...fileEntry(dir, entry, where));
    for (const literal of generator.literals ?? []) {
      const at = literal.indexOf('=');
      if (at <= 0) throw new Error(`${where}: literal "${literal}" is not key=value`);
      add(literal.slice(0, at), literal.slice(at + 1).replace(/^(["'])(.*)\1$/s, '$2'));
    }
    const metadata: K8sObject['metadata'] = { name: generator.name };
    if (generator.namespace) metadata.namespace = generator.namespace;
    if (Object.keys(options.labels ?? {}).length > 0) metadata.labels = { ...options.labels };
    if (Object.keys(options.annotations ?? {}).length > 0) metadata.annotations = { ...options.annotations };
    const configMap: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
    if (options.immutable) configMap.immutable = true;
    return configMap;
  });
}
