import { moneyToNumber } from '@shelflife/contracts';
import { ALL_SOURCES, type AlertChange } from '../alert';
import { signalKey, type AlertBook } from '../alert-book';
import { matchKnownFactor } from '../known-factors';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { cusumConfidence, newCusum, stepCusum, type CusumState } from '../stats/cusum';
import { findLevel, isKnownLevel, learnPrice, logRatiosToKnownLevels, newPriceLevels, type PriceLevels } from '../stats/price-levels';
import { blamedSource } from '../stats/rate-test';
import { round } from '../stats/round';
import type { Detector } from './detector';

/** The hypothesis "half the priced events now sit in this ratio bin", tested per bin. */
const ALTERNATIVE_SHARE = 0.5;
const MAX_RUN_PRODUCTS = 64;
/** Amounts are rounded to cents: a price is known to half a cent, which widens small prices' ratios. */
const HALF_CENT = 0.005;
const MAX_VOTE_HALF_WIDTH = 30;
const MIN_VOTES_TO_BLAME = 8;

interface BinTest {
  cusum: CusumState;
  /** Distinct products that voted for the bin in the current run: the breadth of the shift. */
  products: string[];
  /** Sum of the exact log ratios behind the run's votes: bins are coarse, the factor is not. */
  ratioSum: number;
  votes: number;
  /** Votes per source: an all-sources run driven by one source is that source's fault. */
  sources: Record<string, number>;
}

/** One place the shift is looked for: one source, or all sources of the currency together. */
interface BinScope {
  n: number;
  /** Learned votes per bin: promotions and price tiers make some ratios normal. */
  binCounts: Map<number, number>;
  /** Bins with a CUSUM above zero. */
  bins: Map<number, BinTest>;
  /** Signal key of the alert this scope raised ('' when none). */
  alerted: string;
}

interface CurrencyPrices {
  /** Price levels per product: a product has one price list whatever the channel. */
  products: Map<string, PriceLevels>;
  scopes: Map<string, BinScope>;
}

export interface PriceShiftState {
  currencies: Map<string, CurrencyPrices>;
}

/**
 * Compares each price with the same product's own price levels and looks for one common ratio
 * across many products at once: a unit or currency change (x0.92 USD→EUR, x100 cents) moves every
 * product by the same factor, a promotion or a repricing moves a few products by their own factors.
 * Each ratio bin carries a CUSUM of "this event's price is the product's level times the bin's factor";
 * an alert needs the CUSUM over the budget threshold and at least priceMinDistinctProducts products.
 * The test runs over all sources of a currency (a fault everywhere shows soonest) and per source
 * (a fault in one small source is not diluted by the others).
 */
export class PriceShiftDetector implements Detector {
  readonly name = 'price-shift';
  private readonly h: number;
  private readonly ratios: number[] = [];
  /** Bin -> the exact log ratio behind the vote. */
  private readonly votes = new Map<number, number>();

  constructor(
    private readonly options: QualityOptions,
    private readonly s: PriceShiftState = { currencies: new Map() },
  ) {
    this.h = alarmThreshold(options);
  }

