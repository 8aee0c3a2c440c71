// Bundles one app (its libs included, node_modules left as require calls so OpenTelemetry can patch them)
// into dist/apps/<app>/. Usage: node tools/scripts/build-app.mjs <app> [entry ...]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [app, ...entries] = process.argv.slice(2);
if (!app) {
  console.error('usage: node tools/scripts/build-app.mjs <app> [entry ...]');
  process.exit(2);
}
const outdir = join(root, 'dist/apps', app);
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: (entries.length ? entries : ['main']).map((e) => join(root, 'apps', app, 'src', `${e}.ts`)),
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
console.log(`built dist/apps/${app}`);
