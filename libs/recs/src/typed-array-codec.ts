/** Base64 for typed arrays: snapshots of big numeric tables stay JSON-safe and about 6x smaller than number lists. */
export function encodeTypedArray(array: Uint32Array | Int32Array | Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(encoded: string, bytesPerElement: number): ArrayBuffer {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.byteLength % bytesPerElement !== 0) {
    throw new Error(`snapshot array has ${bytes.byteLength} bytes, not a multiple of ${bytesPerElement}: the snapshot is truncated or corrupt`);
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
