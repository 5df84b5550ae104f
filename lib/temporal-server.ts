/**
 * Finds or builds the Temporal server (`temporal-server`) and its schema tool (`temporal-sql-tool`) of
 * TEMPORAL_SERVER_VERSION, for `npm run cluster`. In this order: TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH →
 * a cached build in ~/.cache/freightflow/temporal-server-<version>/ (XDG_CACHE_HOME honoured) → `go install
 * go.temporal.io/server/cmd/server@v<version>` and `…/cmd/tools/sql@v<version>` into that cache (nice 19, one
 * package at a time: the first build takes 10–30 minutes on two busy cores, later ones use the Go build cache).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEMPORAL_SERVER_VERSION } from '../temporal.config';

const run = promisify(execFile);

export interface TemporalServerBinaries {
  /** The server: `temporal-server --root <dir> --config . --env <name> start --service frontend`. */
  server: string;
  /** The schema tool: `temporal-sql-tool --plugin postgres12 … setup-schema / update-schema`. */
  sqlTool: string;
  version: string;
}

/** `~/.cache/freightflow/temporal-server-1.29.1` */
export function serverCacheDir(version = TEMPORAL_SERVER_VERSION): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'freightflow', `temporal-server-${version}`);
}

/**
 * Paths of both binaries, building them with Go when neither the environment nor the cache has them.
 * Throws one line that says what to do when Go is missing or the build fails.
 */
export async function ensureTemporalServer(
  log: (m: string) => void = (m) => console.error(m),
  version = TEMPORAL_SERVER_VERSION,
): Promise<TemporalServerBinaries> {
  const fromEnv = { server: process.env.TEMPORAL_SERVER_PATH, sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH };
  if (fromEnv.server || fromEnv.sqlTool) {
    if (!fromEnv.server || !fromEnv.sqlTool)
      throw new Error('Set both TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH, or neither');
    for (const p of [fromEnv.server, fromEnv.sqlTool]) if (!existsSync(p)) throw new Error(`${p} does not exist`);
    return { server: fromEnv.server, sqlTool: fromEnv.sqlTool, version };
  }
  const dir = serverCacheDir(version);
  const cached = { server: join(dir, 'temporal-server'), sqlTool: join(dir, 'temporal-sql-tool'), version };
  if (existsSync(cached.server) && existsSync(cached.sqlTool)) return cached;

  try {
    await run('go', ['version']);
  } catch {
    throw new Error(
      `Cannot build the Temporal server v${version}: Go is not installed. Install Go (>= 1.25) or set ` +
        'TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH.',
    );
  }
  const partial = `${dir}.partial`;
  await mkdir(partial, { recursive: true });
  log(`Building the Temporal server v${version} and temporal-sql-tool with Go (first time only, 10–30 min)…`);
  try {
    // `nice`: the build is long and the machine is shared; -p 1: one package at a time.
    await run(
      'nice',
      [
        '-n',
        '19',
        'go',
        'install',
        '-p',
        '1',
        `go.temporal.io/server/cmd/server@v${version}`,
        `go.temporal.io/server/cmd/tools/sql@v${version}`,
      ],
      {
        env: {
          ...process.env,
          GOBIN: partial,
          GOTOOLCHAIN: process.env.GOTOOLCHAIN || 'auto',
          CGO_ENABLED: '0',
          GOFLAGS: '-buildvcs=false',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (e) {
    throw new Error(
      `Cannot build the Temporal server v${version}: go install failed (${(e as Error).message.split('\n')[0]}). ` +
        'Set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to prebuilt binaries instead.',
    );
  }
  await mkdir(dir, { recursive: true });
  await rename(join(partial, 'server'), cached.server);
  await rename(join(partial, 'sql'), cached.sqlTool);
  await rm(partial, { recursive: true, force: true });
  return cached;
}
