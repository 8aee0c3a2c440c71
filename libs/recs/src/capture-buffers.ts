/** Where a snapshot capture puts its copies: fresh arrays, or buffers kept from the previous capture. */
export interface ArrayAllocator {
  int32(role: string, length: number): Int32Array;
  uint32(role: string, length: number): Uint32Array;
  float64(role: string, length: number): Float64Array;
}

export const FRESH_ARRAYS: ArrayAllocator = {
  int32: (_role, length) => new Int32Array(length),
  uint32: (_role, length) => new Uint32Array(length),
  float64: (_role, length) => new Float64Array(length),
};

type NumericArrayType = Int32ArrayConstructor | Uint32ArrayConstructor | Float64ArrayConstructor;

/**
 * Buffers kept from one capture to the next. A capture of a large model copies a hundred MiB or more;
 * allocating that afresh each time makes V8 run full garbage collections for "external memory pressure",
 * which took most of the capture's time (docs/benchmarks.md). Reusing the buffers trades that for memory
 * held between snapshots (`byteLength`). The owner must not capture again while the previous capture is
 * still being written: its arrays are these buffers.
 */
export class CaptureBuffers implements ArrayAllocator {
  private readonly held = new Map<string, Int32Array | Uint32Array | Float64Array>();

  int32(role: string, length: number): Int32Array {
    return this.take(role, length, Int32Array);
  }

  uint32(role: string, length: number): Uint32Array {
    return this.take(role, length, Uint32Array);
  }

  float64(role: string, length: number): Float64Array {
    return this.take(role, length, Float64Array);
  }

  get byteLength(): number {
    let bytes = 0;
    for (const array of this.held.values()) bytes += array.byteLength;
    return bytes;
  }

  private take<T extends Int32Array | Uint32Array | Float64Array>(role: string, length: number, Type: NumericArrayType): T {
    const held = this.held.get(role);
    if (held instanceof Type && held.length >= length) return held.subarray(0, length) as T;
    // A quarter of headroom: a growing model does not reallocate at every snapshot.
    const fresh = new Type(Math.ceil(length * 1.25));
    this.held.set(role, fresh);
    return fresh.subarray(0, length) as T;
  }
}
