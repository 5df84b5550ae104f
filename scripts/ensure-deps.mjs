// Installs npm dependencies when node_modules is missing or older than package-lock.json.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const lock = existsSync('package-lock.json') ? statSync('package-lock.json').mtimeMs : 0;
const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync(marker).mtimeMs < lock) {
  // A fresh clone gets exactly the lock file (npm ci); an existing node_modules is updated in place, so
  // processes already running from it (tests, the dev server) keep their files.
  const fresh = !existsSync('node_modules');
  console.error(`Installing dependencies (${fresh ? 'npm ci' : 'npm install'})…`);
  execSync(
    fresh && existsSync('package-lock.json') ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund',
    {
      stdio: 'inherit',
    },
  );
}
