/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { join } from 'node:path';
import { appConfig } from '../lib/config';
import { openDatabase } from './connect';
import { migrateToLatest } from './migrate';

const cfg = appConfig();
const handle = await openDatabase({
  ...(cfg.databaseUrl ? { url: cfg.databaseUrl } : { pglitePath: join(cfg.dataDir, 'pglite') }),
});
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await handle.close();
}
