/** The application database of a process (dev, worker, api, scripts): from config, migrated to the latest schema. */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { AppConfig } from '../lib/config';
import { redact } from '../lib/bootstrap';
import { openDatabase, type DbHandle } from './connect';
import { migrateToLatest } from './migrate';

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
