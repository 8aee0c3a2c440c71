import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaptureBuffers, type RecommendationModel, type RecsSnapshot } from '@shelflife/recs';
import { writeJsonInSlices } from '@shelflife/service-kit';

export interface SavedSnapshot {
  savedAt: number;
  /** The last stream offset the model covers: a restart reads on from the next one. Absent in snapshots before the stream. */
  streamOffset?: number;
  model: RecsSnapshot;
}

/**
 * The scorer's model on disk: written to a temporary file and renamed, so a crash mid-write leaves
 * the previous snapshot intact. With STORE_DIR=":memory:" nothing is kept. Each snapshot records the
 * stream offset it covers, so a restart replays exactly what came after it.
 *
 * Saving does not stop the scorer: the model's tables are copied at once (consistent, the only part that
 * holds the event loop: about a tenth of a full serialisation) and the copy is encoded and written in
 * slices of a few milliseconds between which events and requests are served.
 */
export class ModelSnapshots {
  private readonly file?: string;
  private saving?: Promise<void>;
  /** Reused by every capture: saves run one at a time, so the previous copy is written before it is overwritten. */
  private readonly buffers = new CaptureBuffers();

  constructor(storeDir: string) {
    if (storeDir !== ':memory:') this.file = path.join(storeDir, 'scorer', 'model-snapshot.json');
  }

  load(): SavedSnapshot | undefined {
    if (!this.file || !fs.existsSync(this.file)) return undefined;
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as SavedSnapshot;
  }

  /** One save at a time: a save asked for while one is running waits for it, then writes the newer model. */
  async save(model: RecommendationModel, streamOffset: () => number | undefined = () => undefined): Promise<void> {
    if (!this.file) return;
    while (this.saving) await this.saving.catch(() => undefined);
    this.saving = this.write(this.file, model, streamOffset).finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  private async write(file: string, model: RecommendationModel, streamOffset: () => number | undefined): Promise<void> {
    // The offset and the tables in the same synchronous step: no event lands between the two.
    const captured = { savedAt: Date.now(), streamOffset: streamOffset(), model: model.captureSnapshot(this.buffers) };
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
