import { Writable } from 'node:stream';
import { coalesceWritesPerTurn } from './write-coalescing';

function countingSink() {
  const writes: number[] = [];
  const received: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(1);
      received.push(chunk.toString());
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.length);
      received.push(...chunks.map((c) => (c.chunk as Buffer).toString()));
      done();
    },
  });
  return { sink, writes, received };
}

it('sends the chunks written in one turn as one write, in order', async () => {
  const { sink, writes, received } = countingSink();
  expect(coalesceWritesPerTurn(sink)).toBe(true);
  for (let i = 0; i < 10; i++) sink.write(Buffer.from(String(i)));
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual([10]);
  expect(received).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  sink.write(Buffer.from('next turn'));
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual([10, 1]);
});

it('leaves anything that is not a writable stream alone', () => {
  expect(coalesceWritesPerTurn(undefined)).toBe(false);
  expect(coalesceWritesPerTurn({ write: () => true })).toBe(false);
});
