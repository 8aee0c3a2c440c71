import { DEFAULT_CONSUME_OPTIONS, type HandlerVerdict } from './event-bus';
import { attemptOf, decideSettlement, verdictOfError, type SettlementOptions } from './settlement-policy';
import { headers as H } from './topology';

const queue: SettlementOptions = { maxAttempts: 3, retryDelayMs: (attempt) => attempt * 100, deadLetters: true };
const subscription: SettlementOptions = { ...queue, deadLetters: false };
const retry: HandlerVerdict = { action: 'retry', reason: 'store timed out' };

describe('decideSettlement', () => {
  it('acks a handled message', () => {
    expect(decideSettlement({ action: 'ack' }, 1, queue)).toEqual({ action: 'ack', deadLetterParts: [] });
  });

  it('acks a bundle and names the parts to dead-letter alone', () => {
    const part = { body: Buffer.from('{"eventId":"bad"}'), messageId: 'bad', reason: 'price is not a number' };
    expect(decideSettlement({ action: 'ack', deadLetterParts: [part] }, 2, queue)).toEqual({ action: 'ack', deadLetterParts: [part] });
  });

  it('retries a failure with the next attempt number and the backoff of the attempt that failed', () => {
    expect(decideSettlement(retry, 1, queue)).toEqual({ action: 'retry', attempt: 2, delayMs: 100, reason: 'store timed out' });
    expect(decideSettlement(retry, 2, queue)).toEqual({ action: 'retry', attempt: 3, delayMs: 200, reason: 'store timed out' });
  });

  it('uses the default backoff as the transports do', () => {
    const defaults = { ...DEFAULT_CONSUME_OPTIONS, deadLetters: true };
    expect(decideSettlement(retry, 1, defaults)).toMatchObject({ action: 'retry', delayMs: 200 });
    expect(decideSettlement(retry, 4, defaults)).toMatchObject({ action: 'retry', delayMs: 1_600 });
    expect(decideSettlement(retry, 5, defaults)).toMatchObject({ action: 'dead-letter', cause: 'retries_exhausted' });
  });

  it('dead-letters a poison message once its attempts are used up, saying how many and why', () => {
    // A handler that fails on every delivery: attempts 1 and 2 are retried, the third gives up.
    const decisions = [1, 2, 3].map((attempt) => decideSettlement({ action: 'retry', reason: 'cannot parse body' }, attempt, queue));
    expect(decisions.map((d) => d.action)).toEqual(['retry', 'retry', 'dead-letter']);
    expect(decisions[2]).toEqual({
      action: 'dead-letter',
      reason: 'gave up after 3 attempts: cannot parse body',
      cause: 'retries_exhausted',
    });
  });

  it('dead-letters beyond the limit too (an attempt header from a longer-lived configuration)', () => {
    expect(decideSettlement(retry, 9, queue)).toMatchObject({ action: 'dead-letter', reason: 'gave up after 9 attempts: store timed out' });
  });

  it('never retries when one attempt is allowed', () => {
    expect(decideSettlement(retry, 1, { ...queue, maxAttempts: 1 })).toMatchObject({ action: 'dead-letter', cause: 'retries_exhausted' });
  });

  it('dead-letters at once, with the handler reason as it is, when the handler refuses the message', () => {
    expect(decideSettlement({ action: 'dead-letter', reason: 'schema version 9 unknown' }, 1, queue)).toEqual({
      action: 'dead-letter',
      reason: 'schema version 9 unknown',
      cause: 'rejected',
    });
  });

  it('drops what a subscription could not handle: its private queue has no retry or dead-letter route', () => {
    expect(decideSettlement(retry, 1, subscription)).toEqual({ action: 'drop' });
    expect(decideSettlement({ action: 'dead-letter', reason: 'x' }, 1, subscription)).toEqual({ action: 'drop' });
    const part = { body: Buffer.from('x'), reason: 'bad' };
    expect(decideSettlement({ action: 'ack', deadLetterParts: [part] }, 1, subscription)).toEqual({ action: 'ack', deadLetterParts: [] });
  });
});

describe('verdictOfError', () => {
  it('turns a thrown error into a retry with its message', () => {
    expect(verdictOfError(new Error('connection reset'))).toEqual({ action: 'retry', reason: 'connection reset' });
  });

  it('keeps something thrown that is not an Error readable', () => {
    expect(verdictOfError('plain string')).toEqual({ action: 'retry', reason: 'plain string' });
  });
});

describe('attemptOf', () => {
  it('is 1 on a first delivery (no header)', () => {
    expect(attemptOf({})).toBe(1);
  });

  it('reads the header as a number, a string or the bytes AMQP may carry', () => {
    expect(attemptOf({ [H.attempt]: 3 })).toBe(3);
    expect(attemptOf({ [H.attempt]: '4' })).toBe(4);
    expect(attemptOf({ [H.attempt]: Buffer.from('5') })).toBe(5);
  });

  it.each([['abc'], [''], [0], [-2], [2.5], [Number.NaN], [Number.POSITIVE_INFINITY], [{ nested: 1 }], [true], [null]])(
    'counts a malformed header (%p) as the first attempt',
    (value) => {
      expect(attemptOf({ [H.attempt]: value })).toBe(1);
    },
  );

  it('bounds a message with a malformed header: it is retried with a well-formed count and dead-lettered in the end', () => {
    let headers: Record<string, unknown> = { [H.attempt]: 'garbage' };
    const actions: string[] = [];
    for (let delivery = 0; delivery < 10; delivery += 1) {
      const decision = decideSettlement(retry, attemptOf(headers), queue);
      actions.push(decision.action);
      if (decision.action !== 'retry') break;
      headers = { ...headers, [H.attempt]: decision.attempt };
    }
    expect(actions).toEqual(['retry', 'retry', 'dead-letter']);
  });
});
