/**
 * Learned state is plain data with Maps and Sets; snapshots must be JSON. These two functions
 * convert losslessly between the two (Map -> {"$map": entries}, Set -> {"$set": values}).
 */
export function encodeState(value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value].map(([key, item]) => [encodeState(key), encodeState(item)]) };
  if (value instanceof Set) return { $set: [...value].map(encodeState) };
  if (Array.isArray(value)) return value.map(encodeState);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = encodeState(item);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`cannot snapshot the non-finite number ${value}`);
  return value;
}

export function decodeState(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeState);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.$map))
      return new Map((record.$map as [unknown, unknown][]).map(([key, item]) => [decodeState(key), decodeState(item)]));
    if (Array.isArray(record.$set)) return new Set((record.$set as unknown[]).map(decodeState));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = decodeState(item);
    return out;
  }
  return value;
}
