import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDir } from './data-dir';
import { parseClicks, type FileFormat } from './loaders';
import type { DatasetKind } from './protocol';
import { groupSessions, splitAtGaps, type Session } from './session';
import { keepPredictable, splitByFraction, splitByLastDays, type Split } from './splits';

export const DATASET_NAMES = ['diginetica', 'otto', 'online-retail', 'groceries'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** OTTO's "session" is one user's four weeks: cut it into visits at 30-minute gaps (a common session definition). */
const OTTO_VISIT_GAP_MS = 30 * 60 * 1000;

export interface EvalDataset {
  name: string;
  kind: DatasetKind;
  /** The full training part and the test part (only predictable test clicks). */
  split: Split;
  /** A validation split of the training part alone, for tuning without looking at the test set. */
  validation: Split;
}

interface DatasetSpec {
  file: string;
  format: FileFormat;
  kind: DatasetKind;
  splitOff: (sessions: Session[]) => Split;
  visitGapMs?: number;
}

const SPECS: Record<DatasetName, DatasetSpec> = {
  // The sample is small (2,986 sessions): 30 days gives a test set of ~600 sessions instead of ~270 for 7.
  diginetica: {
    file: 'diginetica-sample/sample_train-item-views.csv',
    format: 'diginetica',
    kind: 'sequence',
    splitOff: (s) => splitByLastDays(s, 30),
  },
  otto: {
    file: 'otto-sample/train.jsonl',
    format: 'otto',
    kind: 'sequence',
    splitOff: (s) => splitByLastDays(s, 7),
    visitGapMs: OTTO_VISIT_GAP_MS,
  },
  'online-retail': {
    file: 'online-retail-10k/OnlineRetail.csv',
    format: 'online-retail',
    kind: 'basket',
    splitOff: (s) => splitByFraction(s, 0.2),
  },
  groceries: { file: 'groceries/groceries.csv', format: 'groceries', kind: 'basket', splitOff: (s) => splitByFraction(s, 0.2) },
};

export function kindOfFormat(format: FileFormat): DatasetKind {
  return format === 'online-retail' || format === 'groceries' ? 'basket' : 'sequence';
}

/** A shared data set, split into train/test by its rule, and train split again by the same rule for validation. */
export function loadNamedDataset(name: DatasetName): EvalDataset {
  const spec = SPECS[name];
  const file = path.join(dataDir(), spec.file);
  if (!fs.existsSync(file)) throw new Error(`data file ${file} is missing: put the shared data beside the repo or set SHELFLIFE_DATA_DIR`);
  let sessions = groupSessions(parseClicks(spec.format, fs.readFileSync(file, 'utf8'), file));
  if (spec.visitGapMs) sessions = splitAtGaps(sessions, spec.visitGapMs);
  const split = spec.splitOff(sessions);
  return { name, kind: spec.kind, split: keepPredictable(split), validation: keepPredictable(spec.splitOff(split.train)) };
}

/** Explicit train and test files; validation is the last 10% of training sessions by start. */
export function loadFiles(trainFile: string, testFile: string, format: FileFormat): EvalDataset {
  const read = (file: string) => {
    if (!fs.existsSync(file)) throw new Error(`file ${file} does not exist`);
    return groupSessions(parseClicks(format, fs.readFileSync(file, 'utf8'), file));
  };
  const train = read(trainFile);
  const split = keepPredictable({ train, test: read(testFile) });
  return {
    name: `${path.basename(trainFile)} / ${path.basename(testFile)}`,
    kind: kindOfFormat(format),
    split,
    validation: keepPredictable(splitByFraction(train, 0.1)),
  };
}
