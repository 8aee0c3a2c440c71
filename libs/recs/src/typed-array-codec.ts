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

const ARENA_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Keeps the numbers as they are now: a copy of a live table, or the fresh array itself. Small copies (one
 * per session history: hundreds of thousands) are views into shared 4 MiB chunks, since allocating a
 * backing store per copy costs several times the copying.
 */
export class CaptureArena {
  private chunk = new ArrayBuffer(0);
  private used = 0;

  readonly capture = (array: NumericArray, owned: boolean): NumericArray => {
    if (owned) return array;
    if (array.byteLength * 4 > ARENA_CHUNK_BYTES) return array.slice();
    const offset = Math.ceil(this.used / 8) * 8; // aligned for any element size
    if (offset + array.byteLength > this.chunk.byteLength) {
      this.chunk = new ArrayBuffer(ARENA_CHUNK_BYTES);
      this.used = 0;
      return this.capture(array, owned);
    }
    const Type = array.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => NumericArray;
    const copy = new Type(this.chunk, offset, array.length);
    copy.set(array);
    this.used = offset + array.byteLength;
    return copy;
  };
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
