import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// The API server the dev server proxies to (`vite` in apps/console/web; the built pages need no proxy).
const api = process.env.SHELFLIFE_CONSOLE_API_URL ?? 'http://localhost:8090';

export default defineConfig({
  root: `${here}web`,
  base: '/',
  // Everything is bundled: the console works offline, with no CDN.
  build: { outDir: `${here}../../dist/apps/console/web`, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': api, '/v1': api } },
  oxc: { jsx: { runtime: 'automatic' } },
});
