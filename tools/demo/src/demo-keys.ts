import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The ingest keys of one demo run: new random keys, their hashes in a file for the gateway. */
export interface DemoKeys {
  /** Folder of this run's keys (private to the user), removed by `remove()`. */
  dir: string;
  /** The gateway's keys file (SHELFLIFE_INGEST_KEYS_FILE): `<source> <sha256 hex>` lines, never a key. */
  keysFile: string;
  /** The keys themselves as shell variables (WEB_KEY=...), to `source` for a curl against the demo. */
  envFile: string;
  /** Key by source. */
  bySource: Readonly<Record<string, string>>;
  remove(): void;
}

/**
 * A random key per source (32 bytes, base64url) for this run only, so the demo runs with ingest keys
 * on, as a deployment does; its folder is made private (0700) in the system's temporary folder.
 */
export function makeDemoKeys(sources: readonly string[], parent = os.tmpdir()): DemoKeys {
  const dir = fs.mkdtempSync(path.join(parent, 'shelflife-demo-keys-'));
  fs.chmodSync(dir, 0o700);
  const bySource: Record<string, string> = {};
  for (const source of sources) bySource[source] = randomBytes(32).toString('base64url');
  const keysFile = path.join(dir, 'ingest-keys');
  const hashes = Object.entries(bySource).map(([source, key]) => `${source} ${createHash('sha256').update(key, 'utf8').digest('hex')}`);
  fs.writeFileSync(
    keysFile,
    ['# ingest keys of one `npm run demo` run (apps/storefront-gateway/src/ingest-keys.ts)', ...hashes, ''].join('\n'),
    {
      mode: 0o600,
    },
  );
  const envFile = path.join(dir, 'keys.env');
  const variables = Object.entries(bySource).map(([source, key]) => `${source.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_KEY=${key}`);
  fs.writeFileSync(envFile, [...variables, ''].join('\n'), { mode: 0o600 });
  return { dir, keysFile, envFile, bySource, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
