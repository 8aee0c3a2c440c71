import type { AlertChange } from '../alert';
import { signalKey, type AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import type { QualityOptions } from '../options';
import { cusumConfidence, newCusum, stepCusum, type CusumState } from '../stats/cusum';
import { gaussianCusumThreshold } from '../stats/gaussian-cusum';
import { round } from '../stats/round';
import type { Detector } from './detector';

/**
 * Shares are tested block by block. Event types count per event (a block of 500 absorbs a basket's
 * burst of purchases); currency and anonymity are properties of a session, so they count once per
 * new session (events of one session are not independent evidence).
 */
const DIMENSIONS = [
  { name: 'type', field: 'type', perSession: false, block: 500 },
  { name: 'currency', field: 'price.currency', perSession: true, block: 20 },
  { name: 'anonymous', field: 'userId', perSession: true, block: 20 },
] as const;
type Dimension = (typeof DIMENSIONS)[number];
/** The block size the budget is spread over (the smallest unit of evidence). */
const BUDGET_BLOCK_EVENTS = 200;
const SESSION_MEMORY = 20_000;
/** Horizon of the learned block statistics, in blocks. */
const LEARN_BLOCKS = 100;
/** Detects shifts of about 2 standard deviations of a block's (transformed) count. */
const REFERENCE_K = 1;
/**
 * The binomial Anscombe (arcsine) transform of a block count has variance 1 for any share: the learned
 * spread may never read below that (a few calm blocks early on must not make ordinary noise look like
 * a shift). The Poisson form 2·sqrt(count + 3/8) used before stabilises only small shares: for a 70 %
 * share in blocks of 20 it read a 0.13 % tail (7 of 20) as 3.9 standard deviations instead of 3.0, and
 * raised a false mix shift in 10 M clean events.
 */
const MIN_VARIANCE = 1;

interface CategoryStats {
  count: number;
  /** Blocks learned since the category first appeared. */
  blocks: number;
  /** Learned mean and variance of the transformed block count 2·sqrt(n)·asin(sqrt((count + 3/8) / (n + 3/4))). */
  mean: number;
  variance: number;
  /** Learned lag-1 covariance of block counts: the mix drifts with the set of live sessions. */
  lagCovariance: number;
  lastDeviation: number;
  share: number;
  up: CusumState;
  down: CusumState;
}

interface DimensionMix {
  counted: number;
  categories: Map<string, CategoryStats>;
}

export interface MixShiftState {
  /** 'arcsine' once block counts are learned through the binomial transform; absent in older snapshots. */
  transform?: 'arcsine';
  /** Per source|dimension. */
  mixes: Map<string, DimensionMix>;
  /** Two generations of recently seen source|sessionId keys. */
  sessions: Set<string>;
  previousSessions: Set<string>;
}

/** Categorical mix per source: the share of each event type, currency and anonymous sessions, block by block. */
export class MixShiftDetector implements Detector {
  readonly name = 'mix-shift';
  private readonly h: number;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: MixShiftState = { transform: 'arcsine', mixes: new Map(), sessions: new Set(), previousSessions: new Set() },
  ) {
    if (this.s.transform !== 'arcsine') migrateToArcsine(this.s);
    const runLengthBlocks = (options.concurrentTests * 1e6) / (options.falseAlarmsPerMillionEvents * BUDGET_BLOCK_EVENTS);
    this.h = gaussianCusumThreshold(REFERENCE_K, runLengthBlocks);
  }

  state(): MixShiftState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const shop = event.event;
    if (!shop) return;
    const newSession = this.isNewSession(`${shop.source}|${shop.sessionId}`);
    for (const dimension of DIMENSIONS) {
      if (dimension.perSession && !newSession) continue;
      const value =
        dimension.name === 'type' ? shop.type : dimension.name === 'currency' ? shop.price?.currency : shop.userId === '' ? 'yes' : 'no';
      if (value === undefined) continue;
      const key = `${shop.source}|${dimension.name}`;
      let mix = this.s.mixes.get(key);
      if (!mix) {
        mix = { counted: 0, categories: new Map() };
        this.s.mixes.set(key, mix);
      }
      count(mix, value);
      if (++mix.counted < dimension.block) continue;
      mix.counted = 0;
      for (const [category, stats] of mix.categories) this.closeBlock(event, dimension, category, stats, book, changes);
    }
  }

  private isNewSession(key: string): boolean {
    if (this.s.sessions.has(key) || this.s.previousSessions.has(key)) return false;
    this.s.sessions.add(key);
    if (this.s.sessions.size >= SESSION_MEMORY) {
      this.s.previousSessions = this.s.sessions;
      this.s.sessions = new Set();
    }
    return true;
  }

  private closeBlock(
    event: ObservedEvent,
    dimension: Dimension,
    value: string,
    stats: CategoryStats,
    book: AlertBook,
    changes: AlertChange[],
  ): void {
    const x = arcsineCount(stats.count, dimension.block);
    const share = stats.count / dimension.block;
    stats.count = 0;
    const warmedUp = stats.blocks >= this.options.mixWarmupBlocks && stats.share >= this.options.mixMinShare;
    if (warmedUp) {
      // Correlated blocks carry less evidence than independent ones: widen the spread by the AR(1) factor.
      const rho = Math.min(0.9, Math.max(0, stats.variance > 0 ? stats.lagCovariance / stats.variance : 0));
      const z = (x - stats.mean) / Math.sqrt((Math.max(MIN_VARIANCE, stats.variance) * (1 + rho)) / (1 - rho));
      this.test(event, dimension, value, 'up', stats.up, z - REFERENCE_K, stats, share, book, changes);
      this.test(event, dimension, value, 'down', stats.down, -z - REFERENCE_K, stats, share, book, changes);
    }
    if (stats.up.active || stats.down.active) return;
    // Learning stops while the category is alerted: the shifted mix must not become the baseline.
    stats.blocks += 1;
    const rate = 1 / Math.min(stats.blocks, LEARN_BLOCKS);
    const delta = x - stats.mean;
    stats.lagCovariance += rate * (delta * stats.lastDeviation - stats.lagCovariance);
    stats.lastDeviation = delta;
    stats.mean += rate * delta;
    stats.variance = (1 - rate) * (stats.variance + rate * delta * delta);
    stats.share += rate * (share - stats.share);
  }

  private test(
    event: ObservedEvent,
    dimension: Dimension,
    value: string,
    direction: 'up' | 'down',
    cusum: CusumState,
    step: number,
    stats: CategoryStats,
    share: number,
    book: AlertBook,
    changes: AlertChange[],
  ): void {
    const dim = dimension.name;
    const change = stepCusum(cusum, step, this.h, event.index, event.eventId);
    const key = signalKey('mix_shift', event.source, dim, value, direction);
    if (change === 'cleared') book.clear(key, event.ingestedAt, { clearedAtEvent: event.index, blockShare: round(share) }, changes);
    if (change !== 'raised') return;
    const word = direction === 'up' ? 'rose' : 'fell';
    book.raise(
      key,
      {
        kind: 'mix_shift',
        source: event.source,
        field: dimension.field,
        eventType: dim === 'type' ? value : '*',
        cause: `share of ${dim === 'anonymous' ? 'anonymous sessions' : dim} ${dim === 'anonymous' ? `(${value})` : value} in source ${event.source} ${word} from a learned ${(stats.share * 100).toFixed(1)}% to ${(share * 100).toFixed(1)}%: a tracking change, bot traffic or a mislabelled field upstream`,
        confidence: cusumConfidence(cusum.s, this.h),
        firstAffectedEventIndex: cusum.runStart,
        firstAffectedEventId: cusum.runStartId,
        sampleProductIds: [],
        detail: {
          dimension: dim,
          value,
          learnedShare: round(stats.share),
          blockShare: round(share),
          cusum: round(cusum.s),
          threshold: round(this.h),
        },
      },
      event.ingestedAt,
      event.index,
      changes,
    );
  }
}

