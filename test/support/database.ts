/**
 * A fresh, migrated database for one test file: a new database on the server at DATABASE_URL
 * (dropped afterwards), or an in-memory PGlite when no server is configured.
 */
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { seedDemoUsers } from '../../db/user.repository';

export async function createTestDatabase(): Promise<DbHandle & { url?: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    await seedDemoUsers(handle.db);
    return handle;
  }
  const name = `ff_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 8 });
  await migrateToLatest(handle.db);
  await seedDemoUsers(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
