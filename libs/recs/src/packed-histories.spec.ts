import { CaptureBuffers, FRESH_ARRAYS } from './capture-buffers';
import { HistoryStore } from './history-store';
import { IN_CART, VIEWED } from './shopper-history';
import { encodeTypedArray } from './typed-array-codec';

it('writes the same JSON as the per-history snapshot, from a capture later changes do not touch', () => {
  const store = new HistoryStore(100, 8);
  for (let s = 0; s < 30; s++) {
    const history = store.touch(`s-${s}`, 1_700_000_000_000 + s);
    for (let item = 0; item < (s % 11) + 1; item++) {
      history.push(item * 3 + s, 1 + (item % 3), s);
      history.mark(item * 3 + s, item % 2 ? VIEWED : VIEWED | IN_CART, 0);
    }
  }
  const expected = JSON.parse(JSON.stringify(store.toSnapshot(encodeTypedArray)));
  const captured = store.capture(FRESH_ARRAYS, 'sessions');
  store.touch('s-0', 1_800_000_000_000).push(999, 4, 0); // after the capture
  expect(captured.size).toBe(30);
  expect(JSON.parse([...captured.jsonPieces()].join(''))).toEqual(expected);
});

it('reuses kept buffers for the next capture, and writes each capture as it was', () => {
  const store = new HistoryStore(100, 8);
  store.touch('a', 1).push(1, 1, 0);
  const buffers = new CaptureBuffers();
  const first = JSON.parse([...store.capture(buffers, 'sessions').jsonPieces()].join(''));
  const held = buffers.byteLength;
  store.touch('b', 2).push(2, 1, 0);
  const second = [...store.capture(buffers, 'sessions').jsonPieces()].join('');
  expect(JSON.parse(second)).toEqual(JSON.parse(JSON.stringify(store.toSnapshot(encodeTypedArray))));
  expect(first).toHaveLength(1);
  expect(buffers.byteLength).toBeGreaterThanOrEqual(held);
});
