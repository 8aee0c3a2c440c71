import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDir } from './data-dir';
import { DATASET_NAMES, loadNamedDataset } from './datasets';

const available = fs.existsSync(path.join(dataDir(), 'diginetica-sample'));
if (!available)
  console.warn(`skipping shared-data checks: ${dataDir()} is missing (set SHELFLIFE_DATA_DIR or put the shared data beside the repo)`);

(available ? describe : describe.skip)('shared data sets', () => {
  it.each(DATASET_NAMES)('%s splits into a non-empty train and a predictable test set', (name) => {
    const dataset = loadNamedDataset(name);
    expect(dataset.split.train.length).toBeGreaterThan(0);
    expect(dataset.split.test.length).toBeGreaterThan(0);
    const known = new Set(dataset.split.train.flatMap((session) => session.clicks.map((click) => click.itemId)));
    for (const session of dataset.split.test) {
      expect(session.clicks.length).toBeGreaterThanOrEqual(2);
      for (const click of session.clicks) expect(known.has(click.itemId)).toBe(true);
    }
  });
});
