import { canonicalKey } from './document-path';
import { CollectionState } from './collection-state';
import type { LogRecord } from './log-record';

/** Every collection of an embedded database, and the one way to change them: applying redo records. */
export class DatabaseState {
  readonly collections = new Map<string, CollectionState>();

  get(name: string): CollectionState | undefined {
    return this.collections.get(name);
  }

  getOrCreate(name: string): CollectionState {
    let state = this.collections.get(name);
    if (!state) {
      state = new CollectionState(name);
      this.collections.set(name, state);
    }
    return state;
  }

  apply(record: LogRecord): void {
    switch (record.t) {
      case 'put': {
        const state = this.getOrCreate(record.c);
        for (const document of record.d) state.put(document);
        return;
      }
      case 'del': {
        const state = this.collections.get(record.c);
        for (const id of record.ids) state?.remove(canonicalKey(id));
        return;
      }
      case 'drop':
        this.collections.delete(record.c);
        return;
      case 'index':
        this.getOrCreate(record.c).addIndex(record.s);
        return;
      default:
        return; // snapshot framing records carry no state
    }
  }

  /** The records that rebuild this state from nothing (a snapshot's body). */
  *records(documentsPerRecord: number): Generator<LogRecord> {
    for (const [name, state] of this.collections) {
      for (const spec of state.indexes.values()) yield { t: 'index', c: name, s: spec };
      let batch: LogRecord & { t: 'put' } = { t: 'put', c: name, d: [] };
      for (const document of state.documents.values()) {
        batch.d.push(document);
        if (batch.d.length === documentsPerRecord) {
          yield batch;
          batch = { t: 'put', c: name, d: [] };
        }
      }
      if (batch.d.length > 0 || state.documents.size === 0) yield batch;
    }
  }
}
