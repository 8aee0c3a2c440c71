import { writeJsonInSlices } from './sliced-json';

/** What the output must equal: JSON.stringify with typed arrays as base64. */
const reference = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v,
  );

async function collect(value: unknown, options = {}): Promise<string> {
  const chunks: string[] = [];
  await writeJsonInSlices(value, async (chunk) => chunks.push(chunk), options);
  return chunks.join('');
}

it('writes what JSON.stringify writes, typed arrays as base64', async () => {
  const value = {
    format: 'x',
    n: 1.5,
    neg: -0,
    big: 1e21,
    nan: NaN,
    t: true,
    none: null,
    skipped: undefined,
    quote: 'a"b\\c\n\u2028',
    list: [1, 'two', null, undefined, { deep: [[], {}] }],
    floats: new Float64Array([0.1, 2, -3.5]),
    view: new Int32Array([1, 2, 3, 4, 5]).subarray(1, 4),
    sessions: [['s-1', { data: new Int32Array([7, 8]), capacity: 2 }]],
  };
  expect(await collect(value)).toBe(reference(value));
  expect(await collect([])).toBe('[]');
  expect(await collect('just a string')).toBe('"just a string"');
});

it('splits a large array into base64 pieces that join into its base64', async () => {
  const large = new Float64Array(1_000_003).map((_, i) => i * 0.25);
  const value = { large, after: [1, 2] };
  const text = await collect(value, { chunkChars: 64 * 1024 });
  expect(text).toBe(reference(value));
  expect(JSON.parse(text).after).toEqual([1, 2]);
});

it('lets the event loop run while it works', async () => {
  const value = { sessions: Array.from({ length: 50_000 }, (_, i) => [`s-${i}`, { data: new Int32Array(14), lastSeen: i }]) };
  let turns = 0;
  const ticker = setInterval(() => (turns += 1), 0);
  await collect(value, { sliceMs: 1 });
  clearInterval(ticker);
  expect(turns).toBeGreaterThan(0);
});

it('lets a value write its own JSON in pieces', async () => {
  const packed = {
    *jsonPieces() {
      yield '[';
      for (let i = 0; i < 1000; i++) yield `${i ? ',' : ''}{"i":${i}}`;
      yield ']';
    },
  };
  const text = await collect({ before: 1, packed, after: [2] });
  expect(JSON.parse(text)).toEqual({ before: 1, packed: Array.from({ length: 1000 }, (_, i) => ({ i })), after: [2] });
});
