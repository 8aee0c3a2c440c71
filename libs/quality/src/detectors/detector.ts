import type { AlertChange } from '../alert';
import type { AlertBook } from '../alert-book';
import type { ObservedEvent } from '../observed-event';

/** A detector: bounded work per event, all learned state in one plain (snapshot-able) object. */
export interface Detector {
  readonly name: string;
  observe(event: ObservedEvent, book: AlertBook, changes: AlertChange[]): void;
  /** Called when the ingest clock moves with no events (a silent source); optional. */
  tick?(now: number, book: AlertBook, changes: AlertChange[]): void;
  state(): unknown;
}
