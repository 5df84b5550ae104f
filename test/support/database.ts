/**
 * A fresh, migrated database for one test file: a new database on the server at DATABASE_URL
 * (dropped afterwards), or an in-memory PGlite when no server is configured.
 */
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../db/connect';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { seedDemoUsers } from '../../db/user.repository';

export async function createTestDatabase(
  /** `migrateTo`: stop after this migration and seed no users (tests of a later migration). */
  opts: { migrateTo?: string } = {},
): Promise<DbHandle & { url?: string }> {
  const base = process.env.DATABASE_URL;
  const prepare = async (handle: DbHandle) => {
    if (opts.migrateTo) {
      await migrateTo(handle.db, opts.migrateTo);
      return;
    }
    await migrateToLatest(handle.db);
    await seedDemoUsers(handle.db);
  };
  if (!base) {
    const handle = await openDatabase({});
    await prepare(handle);
    return handle;
  }
  const name = `ff_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  // The API and the worker's activities share this pool while up to eight desk pages poll it (browser tests):
  // 8 connections could all be taken, and a write then waited behind the polls.
  const handle = await openDatabase({ url: url.toString(), poolSize: 20 });
  await prepare(handle);
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
