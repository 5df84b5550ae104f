/** Shared start-up of the processes (dev, worker, api): database from config, migrations, Temporal connections. */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { openDatabase, type DbHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { AppConfig } from './config';

/** PostgreSQL at DATABASE_URL, else embedded PGlite under `<DATA_DIR>/pglite`; migrated to the latest schema. */
export async function openAppDatabase(cfg: AppConfig, log: (m: string) => void = console.log): Promise<DbHandle> {
  let handle: DbHandle;
  if (cfg.databaseUrl) {
    handle = await openDatabase({ url: cfg.databaseUrl, poolSize: cfg.databasePoolSize });
    log(`Database: PostgreSQL at ${redact(cfg.databaseUrl)}`);
  } else {
    const dir = join(cfg.dataDir, 'pglite');
    await mkdir(cfg.dataDir, { recursive: true });
    handle = await openDatabase({ pglitePath: dir });
    log(`Database: embedded PGlite in ${dir}`);
  }
  const applied = await migrateToLatest(handle.db);
  if (applied.length) log(`Migrations applied: ${applied.join(', ')}`);
  return handle;
}

export const redact = (url: string) => url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');

/** Runs `stop` once on SIGINT / SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}
