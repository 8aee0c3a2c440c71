/**
 * How deep a JSON text nests, found without parsing it, so a hostile body ("[[[[…" a megabyte long)
 * is refused before JSON.parse builds a million nested arrays (tens of milliseconds of CPU each, on
 * the one thread every request shares).
 *
 * Hand-written: JSON.parse has no depth option, and the libraries that bound depth are streaming
 * parsers, several times slower than JSON.parse on the bodies we do accept. This scan only counts
 * brackets outside strings; syntax stays JSON.parse's job (a malformed body that passes here fails
 * there). It reads UTF-8 bytes: in UTF-8 the bytes of `[ { ] } " \` never occur inside a multi-byte
 * character, so no decoding is needed.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * The byte offset of the first array or object that opens deeper than `maxDepth` levels, or -1 when
 * the text stays within it. The scan stops at that offset, so a deep body costs only its first bytes.
 */
export function offsetBeyondDepth(utf8: Uint8Array, maxDepth: number): number {
  const buffer = Buffer.isBuffer(utf8) ? utf8 : Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength);
  let depth = 0;
  const end = buffer.length;
  for (let i = 0; i < end; i += 1) {
    const byte = buffer[i]!;
    if (byte === QUOTE) {
      i = closingQuote(buffer, i + 1);
      if (i < 0) return -1; // unterminated string: JSON.parse will say so
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > maxDepth) return i;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return -1;
}

/** Offset of the quote that ends the string whose contents start at `from`, or -1. */
function closingQuote(buffer: Buffer, from: number): number {
  // indexOf is native: long strings (most of a normal body) are skipped without a byte-by-byte loop.
  let at = buffer.indexOf(QUOTE, from);
  while (at >= 0) {
    let backslashes = 0;
    while (at - 1 - backslashes >= from && buffer[at - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at; // an even run of backslashes escapes itself, not the quote
    at = buffer.indexOf(QUOTE, at + 1);
  }
  return -1;
}
