/**
 * `npm run web:size`: measured, not asserted. Prints the initial JavaScript (gzip) each desk route loads
 * — the entry chunk and its static imports plus the route's lazy chunk and its static imports, from
 * Vite's manifest — and the time from navigation to an interactive inbox in Chromium against the API
 * serving the build (needs `npm run dev` running, or DESK_URL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

execFileSync(process.execPath, ['--import', 'tsx', 'scripts/web-build.ts'], { stdio: 'inherit' });
const dist = 'web/dist';
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean }
>;

function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) closure(i, seen);
  return seen;
}
const gz = (keys: Set<string>) =>
  [...keys].reduce((n, k) => n + gzipSync(readFileSync(join(dist, manifest[k]!.file))).length, 0);
const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const base = closure(entry);
console.log(`route                      initial JS gzip`);
// The entry's lazy imports that are pages (not a lazily drawn part such as components/ErrorIllustration.tsx).
for (const page of (manifest[entry]!.dynamicImports ?? []).filter((k) => k.startsWith('src/pages/'))) {
  const keys = closure(page, new Set(base));
  console.log(
    `${page.replace('src/pages/', '').replace('.tsx', '').padEnd(26)} ${(gz(keys) / 1024).toFixed(1).padStart(7)} KB`,
  );
}

const url = process.env.DESK_URL ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${url}/desk/sign-in`);
  await page.getByTestId('sign-in-commerce').click();
  await page.getByTestId('whoami').waitFor();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.goto(`${url}/desk/inbox`);
    await page.locator('[data-testid="inbox-table"][aria-busy="false"]').waitFor();
    await page.getByTestId('inbox-badge').waitFor();
    times.push(Date.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`interactive inbox at ${url}: median ${times[2]} ms (of 5 loads: ${times.join(', ')} ms)`);
} catch (e) {
  console.log(
    `time to interactive inbox: not measured (${(e as Error).message.split('\n')[0]}); start \`npm run dev\` or set DESK_URL`,
  );
} finally {
  await browser.close();
}
