/** A piece of JSON text already written out (keys, commas, brackets) as opposed to a value still to serialise. */
class Text {
  constructor(readonly text: string) {}
}

type Work = Text | unknown;

/** A value that writes its own JSON, piece by piece (a packed table of many small records, say). */
export interface JsonPieces {
  jsonPieces(): Iterable<string>;
}

function hasJsonPieces(value: unknown): value is JsonPieces {
  return typeof (value as Partial<JsonPieces> | null)?.jsonPieces === 'function';
}

export interface SlicedJsonOptions {
  /** Longest stretch of work between two turns of the event loop. */
  sliceMs?: number;
  /** Text is handed to `write` in chunks of about this many characters. */
  chunkChars?: number;
}

/** 3 MiB: a multiple of 3 bytes, so base64 pieces of a long array concatenate into the array's base64. */
const BASE64_PIECE_BYTES = 3 * 1024 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `value` as JSON, with every typed array as a base64 string, without holding the event loop for more
 * than about `sliceMs` at a time: a large snapshot (hundreds of MiB) is serialised in slices between which
 * requests are served. The output is what JSON.stringify would give for the same value with its typed arrays
 * replaced by their base64 (plain data only: no toJSON, no cycles); a value with `jsonPieces()` writes itself.
 */
export async function writeJsonInSlices(
  value: unknown,
  write: (chunk: string) => Promise<unknown>,
  options: SlicedJsonOptions = {},
): Promise<void> {
  const sliceMs = options.sliceMs ?? 4;
  const chunkChars = options.chunkChars ?? 1 << 20;
  let parts: string[] = [];
  let buffered = 0;
  let sliceStart = performance.now();
  const emit = (text: string) => {
    parts.push(text);
    buffered += text.length;
  };
  const flush = async () => {
    if (buffered === 0) return;
    const chunk = parts.join('');
    parts = [];
    buffered = 0;
    await write(chunk);
  };
  const pause = async () => {
    if (buffered >= chunkChars) await flush();
    if (performance.now() - sliceStart > sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  };

  // An explicit stack rather than recursion: the walk can stop at any value and resume a turn later.
  const stack: Work[] = [value];
  let steps = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Text) emit(item.text);
    else if (ArrayBuffer.isView(item)) {
      const bytes = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
      emit('"');
      for (let at = 0; at < bytes.length; at += BASE64_PIECE_BYTES) {
        emit(bytes.subarray(at, at + BASE64_PIECE_BYTES).toString('base64'));
        await pause();
      }
      emit('"');
    } else if (hasJsonPieces(item)) {
      let pieces = 0;
      for (const piece of item.jsonPieces()) {
        emit(piece);
        if (++pieces % 256 === 0) await pause();
      }
    } else if (Array.isArray(item)) {
      emit('[');
      stack.push(new Text(']'));
      for (let i = item.length - 1; i >= 0; i--) {
        const element: unknown = item[i];
        // As JSON.stringify: what has no JSON form is null inside an array.
        stack.push(element === undefined || typeof element === 'function' || typeof element === 'symbol' ? null : element);
        if (i > 0) stack.push(new Text(','));
      }
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
      emit('{');
      stack.push(new Text('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        stack.push(v);
        stack.push(new Text(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      }
    } else emit(JSON.stringify(item) ?? 'null');
    if (++steps % 256 === 0) await pause();
  }
  await flush();
}
