import { moneyToNumber, type ShopEvent } from '@shelflife/contracts';
import type { AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';
import { alarmThreshold, type QualityOptions } from '../options';
import type { RateEvent, RateStreamState } from '../stats/rate-test';
import type { Detector } from './detector';
import { RateAlerts } from './rate-alerts';

/**
 * Values of one field in one source and event type, taken in blocks of this many: a block whose values
 * are all the same is "constant". Ten values that varied (three quantities) are all equal by chance once
 * in 20 000 blocks; a field that turned constant makes every block constant.
 */
const BLOCK = 10;

const FIELDS: ReadonlyArray<{ field: string; read: (event: ShopEvent) => number | undefined }> = [
  { field: 'quantity', read: (event) => event.quantity },
  { field: 'price.amount', read: (event) => (event.price ? moneyToNumber(event.price) : undefined) },
];

interface OpenBlock {
  first: number;
  count: number;
  constant: boolean;
  /** Where the block started: a constant run's first affected event. */
  start: RateEvent;
}

export interface ConstantFieldState {
  /** Keyed source|type|field. */
  blocks: Map<string, OpenBlock>;
  streams: Map<string, RateStreamState>;
}

const NONE: string[] = [];

/**
 * A field that turned constant or defaulted in one source and event type (quantity always 1, a price
 * always 9.99: a renamed column filled with a default), as the rate of constant blocks against its learned
 * rate. A field that is constant by nature (a view's quantity) has a learned rate near 1 and is not
 * tested. Zero and missing values are the field-shape detector's (null_burst): they do not count here.
 */
export class ConstantFieldDetector implements Detector {
  readonly name = 'constant-field';
  private readonly alerts: RateAlerts;

  constructor(
    options: QualityOptions,
    private readonly s: ConstantFieldState = { blocks: new Map(), streams: new Map() },
  ) {
    this.alerts = new RateAlerts(
      // The stream's unit is a block: the warm-up counts blocks, so it is BLOCK times shorter in events.
      {
        h: alarmThreshold(options),
        warmupEvents: Math.ceil(options.warmupEvents / BLOCK),
        horizonEvents: Math.ceil(options.baselineHorizonEvents / BLOCK),
        profile: { minAlternative: 0.5, lift: 3 },
      },
      (label) => {
        const [source, type, field] = label.split('|');
        return {
          kind: 'constant_field',
          field,
          cause: `${field} of ${type} events from source ${source} stopped varying: every one of the last ${BLOCK} carries the same value, far more often than learned; likely a renamed or unmapped column filled with a default upstream`,
        };
      },
      s.streams,
    );
  }

  state(): ConstantFieldState {
    return this.s;
  }

  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void {
    const shop = event.event;
    if (!shop || event.repeat) return;
    for (const { field, read } of FIELDS) {
      const value = read(shop);
      if (value === undefined || value === 0) continue;
      const key = `${shop.source}|${shop.type}|${field}`;
      let block = this.s.blocks.get(key);
      if (!block || block.count === 0) {
        block = {
          first: value,
          count: 0,
          constant: true,
          start: { index: event.index, eventId: event.eventId, productId: event.productId, source: event.source },
        };
        this.s.blocks.set(key, block);
      }
      block.count += 1;
      if (value !== block.first) block.constant = false;
      if (block.count < BLOCK) continue;
      block.count = 0;
      // The condition's label carries the key so that the alert can name source, type and field.
      this.alerts.feed(key, shop.source, shop.type, event, block.constant ? [key] : NONE, book, changes, block.start);
    }
  }
}
