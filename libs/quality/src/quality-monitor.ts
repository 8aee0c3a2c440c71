import type { Alert, AlertChange, QuarantineVerdict } from './alert';
import { AlertBook, newAlertBookState, type AlertBookState } from './alert-book';
import { ConstantFieldDetector, type ConstantFieldState } from './detectors/constant-field-detector';
import { ContentDuplicateDetector, type ContentDuplicateState } from './detectors/content-duplicate-detector';
import type { Detector } from './detectors/detector';
import { DuplicateDetector, type DuplicateState } from './detectors/duplicate-detector';
import { FieldShapeDetector, type FieldShapeState } from './detectors/field-shape-detector';
import { FreshnessDetector, type FreshnessState } from './detectors/freshness-detector';
import { MixShiftDetector, type MixShiftState } from './detectors/mix-shift-detector';
import { PriceShiftDetector, type PriceShiftState } from './detectors/price-shift-detector';
import { UnseenProductDetector, type UnseenProductState } from './detectors/unseen-product-detector';
import { VolumeDetector, type VolumeState } from './detectors/volume-detector';
import type { EventView } from './event-view';
import { observedAt } from './observed-event';
import { resolveOptions, type QualityOptions } from './options';
import { matchesVerdict, quarantineKeyOf, verdictsFromAlerts } from './quarantine';
import { decodeState, encodeState } from './stats/state-codec';

export const SNAPSHOT_VERSION = 1;

/** JSON-safe learned state of a QualityMonitor; persist it and pass it to QualityMonitor.fromSnapshot. */
export interface QualitySnapshot {
  version: number;
  options: QualityOptions;
  state: unknown;
}

interface MonitorState {
  nextIndex: number;
  countsByType: Map<string, number>;
  book: AlertBookState;
  fieldShape?: FieldShapeState;
  priceShift?: PriceShiftState;
  duplicates?: DuplicateState;
  freshness?: FreshnessState;
  volume?: VolumeState;
  mixShift?: MixShiftState;
  contentDuplicates?: ContentDuplicateState;
  constantFields?: ConstantFieldState;
  unseenProducts?: UnseenProductState;
}

/**
 * The sentinel's brain: every detector over one event stream, the alerts they raise and clear, and
 * the quarantine verdicts that follow. Pure (no I/O): the service and the replay tool drive it.
 */
export class QualityMonitor {
  readonly options: QualityOptions;
  private readonly s: MonitorState;
  private readonly book: AlertBook;
  private readonly detectors: Detector[];
  private verdictCache: QuarantineVerdict[] | undefined;

  constructor(options: Partial<QualityOptions> = {}, state?: MonitorState) {
    this.options = resolveOptions(options);
    this.s = state ?? { nextIndex: 0, countsByType: new Map(), book: newAlertBookState() };
    this.book = new AlertBook(this.s.book, this.options.clearedAlertsKept);
    const fieldShape = new FieldShapeDetector(this.options, this.s.fieldShape);
    const priceShift = new PriceShiftDetector(this.options, this.s.priceShift);
    const duplicates = new DuplicateDetector(this.options, this.s.duplicates);
    const freshness = new FreshnessDetector(this.options, this.s.freshness);
    const volume = new VolumeDetector(this.options, this.s.volume);
    const mixShift = new MixShiftDetector(this.options, this.s.mixShift);
    const contentDuplicates = new ContentDuplicateDetector(this.options, this.s.contentDuplicates);
    const constantFields = new ConstantFieldDetector(this.options, this.s.constantFields);
    const unseenProducts = new UnseenProductDetector(this.options, this.s.unseenProducts);
    Object.assign(this.s, {
      fieldShape: fieldShape.state(),
      priceShift: priceShift.state(),
      duplicates: duplicates.state(),
      freshness: freshness.state(),
      volume: volume.state(),
      mixShift: mixShift.state(),
      contentDuplicates: contentDuplicates.state(),
      constantFields: constantFields.state(),
      unseenProducts: unseenProducts.state(),
    });
    // The duplicate detector marks redelivered events (event.repeat): it runs before every detector that reads it.
    this.detectors = [duplicates, fieldShape, priceShift, freshness, contentDuplicates, constantFields, unseenProducts, volume, mixShift];
  }

  /**
   * Feeds one event, as viewOfEnvelope (the sentinel's bus events) or viewOfGatewayJson (replay files,
   * tests) read it, and returns the alerts it raised or cleared. Events are numbered from 0 in call order.
   */
  observe(view: EventView): AlertChange[] {
    const event = observedAt(view, this.s.nextIndex++);
    this.s.countsByType.set(event.eventType, (this.s.countsByType.get(event.eventType) ?? 0) + 1);
    const changes: AlertChange[] = [];
    for (const detector of this.detectors) detector.observe(event, this.book, changes);
    if (changes.length > 0) this.verdictCache = undefined;
    return changes;
  }

  /** Moves the ingest clock without an event (call it every second or so): a silent source is seen. */
  tick(now: number): AlertChange[] {
    const changes: AlertChange[] = [];
    for (const detector of this.detectors) detector.tick?.(now, this.book, changes);
    if (changes.length > 0) this.verdictCache = undefined;
    return changes;
  }

  /** How many events have been observed (the next event's index). */
  get eventsObserved(): number {
    return this.s.nextIndex;
  }

  /** Events seen per event type as received ("?" for a missing or invalid type). */
  countsByType(): Record<string, number> {
    return Object.fromEntries(this.s.countsByType);
  }

  activeAlerts(): Alert[] {
    return this.book.activeAlerts();
  }

  /** Active alerts, then the most recently cleared (at most options.clearedAlertsKept). */
  alerts(includeCleared: boolean): Alert[] {
    return includeCleared ? [...this.book.activeAlerts(), ...this.book.clearedAlerts().reverse()] : this.book.activeAlerts();
  }

  quarantineVerdicts(): QuarantineVerdict[] {
    this.verdictCache ??= verdictsFromAlerts(this.book.activeAlerts(), (id) => this.book.currencyOf(id));
    return this.verdictCache.map((verdict) => ({ ...verdict }));
  }

  /** True when a verdict holds this event (a ShopEvent or a raw gateway object) back from learning. */
  isQuarantined(event: unknown): boolean {
    this.verdictCache ??= verdictsFromAlerts(this.book.activeAlerts(), (id) => this.book.currencyOf(id));
    if (this.verdictCache.length === 0) return false;
    const key = quarantineKeyOf(event);
    return this.verdictCache.some((verdict) => matchesVerdict(key, verdict));
  }

  toSnapshot(): QualitySnapshot {
    return { version: SNAPSHOT_VERSION, options: { ...this.options }, state: encodeState(this.s) };
  }

  /** Restores learned baselines and active alerts; options given here override the snapshot's. */
  static fromSnapshot(snapshot: QualitySnapshot, options: Partial<QualityOptions> = {}): QualityMonitor {
    if (!snapshot || snapshot.version !== SNAPSHOT_VERSION) {
      throw new Error(
        `quality snapshot version ${String(snapshot?.version)} is not supported (expected ${SNAPSHOT_VERSION}); start without it to relearn baselines`,
      );
    }
    return new QualityMonitor({ ...snapshot.options, ...options }, decodeState(snapshot.state) as MonitorState);
  }
}
