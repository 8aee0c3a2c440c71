import type { IndexSpec, StoredDocument } from '../store';
import { canonicalKey, getPath } from './document-path';

/**
 * One collection held in memory: documents by `_id` (insertion order kept) and the unique indexes
 * as key -> `_id` maps. Non-unique indexes are recorded (so they survive a restart and can be listed)
 * but queries scan: the embedded store is for one machine's worth of data.
 */
export class CollectionState {
  readonly documents = new Map<string, StoredDocument>();
  readonly indexes = new Map<string, IndexSpec>();
  private readonly uniqueKeys = new Map<string, Map<string, string>>();

  constructor(readonly name: string) {}

  addIndex(spec: IndexSpec): void {
    const existing = this.indexes.get(spec.name);
    if (existing) {
      if (JSON.stringify(existing) !== JSON.stringify(normaliseSpec(spec))) {
        throw new Error(
          `index "${spec.name}" on "${this.name}" already exists with a different definition; drop it or choose another name`,
        );
      }
      return;
    }
    if (spec.unique) {
      const keys = new Map<string, string>();
      for (const [id, document] of this.documents) {
        const key = this.indexKey(spec, document);
        if (keys.has(key)) throw new Error(`cannot create unique index "${spec.name}" on "${this.name}": duplicate key ${key}`);
        keys.set(key, id);
      }
      this.uniqueKeys.set(spec.name, keys);
    }
    this.indexes.set(spec.name, normaliseSpec(spec));
  }

  /** The reason `document` cannot be stored, or undefined when it can (it may replace its own previous version). */
  conflictOf(document: StoredDocument): string | undefined {
    const id = canonicalKey(document._id);
    for (const [name, keys] of this.uniqueKeys) {
      const key = this.indexKey(this.indexes.get(name) as IndexSpec, document);
      const owner = keys.get(key);
      if (owner !== undefined && owner !== id) return `index ${name} dup key ${key}`;
    }
    return undefined;
  }

  put(document: StoredDocument): void {
    const id = canonicalKey(document._id);
    this.remove(id);
    this.documents.set(id, document);
    for (const [name, keys] of this.uniqueKeys) keys.set(this.indexKey(this.indexes.get(name) as IndexSpec, document), id);
  }

  remove(id: string): void {
    const previous = this.documents.get(id);
    if (!previous) return;
    for (const [name, keys] of this.uniqueKeys) keys.delete(this.indexKey(this.indexes.get(name) as IndexSpec, previous));
    this.documents.delete(id);
  }

  getById(id: unknown): StoredDocument | undefined {
    return this.documents.get(canonicalKey(id));
  }

  /** The document holding `value` in a single-field unique index on `field`, if such an index exists. */
  lookupUnique(field: string, value: unknown): { found: StoredDocument | undefined } | undefined {
    for (const [name, spec] of this.indexes) {
      const fields = Object.keys(spec.key);
      if (!spec.unique || fields.length !== 1 || fields[0] !== field) continue;
      const id = this.uniqueKeys.get(name)?.get(canonicalKey([value]));
      return { found: id === undefined ? undefined : this.documents.get(id) };
    }
    return undefined;
  }

  private indexKey(spec: IndexSpec, document: StoredDocument): string {
    return canonicalKey(Object.keys(spec.key).map((field) => getPath(document, field) ?? null));
  }
}

function normaliseSpec(spec: IndexSpec): IndexSpec {
  return { name: spec.name, key: spec.key, unique: spec.unique === true };
}
