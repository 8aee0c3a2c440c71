import type { AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import { newGenerations, recall, remember, type Generations } from '../stats/generations';
import type { RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts } from './rate-alerts';

/** Distinct id formats remembered; past it the oldest half is forgotten (ids of free text are unbounded). */
const MAX_FORMATS = 4096;

export interface UnseenProductState {
  /** Product ids seen from any source recently (two generations). */
  seen: Generations<0>;
  /** Id format -> sources that sent an id of that format (the sources joined by "|"). */
  formats: Map<string, string>;
  streams: Map<string, RateStreamState>;
}

const UNSEEN = ['unseen'];
const NONE: string[] = [];

/**
 * A catalogue remap in one source: a surge of product ids that no source has sent before, in a format
 * no other source uses ("APP-85123" where every source sent "85123"), as a per-source rate against its
 * learned rate. Both parts matter: a launch of many new products brings never-seen ids too, but in the
 * shop's own format and to every source at once, so it is normal business. Limits: a remap that keeps
 * the format (other numbers of the same shape) is not seen, nor one into a format another source uses;
 * with a catalogue larger than the id memory, ids look new all the time and the rate is too high to test.
 */
export class UnseenProductDetector implements Detector {
  readonly name = 'unseen-products';
  private readonly alerts: RateAlerts;

  constructor(
    private readonly options: QualityOptions,
    private readonly s: UnseenProductState = { seen: newGenerations(), formats: new Map(), streams: new Map() },
  ) {
    this.alerts = new RateAlerts(
      {
        h: alarmThreshold(options),
        warmupEvents: options.warmupEvents,
        horizonEvents: options.baselineHorizonEvents,
        profile: { minAlternative: 0.5, lift: 3 },
      },
      (_label, _stream, event) => ({
        kind: 'unseen_product_ids',
        field: 'productId',
        cause: `source ${event.source} sends product ids never seen before, in a format no other source uses (e.g. ${event.productId}), far more often than learned: a catalogue remap upstream; map the ids back, or the models learn products that do not exist`,
      }),
      s.streams,
    );
  }

  state(): UnseenProductState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const shop = event.event;
    if (!shop || event.repeat || !shop.productId) return;
    const id = shop.productId;
    const format = formatOf(id);
    const users = this.s.formats.get(format);
    if (users === undefined || !users.split('|').includes(shop.source)) this.noteFormat(format, users, shop.source);
    const unseen = recall(this.s.seen, id) === undefined;
    if (unseen) remember(this.s.seen, id, 0, this.options.duplicateMemory);
    const exclusive = users === undefined || users === shop.source;
    this.alerts.feed(shop.source, shop.source, '*', event, unseen && exclusive ? UNSEEN : NONE, book, changes);
  }

  private noteFormat(format: string, users: string | undefined, source: string): void {
    if (this.s.formats.size >= MAX_FORMATS) {
      let drop = MAX_FORMATS / 2;
      for (const key of this.s.formats.keys()) {
        if (drop-- <= 0) break;
        this.s.formats.delete(key);
      }
    }
    this.s.formats.set(format, users === undefined ? source : `${users}|${source}`);
  }
}

/** An id's format: digit runs become "9", letters stay (SKU prefixes are what a remap changes). */
export function formatOf(id: string): string {
  return id
    .slice(0, 32)
    .toUpperCase()
    .replace(/[0-9]+/g, '9');
}
