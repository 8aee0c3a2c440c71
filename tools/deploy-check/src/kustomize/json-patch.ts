import { isJsonMap } from '../k8s-object';

/** One RFC 6902 operation, as written in a kustomize JSON6902 patch. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export function isJsonPatch(value: unknown): value is JsonPatchOperation[] {
  return Array.isArray(value) && value.every((op) => isJsonMap(op) && typeof op.op === 'string' && OPS.has(op.op) && typeof op.path === 'string');
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

/** Walks to the parent of the pointer's last token; fails with the pointer when a step is missing. */
function resolveParent(doc: unknown, pointer: string): { parent: Container; key: string } {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new Error('patching the whole document ("") is not supported');
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : isJsonMap(node) ? node[token] : undefined;
    if (node === undefined) throw new Error(`JSON patch path ${pointer}: "${token}" does not exist`);
  }
  if (!Array.isArray(node) && !isJsonMap(node)) throw new Error(`JSON patch path ${pointer}: parent is not an object or array`);
  return { parent: node, key: tokens[tokens.length - 1] };
}

function arrayIndex(list: unknown[], key: string, pointer: string, allowEnd: boolean): number {
  if (allowEnd && key === '-') return list.length;
  const index = Number(key);
  const max = allowEnd ? list.length : list.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > max) throw new Error(`JSON patch path ${pointer}: index ${key} out of range`);
  return index;
}

function getValue(doc: unknown, pointer: string): unknown {
  const { parent, key } = resolveParent(doc, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, pointer, false)] : parent[key];
  if (value === undefined) throw new Error(`JSON patch path ${pointer} does not exist`);
  return value;
}

function addValue(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, true), 0, value);
  else parent[key] = value;
}

function removeValue(doc: unknown, pointer: string): unknown {
  const removed = getValue(doc, pointer);
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, false), 1);
  else delete parent[key];
  return removed;
}

/** Applies operations in place, in order; throws on the first one that cannot apply. */
export function applyJsonPatch(doc: unknown, operations: JsonPatchOperation[]): void {
  for (const operation of operations) {
    const { op, path } = operation;
    switch (op) {
      case 'add':
        addValue(doc, path, structuredClone(operation.value));
        break;
      case 'remove':
        removeValue(doc, path);
        break;
      case 'replace':
        removeValue(doc, path);
        addValue(doc, path, structuredClone(operation.value));
        break;
      case 'move':
        addValue(doc, path, removeValue(doc, requireFrom(operation)));
        break;
      case 'copy':
        addValue(doc, path, structuredClone(getValue(doc, requireFrom(operation))));
        break;
      case 'test':
        if (JSON.stringify(getValue(doc, path)) !== JSON.stringify(operation.value)) {
          throw new Error(`JSON patch test failed at ${path}`);
        }
        break;
    }
  }
}

function requireFrom(operation: JsonPatchOperation): string {
  if (typeof operation.from !== 'string') throw new Error(`JSON patch "${operation.op}" at ${operation.path} needs "from"`);
  return operation.from;
}
