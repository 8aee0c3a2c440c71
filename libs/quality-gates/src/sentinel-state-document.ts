import type { Store } from '@shelflife/store';

export const SENTINEL_STATE = 'sentinel_state';

interface StateDocument extends Record<string, unknown> {
  _id: string;
  /** JSON text: learned state has keys (product ids, field names) MongoDB would not accept as field names. */
  json: string;
  savedAt: number;
}

/** A JSON value kept under a name in the sentinel's state collection. */
export class SentinelStateDocument<T> {
  constructor(
    private readonly store: Store,
    private readonly id: string,
  ) {}

  async load(): Promise<T | undefined> {
    const saved = await this.store.collection<StateDocument>(SENTINEL_STATE).findOne({ _id: this.id });
    return saved ? (JSON.parse(saved.json) as T) : undefined;
  }

  async save(value: T): Promise<void> {
    await this.store
      .collection<StateDocument>(SENTINEL_STATE)
      .updateOne({ _id: this.id }, { $set: { json: JSON.stringify(value), savedAt: Date.now() } }, { upsert: true });
  }
}
