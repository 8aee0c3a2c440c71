import type { ShopEvent } from '@shelflife/contracts';
import type { AlertChange } from './alert';
import { AlertBook, newAlertBookState } from './alert-book';
import { VolumeDetector, type VolumeState } from './detectors/volume-detector';
import type { ObservedEvent } from './observed-event';
import { alarmThreshold, resolveOptions } from './options';
import { decodeState, encodeState } from './stats/state-codec';
import { seededRandom } from './testing/seeded-random';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 5) / 1000;

/** Events per second of one type from one source; `burst` > 1 sends them in baskets of 1..2·burst−1. */
interface Flow {
  source: string;
  type: string;
  rate: (second: number) => number;
  burst?: number;
  /** An event the gateway would reject (its type is not in the contract): no parsed event. */
  invalid?: boolean;
}

/** Drives one VolumeDetector second by second with Poisson counts per source and type. */
class TypeRig {
  readonly book = new AlertBook(newAlertBookState(), 100);
  detector: VolumeDetector;
  readonly raised: { second: number; alert: AlertChange['alert'] }[] = [];
  private readonly random: () => number;
  private index = 0;

  constructor(
    seed: number,
    state?: VolumeState,
    public second = START,
  ) {
    this.random = seededRandom(seed);
    this.detector = new VolumeDetector(resolveOptions(), state);
  }

  run(seconds: number, flows: Flow[]): void {
    for (let end = this.second + seconds; this.second < end; this.second++) {
      const batch: Flow[] = [];
      for (const flow of flows) {
        const burst = flow.burst ?? 1;
        const baskets = poisson(flow.rate(this.second) / burst, this.random);
        for (let b = 0; b < baskets; b++) {
          const size = burst === 1 ? 1 : 1 + Math.floor(this.random() * (2 * burst - 1));
          for (let i = 0; i < size; i++) batch.push(flow);
        }
      }
      batch.forEach((flow, i) => {
        const event = {
          index: this.index,
          eventId: `e${this.index}`,
          ingestedAt: this.second * 1000 + Math.floor((1000 * i) / batch.length),
          source: flow.source,
          eventType: flow.type,
          event: flow.invalid ? undefined : ({ type: flow.type, source: flow.source } as ShopEvent),
        } as ObservedEvent;
        this.index += 1;
        const changes: AlertChange[] = [];
        this.detector.observe(event, this.book, changes);
        for (const change of changes) if (change.change === 'raised') this.raised.push({ second: this.second, alert: change.alert });
      });
    }
  }
}

function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let n = 0;
  for (let p = random(); p > limit; p *= random()) n += 1;
  return n;
}

/** ±50 % daily cycle, as the benchmark's stream. */
const daily =
  (base: number) =>
  (second: number): number =>
    base * (1 + 0.5 * Math.sin(2 * Math.PI * ((second % DAY) / DAY - 0.3)));

const VIEWS: Flow = { source: 'web', type: 'view', rate: daily(20) };
/** Purchases arrive in baskets (over-dispersed counts), about 2 a second on average. */
const PURCHASES: Flow = { source: 'web', type: 'purchase', rate: daily(2), burst: 3 };
const APP_VIEWS: Flow = { source: 'app', type: 'view', rate: daily(8) };

describe('volume per source and event type', () => {
  it('raises when purchases from one source stop while its views carry on, naming the type', () => {
    const rig = new TypeRig(51);
    rig.run(3600, [VIEWS, PURCHASES, APP_VIEWS]);
    expect(rig.raised).toEqual([]);
    const stop = rig.second;
    rig.run(600, [VIEWS, APP_VIEWS]);
    expect(rig.raised).toHaveLength(1);
    const [{ second, alert }] = rig.raised;
    expect(alert).toMatchObject({ kind: 'volume_drop', source: 'web', eventType: 'purchase' });
    expect(alert.cause).toMatch(/purchase events/);
    expect(alert.detail.eventType).toBe('purchase');
    // About h·D / (0.8 λ) seconds of silence (h = 19.8) at about 1 purchase/s, this hour of the night.
    const { dispersion } = rig.detector.state().types.get('web')!.get('purchase')!;
    expect(second - stop).toBeLessThan((2 * alarmThreshold(resolveOptions()) * dispersion) / 0.8);
  });

  it('a whole source that stops is one source alert, not one per type', () => {
    const rig = new TypeRig(52);
    rig.run(1800, [VIEWS, PURCHASES, APP_VIEWS]);
    rig.run(300, [APP_VIEWS]);
    expect(rig.raised.map((r) => [r.alert.source, r.alert.eventType])).toEqual([['web', '*']]);
  });

  it('two days of bursty purchases at a low rate, with the daily cycle, raise nothing', () => {
    const rig = new TypeRig(53);
    const rare: Flow = { source: 'partner', type: 'purchase', rate: daily(0.4), burst: 4 };
    rig.run(2 * DAY, [VIEWS, PURCHASES, rare]);
    expect(rig.raised).toEqual([]);
    // Baskets of 1..5 (mean 3): the learned dispersion is well above Poisson's 1.
    expect(rig.detector.state().types.get('web')!.get('purchase')!.dispersion).toBeGreaterThan(2);
  });

  it('events the gateway rejects get no per-type stream: a burst of a bogus type that ends is not a drop', () => {
    const rig = new TypeRig(54);
    const bogus: Flow = { source: 'web', type: 'add_to_wishlist', rate: () => 5, invalid: true };
    rig.run(1800, [VIEWS, PURCHASES, bogus]);
    rig.run(600, [VIEWS, PURCHASES]);
    expect(rig.raised).toEqual([]);
    expect([...rig.detector.state().types.get('web')!.keys()].sort()).toEqual(['purchase', 'view']);
  });

  it('keeps per-type baselines across a snapshot: the restored detector raises on the same second', () => {
    // An hour: the per-type test is armed once its dispersion has learned 10 blocks (up to 2 min each).
    const purchases: Flow = { ...PURCHASES, rate: daily(4) };
    const rig = new TypeRig(55);
    rig.run(3600, [VIEWS, purchases]);
    const twin = new TypeRig(55);
    twin.run(3600, [VIEWS, purchases]);
    twin.detector = new VolumeDetector(
      resolveOptions(),
      decodeState(JSON.parse(JSON.stringify(encodeState(rig.detector.state())))) as VolumeState,
    );
    rig.run(600, [VIEWS]);
    twin.run(600, [VIEWS]);
    expect(rig.raised.length).toBe(1);
    expect(twin.raised.map((r) => [r.second, r.alert.eventType, r.alert.firstAffectedEventIndex])).toEqual(
      rig.raised.map((r) => [r.second, r.alert.eventType, r.alert.firstAffectedEventIndex]),
    );
  });

  it('reads a state written before per-type streams and dispersion existed', () => {
    const rig = new TypeRig(56);
    rig.run(600, [VIEWS, PURCHASES]);
    const old = decodeState(JSON.parse(JSON.stringify(encodeState(rig.detector.state())))) as VolumeState;
    delete (old as Partial<VolumeState>).types;
    for (const source of old.sources.values()) delete (source as Partial<typeof source>).dispersion;
    rig.detector = new VolumeDetector(resolveOptions(), old);
    rig.run(600, [VIEWS, PURCHASES]);
    expect(rig.raised).toEqual([]);
    // Learned from its first event on (the first second may close before a purchase arrives).
    expect(rig.detector.state().types.get('web')!.get('purchase')!.seconds).toBeGreaterThan(590);
    expect(rig.detector.state().sources.get('web')!.dispersion).toBeLessThan(2);
  });
});
