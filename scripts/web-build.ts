/**
 * Builds the desk (web/ → web/dist) when it is missing or older than its sources (web/src, web/public, index.html,
 * vite.config.ts, package-lock.json); `--force` builds anyway. Used by `npm run dev`, the test setup and
 * `npm run web:build`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];
const BUILT = 'web/dist/index.html';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** True when web/dist is missing or older than any source file. */
export const webBuildIsStale = (): boolean =>
  !existsSync(BUILT) || statSync(BUILT).mtimeMs < Math.max(...SOURCES.map(newestMtime));

const force = process.argv.includes('--force');
if (force || webBuildIsStale()) {
  const started = Date.now();
  console.log('Building the desk (web/ → web/dist)…');
  // Always React's production build: `npm run dev` runs with NODE_ENV=development, which would otherwise
  // make Vite bundle React's development build (about 70 KB gzip more, and slower). This is its own process.
  process.env.NODE_ENV = 'production';
  await build({ configFile: 'web/vite.config.ts', mode: 'production', logLevel: 'warn' });
  console.log(`Desk built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
