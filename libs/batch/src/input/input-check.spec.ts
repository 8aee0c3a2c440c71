import type { ShopEvent } from '@shelflife/contracts';
import type { NdjsonReading } from '../ndjson/gateway-ndjson';
import { checkInput, type InputCheckOptions } from './input-check';

const event = {
  eventId: 'e1',
  type: 'view',
  userId: '',
  sessionId: 's',
  productId: 'p',
  quantity: 1,
  occurredAt: 0,
  source: 'test',
} as ShopEvent;
const options: InputCheckOptions = {
  maxRejectedShare: 0.5,
  maxRejectedShareSetting: 'SHELFLIFE_BATCH_MAX_REJECTED_SHARE',
  archivedBefore: { events: 0, lastDay: null },
};

function reading(accepted: number, rejected: number): NdjsonReading {
  return {
    events: Array.from({ length: accepted }, () => event),
    rejected: Array.from({ length: rejected }, (_, i) => ({
      line: accepted + i + 1,
      code: 'INVALID_EVENT',
      problems: [{ field: 'price.amount', problem: 'must be a number' }],
    })),
  };
}

describe('checkInput', () => {
  it('holds a file rejected past the share, naming the count, the share, the first problems and what to do', () => {
    const verdict = checkInput('x.ndjson', reading(0, 9854), options);
    expect(verdict.accepted).toBe(false);
    expect(verdict.reason).toBe(
      "9,854 of 9,854 input lines rejected (100 % > 50 %): no line matches the event contract: the file's format does not match the contract; " +
        'first problems: line 1 INVALID_EVENT price.amount: must be a number; line 2 INVALID_EVENT price.amount: must be a number; line 3 INVALID_EVENT price.amount: must be a number; ' +
        'nothing was archived or published: fix the input or raise SHELFLIFE_BATCH_MAX_REJECTED_SHARE',
    );
    expect(verdict.findings).toEqual(['INVALID_EVENT price.amount: must be a number (9,854 line(s), first line 1)']);
  });

  it('accepts a file rejected at or under the share, saying what was left out', () => {
    expect(checkInput('x.ndjson', reading(5, 5), options)).toMatchObject({
      accepted: true,
      reason: '5 of 10 input lines accepted; 5 rejected (50 % ≤ 50 %) and left out',
    });
    expect(checkInput('x.ndjson', reading(4, 6), options)).toMatchObject({ accepted: false });
    expect(checkInput('x.ndjson', reading(3, 0), { ...options, maxRejectedShare: 0 })).toMatchObject({
      accepted: true,
      reason: '3 input lines accepted',
    });
  });

  it('holds an empty file, saying whether the days before it had events', () => {
    expect(checkInput('x.ndjson', reading(0, 0), { ...options, archivedBefore: { events: 1200, lastDay: '2026-10-02' } }).reason).toMatch(
      /^x\.ndjson holds no events, while the days before it did \(the archive holds 1,200 events up to 2026-10-02\)/,
    );
    expect(checkInput('x.ndjson', reading(0, 0), options)).toMatchObject({
      accepted: false,
      reason: expect.stringContaining('nothing was archived before it: there is nothing to compute'),
    });
  });
});
