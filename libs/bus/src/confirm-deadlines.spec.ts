import { ConfirmDeadlines } from './confirm-deadlines';

describe('ConfirmDeadlines', () => {
  it('expires what was not settled in time, in order, and nothing that was settled', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    const expired: string[] = [];
    const t0 = Date.now();
    const a = deadlines.watch(() => expired.push('a'));
    deadlines.watch(() => expired.push('b'));
    deadlines.watch(() => expired.push('c'));
    a.settled();
    deadlines.sweep(t0 + 500);
    expect(expired).toEqual([]);
    deadlines.sweep(t0 + 1_100);
    expect(expired).toEqual(['b', 'c']);
    deadlines.sweep(t0 + 5_000);
    expect(expired).toEqual(['b', 'c']);
    deadlines.stop();
  });

  it('fires on its own timer, and stays bounded over many settled publishes', async () => {
    const deadlines = new ConfirmDeadlines(30);
    for (let i = 0; i < 5_000; i += 1)
      deadlines
        .watch(() => {
          throw new Error('settled ones never expire');
        })
        .settled();
    const late = new Promise<string>((resolve) => deadlines.watch(() => resolve('expired')));
    await expect(late).resolves.toBe('expired');
    deadlines.stop();
  });
});
