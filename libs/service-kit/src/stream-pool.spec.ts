import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { MultiplexedStreamPool } from './stream-pool';
import type { StreamAnswer, StreamQuestion } from './multiplexed-stream';

/** A duplex call that stays open and never answers: enough to count how often the pool opens one. */
function openCounter() {
  let opened = 0;
  const open = () => {
    opened += 1;
    const call = new EventEmitter() as EventEmitter & { write: () => boolean; end: () => void; cancel: () => void };
    call.write = () => true;
    call.end = () => undefined;
    call.cancel = () => undefined;
    return call as unknown as grpc.ClientDuplexStream<StreamQuestion<string>, StreamAnswer<string>>;
  };
  return { open, opened: () => opened };
}

describe('MultiplexedStreamPool', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('replaces streams soon after start (1 s, 2 s, 4 s...) and then every rebalance interval', () => {
    const counter = openCounter();
    const pool = new MultiplexedStreamPool<string, string>(
      4,
      { open: counter.open, method: 'test/Stream', peer: 'the test' },
      30_000,
    ).start();
    expect(counter.opened()).toBe(4);
    // Replacements at 1, 3, 7, 15 and 31 s after start (each wait twice the one before)...
    const at = (seconds: number) => {
      jest.advanceTimersByTime(seconds * 1000 - elapsed);
      elapsed = seconds * 1000;
      return counter.opened() - 4;
    };
    let elapsed = 0;
    expect(at(0.9)).toBe(0);
    expect(at(1)).toBe(1);
    expect(at(3)).toBe(2);
    expect(at(7)).toBe(3);
    expect(at(15)).toBe(4);
    expect(at(31)).toBe(5);
    // ...then at most one per 30 s.
    expect(at(61)).toBe(6);
    expect(at(90)).toBe(6);
    expect(at(91)).toBe(7);
    pool.close();
    expect(at(300)).toBe(7);
  });
});
