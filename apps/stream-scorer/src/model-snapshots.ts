import * as fs from 'node:fs';
import * as path from 'node:path';
import { RecommendationModel, type RecsSnapshot } from '@shelflife/recs';

export interface SavedSnapshot {
  savedAt: number;
  model: RecsSnapshot;
}

/**
 * The scorer's model on disk: written to a temporary file and renamed, so a crash mid-write leaves
 * the previous snapshot intact. With STORE_DIR=":memory:" nothing is kept.
 */
export class ModelSnapshots {
  private readonly file?: string;

  constructor(storeDir: string) {
    if (storeDir !== ':memory:') this.file = path.join(storeDir, 'scorer', 'model-snapshot.json');
  }

  load(): SavedSnapshot | undefined {
    if (!this.file || !fs.existsSync(this.file)) return undefined;
    return JSON.parse(fs.readFileSync(this.file, 'utf8')) as SavedSnapshot;
  }

  async save(model: RecommendationModel): Promise<void> {
    if (!this.file) return;
    const saved: SavedSnapshot = { savedAt: Date.now(), model: model.toSnapshot() };
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.promises.open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(saved));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, this.file);
  }
}