  state(): PriceShiftState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const price = event.event?.price;
    if (!price) return;
    const amount = moneyToNumber(price);
    if (!(amount > 0)) return;
    let currency = this.s.currencies.get(price.currency);
    if (!currency) {
      currency = { products: new Map(), scopes: new Map() };
      this.s.currencies.set(price.currency, currency);
    }
    const everywhere = scope(currency, ALL_SOURCES);
    const source = scope(currency, event.source);
    for (const s of [everywhere, source]) {
      s.n += 1;
      if (s.n > this.options.baselineHorizonEvents) halveCounts(s);
    }
    let levels = currency.products.get(event.productId);
    if (!levels) {
      levels = newPriceLevels();
      currency.products.set(event.productId, levels);
    }
    const tolerance = this.options.priceLevelTolerance;
    if (levels.seen < this.options.priceMinHistory) {
      learnPrice(levels, amount, tolerance);
      return;
    }
    const votes = this.collectVotes(levels, amount);
    if (votes.size === 0 && everywhere.bins.size === 0 && source.bins.size === 0) {
      learnPrice(levels, amount, tolerance);
      return;
    }
    // Both scopes are stepped (a short-circuit here once left the per-source scope without the vote).
    const suspiciousEverywhere = this.testBins(everywhere, votes, event);
    const suspicious = this.testBins(source, votes, event) || suspiciousEverywhere;
    // A price that votes for a bin another product already voted for is held back from the product's
    // levels: adopting it would hide the shift it may be part of.
    if (!suspicious) learnPrice(levels, amount, tolerance);
    this.report(everywhere, price.currency, event, book, changes);
    this.report(source, price.currency, event, book, changes);
  }

  /** Ratio bins this price votes for: its ratio to each known level, widened by cent rounding. */
  private collectVotes(levels: PriceLevels, amount: number): Map<number, number> {
    const votes = this.votes;
    votes.clear();
    if (isKnownLevel(levels, findLevel(levels, amount, this.options.priceLevelTolerance))) return votes;
    logRatiosToKnownLevels(levels, amount, this.ratios);
    const width = this.options.priceBinWidth;
    const halfWidth = Math.min(MAX_VOTE_HALF_WIDTH, 1 + Math.ceil(HALF_CENT / amount / width));
    for (const ratio of this.ratios) {
      const bin = Math.round(ratio / width);
      for (let b = bin - halfWidth; b <= bin + halfWidth; b++) if (!votes.has(b)) votes.set(b, ratio);
    }
    return votes;
  }

  /** Steps the CUSUM of every voted and armed bin; true when another product voted for the same bin. */
  private testBins(scope: BinScope, votes: Map<number, number>, event: ObservedEvent): boolean {
    let suspicious = false;
    for (const [bin, test] of scope.bins) {
      if (votes.has(bin)) continue;
      const p0 = this.baseline(scope, bin);
      stepCusum(test.cusum, Math.log((1 - ALTERNATIVE_SHARE) / (1 - p0)), this.h, event.index, event.eventId);
      if (test.cusum.s === 0) scope.bins.delete(bin);
    }
    for (const [bin, ratio] of votes) {
      let test = scope.bins.get(bin);
      const p0 = this.baseline(scope, bin);
      if (!test) {
        scope.binCounts.set(bin, (scope.binCounts.get(bin) ?? 0) + 1);
        test = { cusum: newCusum(), products: [], ratioSum: 0, votes: 0, sources: {} };
        scope.bins.set(bin, test);
      }
      const repeated = test.products.includes(event.productId);
      // Another product already moved by this factor: this price may be part of a broad shift.
      if (test.products.length > (repeated ? 1 : 0)) suspicious = true;
      // Before an alert a product counts once (breadth, not one product's repricing); after it, every
      // affected event keeps the alert up.
      if (repeated && !test.cusum.active) continue;
      if (!repeated && test.products.length < MAX_RUN_PRODUCTS) test.products.push(event.productId);
      test.ratioSum += ratio;
      test.votes += 1;
      test.sources[event.source] = (test.sources[event.source] ?? 0) + 1;
      stepCusum(test.cusum, Math.log(ALTERNATIVE_SHARE / p0), this.h, event.index, event.eventId);
    }
    return suspicious;
  }

  private baseline(scope: BinScope, bin: number): number {
    return Math.max(this.options.priceMinBaselineRate, (scope.binCounts.get(bin) ?? 0) / scope.n);
  }

  private report(scope: BinScope, currency: string, event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    if (scope.alerted) {
      for (const test of scope.bins.values()) if (test.cusum.active) return;
      book.clear(scope.alerted, event.ingestedAt, { clearedAtEvent: event.index }, changes);
      scope.alerted = '';
      return;
    }
    let best: BinTest | undefined;
    for (const test of scope.bins.values()) {
      if (test.cusum.active && test.products.length >= this.options.priceMinDistinctProducts && (!best || test.cusum.s > best.cusum.s))
        best = test;
    }
    if (!best || scope.n < this.options.priceWarmupEvents) return;
    const source = priceBlame(best);
    if (source === undefined) return;
    const key = signalKey('price_unit_shift', source, currency);
    scope.alerted = key;
    // The same fault seen by the other scope is already an alert.
    if (book.isActive(key) || book.isActive(signalKey('price_unit_shift', ALL_SOURCES, currency))) return;
    const factor = Math.exp(best.ratioSum / best.votes);
    const known = matchKnownFactor(factor);
    const where = source === ALL_SOURCES ? 'all sources' : `source ${source}`;
    const products = best.products.length;
    book.raise(
      key,
      {
        kind: 'price_unit_shift',
        source,
        field: 'price.amount',
        eventType: '*',
        currency,
        cause: known
          ? `${known.cause}: prices of ${products} products in ${where} moved by x${round(factor)} against their own history`
          : `prices of ${products} products in ${where} moved together by x${round(factor)} (${((factor - 1) * 100).toFixed(1)}%) against their own history under currency ${currency}`,
        confidence: cusumConfidence(best.cusum.s, this.h),
        firstAffectedEventIndex: best.cusum.runStart,
        firstAffectedEventId: best.cusum.runStartId,
        sampleProductIds: best.products.slice(0, 5),
        detail: {
          currency,
          factor: round(factor),
          knownFactor: known ? round(known.factor) : null,
          distinctProducts: products,
          votesBySource: { ...best.sources },
          cusum: round(best.cusum.s),
          threshold: round(this.h),
        },
      },
      event.ingestedAt,
      event.index,
      changes,
    );
  }
}

/**
 * Whom a run's votes blame: one source when it cast at least 90 % of enough votes, every source when
 * two or more sources voted early; undefined (wait a few events) while a few votes all come from one.
 */
function priceBlame(test: BinTest): string | undefined {
  const sources = Object.keys(test.sources);
  if (test.votes < MIN_VOTES_TO_BLAME && sources.length === 1) return undefined;
  return test.votes < MIN_VOTES_TO_BLAME ? ALL_SOURCES : blamedSource(test.sources);
}

function scope(currency: CurrencyPrices, source: string): BinScope {
  let found = currency.scopes.get(source);
  if (!found) {
    found = { n: 0, binCounts: new Map(), bins: new Map(), alerted: '' };
    currency.scopes.set(source, found);
  }
  return found;
}

function halveCounts(scope: BinScope): void {
  scope.n /= 2;
  for (const [bin, count] of scope.binCounts) scope.binCounts.set(bin, count / 2);
}
