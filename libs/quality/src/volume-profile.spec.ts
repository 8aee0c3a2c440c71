import type { AlertChange } from './alert';
import { AlertBook, newAlertBookState } from './alert-book';
import { VolumeDetector, type VolumeState } from './detectors/volume-detector';
import type { ObservedEvent } from './observed-event';
import { resolveOptions } from './options';
import { decodeState, encodeState } from './stats/state-codec';
import { seededRandom } from './testing/seeded-random';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 5) / 1000;
/** Peak of the cycle below: sin(2π(x - 0.3)) = 1 at x = 0.55 of the day, 13:12 UTC. */
const PEAK_HOUR = 13.2;

/** Drives one VolumeDetector second by second with Poisson counts from one source ('web'). */
class VolumeRig {
  readonly book = new AlertBook(newAlertBookState(), 100);
  detector: VolumeDetector;
  readonly raised: { second: number; change: AlertChange }[] = [];
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

  /** Runs `seconds` seconds at rate(second) events/s. */
  run(seconds: number, rate: (second: number) => number): void {
    for (let end = this.second + seconds; this.second < end; this.second++) {
      const n = poisson(rate(this.second), this.random);
      for (let i = 0; i < n; i++) {
        const changes: AlertChange[] = [];
        const event = {
          index: this.index,
          eventId: `e${this.index}`,
          ingestedAt: this.second * 1000 + Math.floor((1000 * i) / n),
          source: 'web',
        } as ObservedEvent;
        this.index += 1;
        this.detector.observe(event, this.book, changes);
        for (const change of changes) if (change.change === 'raised') this.raised.push({ second: this.second, change });
      }
    }
  }
}

function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let n = 0;
  for (let p = random(); p > limit; p *= random()) n += 1;
  return n;
}

/** ±50 % around 10 events/s, as the benchmark's stream. */
function daily(second: number): number {
  return 10 * (1 + 0.5 * Math.sin(2 * Math.PI * ((second % DAY) / DAY - 0.3)));
}

/** Seconds from `from` to the next `hour` of the day. */
function untilHour(from: number, hour: number): number {
  return (((hour * 3600 - (from % DAY)) % DAY) + DAY) % DAY;
}

describe('volume against a time-of-day profile', () => {
  it('learns a daily cycle with a traffic spike and never alarms on it', () => {
    const rig = new VolumeRig(41);
    const spikeAt = START + 1.6 * DAY;
    rig.run(3 * DAY, (second) => {
      const since = second - spikeAt;
      const spike = since < 0 ? 1 : since < 660 ? 3 : 1 + 2 * Math.exp(-(since - 660) / 300);
      return daily(second) * spike;
    });
    expect(rig.raised).toEqual([]);
    const { rate } = rig.detector.state().sources.get('web')!.profile;
    expect(rate[13]).toBeGreaterThan(13);
    expect(rate[1]).toBeLessThan(7);
  });

  it('raises a fade at the busy hour that the short-term baseline alone would follow', () => {
    const rig = new VolumeRig(42);
    rig.run(2 * DAY + untilHour(START, PEAK_HOUR - 0.5), daily);
    expect(rig.raised).toEqual([]);
    const fadeStart = rig.second;
    // Traffic fades linearly to 10 % over 30 minutes (a throttled producer), then stays there.
    const fade = (second: number): number => daily(second) * Math.max(0.1, 1 - (0.9 * (second - fadeStart)) / 1800);
    rig.run(2400, fade);
    expect(rig.raised.length).toBeGreaterThan(0);
    expect(new Set(rig.raised.map((r) => r.change.alert.kind))).toEqual(new Set(['volume_drop']));
    expect(rig.raised[0].change.alert.cause).toMatch(/profile expects at this hour/);
    expect(rig.raised[0].second - fadeStart).toBeLessThan(1800);

    // A new deployment (no profile yet) sees the same fade through its 60 s baseline only: no alarm.
    const fresh = new VolumeRig(42, undefined, fadeStart - 1800);
    fresh.run(1800, daily);
    fresh.run(2400, fade);
    expect(fresh.raised).toEqual([]);
  });

  it('keeps the profile across a snapshot: the restored detector raises on the same second', () => {
    const learn = 2 * DAY + untilHour(START, PEAK_HOUR - 0.5);
    const rig = new VolumeRig(44);
    rig.run(learn, daily);
    // A twin driven by the same counts to the same point, then given the detector restored from JSON.
    const twin = new VolumeRig(44);
    twin.run(learn, daily);
    twin.detector = new VolumeDetector(
      resolveOptions(),
      decodeState(JSON.parse(JSON.stringify(encodeState(rig.detector.state())))) as VolumeState,
    );
    const fadeStart = rig.second;
    const fade = (second: number): number => daily(second) * Math.max(0.1, 1 - (0.9 * (second - fadeStart)) / 1800);
    rig.run(2400, fade);
    twin.run(2400, fade);
    expect(rig.raised.length).toBeGreaterThan(0);
    expect(twin.raised.map((r) => [r.second, r.change.alert.firstAffectedEventIndex])).toEqual(
      rig.raised.map((r) => [r.second, r.change.alert.firstAffectedEventIndex]),
    );
  });

  it('reads a state written before the profile existed and starts the profile empty', () => {
    const rig = new VolumeRig(45);
    rig.run(600, daily);
    const old = decodeState(JSON.parse(JSON.stringify(encodeState(rig.detector.state())))) as VolumeState;
    for (const source of old.sources.values()) {
      delete (source as Partial<typeof source>).profile;
      delete (source as Partial<typeof source>).level;
    }
    rig.detector = new VolumeDetector(resolveOptions(), old);
    rig.run(600, daily);
    expect(rig.raised).toEqual([]);
    expect(
      rig.detector
        .state()
        .sources.get('web')!
        .profile.seconds.reduce((a, b) => a + b, 0),
    ).toBe(600);
  });
});
