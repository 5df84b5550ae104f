/**
 * Finds or obtains the Temporal CLI binary, in this order:
 * TEMPORAL_CLI_PATH → cached build (~/.cache/freightflow/temporal-<version>/temporal) →
 * `go install github.com/temporalio/cli/cmd/temporal@v<version>` into that cache → the official release download.
 */
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { temporalConfig } from '../temporal.config';

const run = promisify(execFile);

function cliCacheDir(version = temporalConfig().cliVersion): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'freightflow', `temporal-${version}`);
}

async function hasGo(): Promise<boolean> {
  try {
    await run('go', ['version']);
    return true;
  } catch {
    return false;
  }
}

async function goInstall(version: string, dir: string, log: (m: string) => void): Promise<string> {
  log(`Building the Temporal CLI v${version} with Go (first time only, takes a few minutes)…`);
  await mkdir(dir, { recursive: true });
  await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${version}`], {
    env: { ...process.env, GOBIN: dir, GOTOOLCHAIN: process.env.GOTOOLCHAIN || 'auto', CGO_ENABLED: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return join(dir, 'temporal');
}

async function download(version: string, dir: string, log: (m: string) => void): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const url = `https://temporal.download/cli/archive/v${version}?platform=${platform}&arch=${arch}`;
  log(`Downloading the Temporal CLI v${version} from ${url}…`);
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  await mkdir(dir, { recursive: true });
  const archive = join(tmpdir(), `temporal-cli-${version}-${process.pid}.tar.gz`);
  await pipeline(Readable.fromWeb(res.body as never), createWriteStream(archive));
  await run('tar', ['-xzf', archive, '-C', dir, 'temporal']);
  await rm(archive, { force: true });
  return join(dir, 'temporal');
}

/** Path to a working Temporal CLI; throws one line that says what to do when none can be had. */
export async function ensureTemporalCli(log: (m: string) => void = (m) => console.error(m)): Promise<string> {
  const cfg = temporalConfig();
  if (cfg.cliPath) {
    if (!existsSync(cfg.cliPath)) throw new Error(`TEMPORAL_CLI_PATH=${cfg.cliPath} does not exist`);
    return cfg.cliPath;
  }
  const dir = cliCacheDir(cfg.cliVersion);
  const cached = join(dir, 'temporal');
  if (existsSync(cached)) return cached;
  const errors: string[] = [];
  if (await hasGo()) {
    // One partial directory per process: two test runs, or a dev server started beside `npm test`, may build at once
    // on a fresh machine; whichever finishes second takes the first one's binary.
    const partial = `${dir}.partial-${process.pid}`;
    try {
      const built = await goInstall(cfg.cliVersion, partial, log);
      await mkdir(dir, { recursive: true });
      await rename(built, cached);
      await chmod(cached, 0o755);
      return cached;
    } catch (e) {
      if (existsSync(cached)) return cached;
      errors.push(`go install failed (${(e as Error).message.split('\n')[0]})`);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  } else {
    errors.push('Go is not installed');
  }
  try {
    return await download(cfg.cliVersion, dir, log);
  } catch (e) {
    errors.push(`download failed (${(e as Error).message})`);
  }
  throw new Error(
    `Cannot obtain the Temporal CLI v${cfg.cliVersion}: ${errors.join('; ')}. ` +
      `Install Go (>= 1.23) or set TEMPORAL_CLI_PATH to a temporal binary.`,
  );
}
