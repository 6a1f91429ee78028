/**
 * The test infrastructure itself: freshDatabase gives each caller an isolated, writable, UTF-8 database of
 * either kind, and cleanup really removes it. Uses Kysely/pg/better-sqlite3 directly, not the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, pgAdminUrl, type FreshDatabase } from '../../helpers/db.js';

interface TestSchema {
  note: { id: number; body: string };
}

function open(fresh: FreshDatabase): Kysely<TestSchema> {
  if (fresh.kind === 'sqlite') {
    expect(fresh.url).toBeUndefined();
    const file = path.join(fresh.dataDir, 'baomi.sqlite');
    return new Kysely<TestSchema>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
  }
  expect(fresh.url).toMatch(/^postgres:\/\/.+\/t_[0-9a-f]{16}$/);
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
  // DROP ... WITH (FORCE) terminates idle sessions; unheard 'error' events would crash the worker.
  pool.on('error', () => undefined);
  return new Kysely<TestSchema>({ dialect: new PostgresDialect({ pool }) });
}

async function pgDatabaseExists(name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgAdminUrl() });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

describe.each(DB_KINDS)('freshDatabase(%s)', (kind) => {
  it('is writable, empty, isolated and stores Chinese text unchanged', async () => {
    const [a, b] = await Promise.all([freshDatabase(kind), freshDatabase(kind)]);
    try {
      expect(a.dataDir).not.toBe(b.dataDir);
      expect(a.url === undefined && b.url === undefined ? true : a.url !== b.url).toBe(true);
      expect(fs.readdirSync(a.dataDir)).toEqual([]);

      const dbA = open(a);
      const dbB = open(b);
      try {
        for (const db of [dbA, dbB]) {
          await db.schema
            .createTable('note')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('body', 'text', (c) => c.notNull())
            .execute();
        }
        await dbA.insertInto('note').values({ id: 1, body: '保密管理 — 核心涉密人员' }).execute();
        expect(await dbA.selectFrom('note').select('body').execute()).toEqual([{ body: '保密管理 — 核心涉密人员' }]);
        expect(await dbB.selectFrom('note').selectAll().execute()).toEqual([]);
        if (kind === 'postgres') {
          const enc = await sql<{ server_encoding: string }>`show server_encoding`.execute(dbA);
          expect(enc.rows[0]?.server_encoding).toBe('UTF8');
        }
      } finally {
        await Promise.all([dbA.destroy(), dbB.destroy()]);
      }
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });

  it('cleanup removes the data dir and the database, even with a connection still open', async () => {
    const fresh = await freshDatabase(kind);
    const db = open(fresh);
    await sql`select 1`.execute(db); // holds a pooled connection open across cleanup
    const name = fresh.url ? new URL(fresh.url).pathname.slice(1) : undefined;
    if (name) expect(await pgDatabaseExists(name)).toBe(true);

    if (kind === 'sqlite') await db.destroy(); // a file handle, not a server session
    await fresh.cleanup();
    await fresh.cleanup(); // idempotent
    if (kind === 'postgres') await db.destroy().catch(() => undefined);

    expect(fs.existsSync(fresh.dataDir)).toBe(false);
    if (name) expect(await pgDatabaseExists(name)).toBe(false);
  });
});
