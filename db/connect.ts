/**
 * Opens the database: a PostgreSQL server when a URL is given, otherwise embedded PGlite persisted
 * under the data directory (same SQL). Dates come back as 'YYYY-MM-DD' strings, numerics as exact
 * decimal strings, bigints as numbers.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';

const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const INT8_OID = 20;

export interface DbHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function openDatabase(opts: { url?: string; pglitePath?: string; poolSize?: number }): Promise<DbHandle> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID || oid === NUMERIC_OID) return (v: string) => v;
          if (oid === INT8_OID) return (v: string) => Number(v);
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // A client losing its server (restart, failover) must not crash the process: idle clients report
    // through the pool, clients lent out through their own 'error' event; the failing query still throws.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('./pglite-dialect');
  // btree_gist: the statements' no-overlap exclusion constraint (migration 0031).
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const pglite = await PGlite.create(opts.pglitePath ?? 'memory://', {
    extensions: { btree_gist },
    parsers: {
      [DATE_OID]: (v: string) => v,
      [NUMERIC_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
