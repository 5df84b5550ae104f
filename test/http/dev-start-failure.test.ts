/**
 * `npm run dev` (scripts/dev.ts) that cannot start says why and leaves nothing behind: found by a fresh-clone try-out,
 * where a taken port crashed it with an unhandled error and its Temporal dev server kept holding 7233 and 8233.
 * Here the API's port is taken: the process exits 1 naming the port and the setting, and the dev server it had
 * started no longer answers.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../faults/support/processes';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = new Socket();
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });

it('a taken API port: exit 1 with the port and the setting named, and its Temporal dev server stopped', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ff-dev-start-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const holder: Server = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => holder.close(r)));
  const apiPort = (holder.address() as { port: number }).port;
  const [temporalPort, uiPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
    WORKER_METRICS_ADDRESS: 'off',
    WORKER_APP_METRICS_ADDRESS: 'off',
    LOG_LEVEL: 'warn',
  };
  // The embedded default, as a new user runs it; its own Temporal dev server.
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(async () => child.exitCode === null && child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(1);
  expect(output).toMatch(new RegExp(`npm run dev could not start: .*${apiPort}.*PORT`));
  expect(await listening(temporalPort), `Temporal dev server still on ${temporalPort}`).toBe(false);
}, 240_000);
