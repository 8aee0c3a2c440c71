/**
 * Bounded memory of recently seen keys: two generations, each up to `capacity` keys. When the current
 * one fills it becomes the previous one and the oldest generation is dropped, so at least `capacity`
 * and at most 2 × `capacity` recent keys are remembered, in O(1) per key and as plain (snapshot-able) data.
 */
export interface Generations<V> {
  current: Map<number | string, V>;
  previous: Map<number | string, V>;
}

export function newGenerations<V>(): Generations<V> {
  return { current: new Map(), previous: new Map() };
}

export function recall<V>(memory: Generations<V>, key: number | string): V | undefined {
  return memory.current.get(key) ?? memory.previous.get(key);
}

export function remember<V>(memory: Generations<V>, key: number | string, value: V, capacity: number): void {
  memory.current.set(key, value);
  if (memory.current.size >= capacity) {
    memory.previous = memory.current;
    memory.current = new Map();
  }
}

/**
 * A 53-bit FNV-1a style hash of a string (two 32-bit lanes): keys of the content memory are numbers, so a
 * fingerprint costs 8 bytes instead of its text. Collisions are negligible at 2^53 over 10^5 keys.
 */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
