import path from 'node:path';

/** The shared UK invoices (../shared/data beside the repository, never copied into it); SHELFLIFE_DATA_DIR overrides the folder. */
export function onlineRetailCsvPath(): string {
  const dataDir = process.env.SHELFLIFE_DATA_DIR ?? path.resolve(__dirname, '../../../../shared/data');
  return path.join(dataDir, 'online-retail-10k', 'OnlineRetail.csv');
}