/** The transformed block count: variance about 1 whatever the share. */
function arcsineCount(count: number, n: number): number {
  return 2 * Math.sqrt(n) * Math.asin(Math.sqrt((count + 0.375) / (n + 0.75)));
}

/**
 * A snapshot learned through the Poisson form 2·sqrt(count + 3/8): its means are carried over through
 * the count they stand for, its variances relearned (the floor of 1 holds meanwhile); left as they were,
 * the shifted means would read as a mix shift.
 */
function migrateToArcsine(state: MixShiftState): void {
  for (const [key, mix] of state.mixes) {
    const block = DIMENSIONS.find((dimension) => key.endsWith(`|${dimension.name}`))?.block ?? 500;
    for (const stats of mix.categories.values()) {
      const count = Math.min(block, Math.max(0, (stats.mean / 2) ** 2 - 0.375));
      stats.mean = arcsineCount(count, block);
      stats.variance = 0;
      stats.lagCovariance = 0;
      stats.lastDeviation = 0;
    }
  }
  state.transform = 'arcsine';
}

function count(mix: DimensionMix, value: string): void {
  let stats = mix.categories.get(value);
  if (!stats) {
    stats = { count: 0, blocks: 0, mean: 0, variance: 0, lagCovariance: 0, lastDeviation: 0, share: 0, up: newCusum(), down: newCusum() };
    mix.categories.set(value, stats);
  }
  stats.count += 1;
}
