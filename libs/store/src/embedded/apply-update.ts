import { update as mingoUpdate } from 'mingo';
import type { Filter, StoredDocument, UpdateDocument } from '../store';
import { isOperatorObject, setPath } from './document-path';

/**
 * Applies a MongoDB update document to a copy of `current` and returns the new document.
 * mingo's updater knows the field operators but not `$setOnInsert` nor replacement documents:
 * both are handled here, as MongoDB defines them.
 */
export function applyUpdate(current: StoredDocument, update: UpdateDocument, inserting: boolean): StoredDocument {
  const keys = Object.keys(update);
  if (keys.length === 0) throw new Error('update document is empty; give operators such as {"$set": {...}} or a replacement document');
  if (!keys.some((key) => key.startsWith('$'))) return { ...structuredClone(update), _id: current._id };
  if (!keys.every((key) => key.startsWith('$'))) {
    throw new Error(
      `update document mixes operators and fields (${keys.join(', ')}); use only operators like $set, or only fields for a replacement`,
    );
  }

  const { $setOnInsert, ...operators } = update as { $setOnInsert?: Record<string, unknown> } & UpdateDocument;
  const next = structuredClone(current);
  if (inserting && $setOnInsert) {
    for (const [path, value] of Object.entries($setOnInsert)) setPath(next, path, structuredClone(value));
  }
  if (Object.keys(operators).length > 0) mingoUpdate(next, operators, undefined, undefined, { cloneMode: 'deep' });
  if (JSON.stringify(next._id) !== JSON.stringify(current._id)) {
    throw new Error(`an update may not change _id (from ${JSON.stringify(current._id)} to ${JSON.stringify(next._id)})`);
  }
  return next;
}

/** The document an upsert starts from: the equality conditions of the filter, as MongoDB seeds it. */
export function upsertSeed(filter: Filter): StoredDocument {
  const seed: StoredDocument = {};
  collectEqualities(filter, seed);
  return seed;
}

function collectEqualities(filter: Filter, seed: StoredDocument): void {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) collectEqualities(part as Filter, seed);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isOperatorObject(condition)) {
      if ('$eq' in condition) setPath(seed, key, structuredClone(condition.$eq));
    } else {
      setPath(seed, key, structuredClone(condition));
    }
  }
}
