import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaptureBuffers, type CapturedSnapshot, type RecommendationModel, type RecsSnapshot } from '@shelflife/recs';
import { writeJsonInSlices } from '@shelflife/service-kit';
import { ChunkedTextSlot, IN_MEMORY, type Store } from '@shelflife/store';

export interface SavedSnapshot {
  savedAt: number;
  /** The last stream offset the model covers: a restart reads on from the next one. Absent in snapshots before the stream. */
  streamOffset?: number;
  model: RecsSnapshot;
  /** Where it was read from (not stored). */
  origin?: 'local' | 'shared';
}

/** The shared store's copy of the model: one per stream, written by any replica, read by a replica that has none. */
export const SHARED_SNAPSHOTS_COLLECTION = 'scorer_snapshots';

export interface SharedSnapshotTarget {
  store: Store;
  /** The stream the offsets belong to (the slot's key). */
  stream: string;
  /** The bus's stream lineage: a snapshot recorded against another one (a restarted in-process bus) is not used. */
  lineage: string;
}

/**
 * The scorer's model, kept in two places:
 * - on local disk, written to a temporary file and renamed, so a crash mid-write leaves the previous
 *   snapshot intact (nothing with STORE_DIR=":memory:");
 * - in the shared store (MongoDB) when there is one, in chunks, so a new replica with an empty disk
 *   starts from the newest model any replica saved instead of replaying the whole stream.
 * Each snapshot records the stream offset it covers, so a restart replays exactly what came after it.
 *
 * Saving does not stop the scorer: the model's tables are copied at once (consistent, the only part that
 * holds the event loop: about a tenth of a full serialisation) and the copy is encoded and written in
 * slices of a few milliseconds between which events and requests are served.
 */
export class ModelSnapshots {
  private readonly file?: string;
  private readonly slot?: ChunkedTextSlot;
  private saving?: Promise<unknown>;
  /** Reused by every capture: saves run one at a time, so the previous copy is written before it is overwritten. */
  private readonly buffers = new CaptureBuffers();

  constructor(
    storeDir: string,
    private readonly shared?: SharedSnapshotTarget,
  ) {
    if (storeDir !== IN_MEMORY) this.file = path.join(storeDir, 'scorer', 'model-snapshot.json');
    if (shared) this.slot = new ChunkedTextSlot(shared.store, shared.stream, { collection: SHARED_SNAPSHOTS_COLLECTION });
  }

  get sharesSnapshots(): boolean {
    return this.slot !== undefined;
  }

  load(): SavedSnapshot | undefined {
    if (!this.file || !fs.existsSync(this.file)) return undefined;
    return { ...(JSON.parse(fs.readFileSync(this.file, 'utf8')) as SavedSnapshot), origin: 'local' };
  }

  /** The shared copy's offset, without reading the model (undefined: none, or another lineage's). */
  async sharedOffset(): Promise<number | undefined> {
    const header = await this.slot?.header();
    return header && header.lineage === this.shared?.lineage ? header.version : undefined;
  }

  async loadShared(): Promise<SavedSnapshot | undefined> {
    const found = await this.slot?.read();
    if (!found || found.header.lineage !== this.shared?.lineage) return undefined;
    return { ...(JSON.parse(found.text) as SavedSnapshot), origin: 'shared' };
  }

  /**
   * Whichever snapshot covers more of the stream: the local one after a restart, the shared one on a
   * new replica (or when the local disk holds an older model than another replica saved).
   */
  async loadNewest(onSharedUnreadable: (error: Error) => void = () => undefined): Promise<SavedSnapshot | undefined> {
    const local = this.load();
    try {
      const sharedOffset = await this.sharedOffset();
      if (sharedOffset === undefined || (local?.streamOffset !== undefined && local.streamOffset >= sharedOffset)) return local;
      return (await this.loadShared()) ?? local;
    } catch (error) {
      // The shared copy is a shortcut: without it the replica still has its own snapshot or the stream.
      onSharedUnreadable(error as Error);
      return local;
    }
  }

  /** One save at a time: a save asked for while one is running waits for it, then writes the newer model. */
  async save(model: RecommendationModel, streamOffset: () => number | undefined = () => undefined): Promise<void> {
    const file = this.file;
    if (!file) return;
    await this.exclusive(() => this.writeFile(file, model, streamOffset));
  }

  /**
   * Saves the model to the shared store unless the copy there already covers as much of the stream
   * ('superseded': another replica is as far along, so nothing is written).
   */
  async share(model: RecommendationModel, streamOffset: () => number | undefined): Promise<'saved' | 'superseded' | 'skipped'> {
    const slot = this.slot;
    const shared = this.shared;
    if (!slot || !shared) return 'skipped';
    return this.exclusive(async () => {
      const offset = streamOffset();
      // Nothing read yet: an empty model would only take the place of a useful one.
      if (offset === undefined) return 'skipped';
      if (((await this.sharedOffset()) ?? -1) >= offset) return 'superseded';
      const captured = this.capture(model, () => offset);
      return slot.write(shared.lineage, offset, (emit) => writeJsonInSlices(captured, emit));
    });
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.saving) await this.saving.catch(() => undefined);
    const running = work();
    // The caller gets the outcome; the lock only needs to know it is over.
    this.saving = running
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.saving = undefined;
      });
    return running;
  }

  /** The offset and the tables in the same synchronous step: no event lands between the two. */
  private capture(
    model: RecommendationModel,
    streamOffset: () => number | undefined,
  ): { savedAt: number; streamOffset?: number; model: CapturedSnapshot } {
    return { savedAt: Date.now(), streamOffset: streamOffset(), model: model.captureSnapshot(this.buffers) };
  }

  private async writeFile(file: string, model: RecommendationModel, streamOffset: () => number | undefined): Promise<void> {
    const captured = this.capture(model, streamOffset);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const handle = await fs.promises.open(temporary, 'w');
    try {
      await writeJsonInSlices(captured, (chunk) => handle.write(chunk));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
  }
}
