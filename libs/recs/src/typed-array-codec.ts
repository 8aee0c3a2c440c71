export type NumericArray = Uint32Array | Int32Array | Float64Array;

/**
 * How a snapshot carries a numeric table: as base64 text (the file format), or as a copy to be encoded later,
 * off the hot path. `owned` says the array is a fresh one the snapshot may keep without copying.
 */
export type ArrayEncoder<A> = (array: NumericArray, owned: boolean) => A;

/** Base64 for typed arrays: snapshots of big numeric tables stay JSON-safe and about 6x smaller than number lists. */
export function encodeTypedArray(array: NumericArray): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Keeps the numbers as they are now: a copy of a live table, or the fresh array itself. */
export function captureTypedArray(array: NumericArray, owned: boolean): NumericArray {
  return owned ? array : array.slice();
}

function decodeBytes(encoded: string, bytesPerElement: number): ArrayBuffer {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.byteLength % bytesPerElement !== 0) {
    throw new Error(
      `snapshot array has ${bytes.byteLength} bytes, not a multiple of ${bytesPerElement}: the snapshot is truncated or corrupt`,
    );
  }
  const copy = new Uint8Array(bytes.byteLength); // an aligned buffer of its own
  copy.set(bytes);
  return copy.buffer;
}

export function decodeUint32(encoded: string): Uint32Array {
  return new Uint32Array(decodeBytes(encoded, 4));
}

export function decodeInt32(encoded: string): Int32Array {
  return new Int32Array(decodeBytes(encoded, 4));
}

export function decodeFloat64(encoded: string): Float64Array {
  return new Float64Array(decodeBytes(encoded, 8));
}
