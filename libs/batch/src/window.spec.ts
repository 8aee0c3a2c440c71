import { addDays, checkWindow, daysOf, isBackfill, nightlyWindow, utcDay } from './window';

describe('batch window', () => {
  it('lists every day inclusive, across a month end', () => {
    expect(daysOf({ from: '2026-01-30', to: '2026-02-02' })).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('rejects impossible days and reversed windows with the field named', () => {
    expect(() => checkWindow({ from: '2026-02-30', to: '2026-03-01' })).toThrow(/from must be a calendar day/);
    expect(() => checkWindow({ from: '2026-03-02', to: '2026-03-01' })).toThrow(/after to/);
    expect(() => checkWindow({ from: '2026-03-01', to: '20260301' })).toThrow(/to must be/);
  });

  it('treats yesterday as the nightly window and anything older as a backfill', () => {
    const now = Date.parse('2026-11-24T02:00:00Z');
    expect(nightlyWindow(now)).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(isBackfill(nightlyWindow(now), now)).toBe(false);
    expect(isBackfill({ from: '2010-12-01', to: '2010-12-05' }, now)).toBe(true);
    expect(isBackfill({ from: '2026-11-23', to: '2026-11-23', backfill: true }, now)).toBe(true);
    expect(utcDay(Date.parse('2026-11-23T23:59:59.999Z'))).toBe('2026-11-23');
  });
});
