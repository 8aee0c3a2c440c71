import path from 'node:path';

/** The shared real-data folder beside the repository (never copied into it); SHELFLIFE_DATA_DIR overrides. */
export function sharedDataDir(): string {
  return process.env.SHELFLIFE_DATA_DIR ?? path.resolve(__dirname, '../../../../shared/data');
}
