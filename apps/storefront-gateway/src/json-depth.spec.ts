import { offsetBeyondDepth } from './json-depth';

const depthOf = (text: string, max: number) => offsetBeyondDepth(Buffer.from(text, 'utf8'), max);

describe('offsetBeyondDepth', () => {
  it('accepts JSON that nests exactly to the limit and names the byte where it goes beyond', () => {
    expect(depthOf('{"events":[{"price":{"amount":1}}]}', 4)).toBe(-1);
    expect(depthOf('{"events":[{"price":{"amount":[1]}}]}', 4)).toBe(30);
    expect(depthOf('[[[[[[[[[', 8)).toBe(8);
  });

  it('stops at the first level too deep, whatever follows', () => {
    const attack = Buffer.alloc(1_000_000, '[');
    expect(offsetBeyondDepth(attack, 8)).toBe(8);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(depthOf('{"a":"[[[[[[[[[[{{{{{{"}', 1)).toBe(-1);
    expect(depthOf('{"a":"say \\"[[[[\\" twice","b":"\\\\","c":[1]}', 2)).toBe(-1);
    // "\\\\" ends with an escaped backslash, so its closing quote is real and the [ after it counts.
    expect(depthOf('["\\\\",[[', 2)).toBe(7);
  });

  it('reads multi-byte characters without mistaking their bytes for brackets', () => {
    expect(depthOf('{"name":"Ŝ✓😀[","x":{}}', 2)).toBe(-1);
  });

  it('leaves malformed text to JSON.parse instead of failing it here', () => {
    expect(depthOf(']]]]{"unterminated', 1)).toBe(-1);
    expect(depthOf('', 1)).toBe(-1);
  });
});
