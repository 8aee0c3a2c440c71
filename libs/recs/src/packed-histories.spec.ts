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
  const captured = store.capture();
  store.touch('s-0', 1_800_000_000_000).push(999, 4, 0); // after the capture
  expect(captured.size).toBe(30);
  expect(JSON.parse([...captured.jsonPieces()].join(''))).toEqual(expected);
});
