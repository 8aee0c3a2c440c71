import { parseGatewayEvent } from '@shelflife/contracts';
import { seededRandom } from '@shelflife/quality';
import { ksPValue } from './baselines';
import { runScenario } from './harness';
import { quantile } from './report';
import { loadRetailCatalog, syntheticCatalog } from './retail-catalog';
import { FAULTS, NORMAL_CHANGES } from './scenarios';
import { ShopStream } from './shop-stream';

const catalog = syntheticCatalog(seededRandom(3), 300);

describe('sentinel benchmark pieces', () => {
  it('KS: same distribution passes, a x0.92 shift of a wide sample fails', () => {
    const random = seededRandom(1);
    const reference = Array.from({ length: 5000 }, () => 10 + random() * 50).sort((a, b) => a - b);
    const same = Array.from({ length: 1000 }, () => 10 + random() * 50);
    expect(ksPValue(reference, same)).toBeGreaterThan(0.05);
    expect(
      ksPValue(
        reference,
        same.map((x) => x * 0.8),
      ),
    ).toBeLessThan(0.05);
  });

  it('quantile counts misses as infinitely late', () => {
    expect(quantile([1, 2, 3, Infinity], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, Infinity], 0.9)).toBe(Infinity);
  });

  it('generates the same stream for the same seed', () => {
    const a = new ShopStream(catalog, 7);
    const b = new ShopStream(catalog, 7);
    for (let i = 0; i < 300; i++) expect(b.next()).toEqual(a.next());
  });

  it('generates events the gateway accepts (anonymous shoppers omit userId), apart from no faults', () => {
    const stream = new ShopStream(catalog, 11);
    let anonymous = 0;
    for (let i = 0; i < 3000; i++) {
      const { raw, ingestedAt } = stream.next();
      const parsed = parseGatewayEvent(raw, { now: ingestedAt });
      // The generator's only deliberate defect is the 0.1 % of null sessionIds.
      if (raw.sessionId !== null) expect(parsed).toMatchObject({ ok: true });
      if (!('userId' in raw)) anonymous += 1;
    }
    expect(anonymous).toBeGreaterThan(300);
  });

  it('reads the real catalog when the shared data is there', () => {
    const { catalog: real, reason } = loadRetailCatalog();
    if (!real) {
      console.log(`skipped: ${reason}`);
      return;
    }
    expect(real.products.length).toBeGreaterThan(1000);
    expect(real.products.every((p) => p.levels.length > 0 && p.levels.every((price) => price > 0))).toBe(true);
  });

  it('the sentinel catches an injected x0.92 fault and stays quiet on a promotion (small run)', () => {
    // 20k warm-up: the USD scopes need 10k priced events before their price test may alarm.
    const settings = { warmupEvents: 20_000, postEvents: 600 };
    const fault = runScenario(catalog, FAULTS[0], 1, settings).get('sentinel')!;
    expect(fault.events).toBeDefined();
    expect(fault.warmupAlarms).toBe(0);
    const promotion = runScenario(catalog, NORMAL_CHANGES[1], 1, settings).get('sentinel')!;
    expect(promotion.alarms).toBe(0);
  });

  it('the sentinel catches one event type of one source going silent (small run)', () => {
    const scenario = FAULTS.find((s) => s.name.startsWith('volume drop one type'))!;
    const result = runScenario(catalog, scenario, 2, { warmupEvents: 0, postEvents: 0 }).get('sentinel')!;
    expect(result.warmupAlarms).toBe(0);
    expect(result.events).toBeDefined();
  });

  it('names the cause of a per-source time-zone shift and of a catalogue remap (small runs)', () => {
    const settings = { warmupEvents: 20_000, postEvents: 400 };
    for (const name of ['clock: app sends local time as UTC', 'product ids change format']) {
      const scenario = FAULTS.find((s) => s.name.startsWith(name))!;
      const result = runScenario(catalog, scenario, 3, settings).get('sentinel')!;
      expect(result.warmupAlarms).toBe(0);
      expect([name, result.events !== undefined, result.named]).toEqual([name, true, true]);
    }
  });

  it('ramps traffic geometrically to the target and holds it (Black Friday, a quiet night)', () => {
    const stream = new ShopStream(catalog, 5);
    stream.rampTo(4, 60_000);
    const start = stream.now;
    while (stream.now < start + 30_000) stream.next();
    expect(stream.rateMultiplier).toBeGreaterThan(1.9);
    expect(stream.rateMultiplier).toBeLessThan(2.1);
    while (stream.now < start + 90_000) stream.next();
    expect(stream.rateMultiplier).toBe(4);
  });
});
