/**
 * First start and upgrade on PostgreSQL and SQLite (issue 9):
 * - against a PostgreSQL database that does not exist, `baomi migrate` and `baomi start` (which migrates by
 *   itself) say so and say what to do (createdb / CREATE DATABASE), instead of "Migration unknown failed";
 * - migration 006 gives every existing account its username key, and stops, changing nothing, when two
 *   usernames differ only by case or width ("twins"), naming them and what to do.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/platform/db/database.js';
import { migrateToLatest } from '../../../src/platform/db/migrate.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { main } from '../../../src/cli/index.js';
import * as m001 from '../../../src/platform/db/migrations/001_foundation.js';
import * as m002 from '../../../src/platform/db/migrations/002_classification.js';
import * as m003 from '../../../src/platform/db/migrations/003_catalogue_indexes.js';
import * as m004 from '../../../src/platform/db/migrations/004_audit_events_rowid.js';
import * as m005 from '../../../src/platform/db/migrations/005_catalogue_search_arrays.js';
import { DB_KINDS, freshDatabase, pgAdminUrl, type FreshDatabase } from '../../helpers/db.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function missingDatabaseUrl(): { url: string; name: string } {
  const name = `never_created_${crypto.randomBytes(4).toString('hex')}`;
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

const SAYS_WHAT_TO_DO = (name: string) => [
  new RegExp(`database "${name}" does not exist`),
  /createdb/,
  /CREATE DATABASE/,
  /baomi migrate/,
];

describe('first start against a PostgreSQL database that does not exist', () => {
  it('migrate names the database and says how to create it', async () => {
    const { url, name } = missingDatabaseUrl();
    const h = openDatabase({ databaseUrl: url, dataDir: os.tmpdir() });
    cleanups.push(() => h.close());
    const err = await migrateToLatest(h.db).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    for (const re of SAYS_WHAT_TO_DO(name)) expect(err!.message).toMatch(re);
    expect(err!.message).not.toMatch(/Migration unknown/);
  });

  it('the server start (which migrates) says the same', async () => {
    const { url, name } = missingDatabaseUrl();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-first-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const err = await createContext(loadConfig({}, { dataDir, databaseUrl: url, logLevel: 'silent' })).then(
      () => null,
      (e: Error) => e,
    );
    for (const re of SAYS_WHAT_TO_DO(name)) expect(err?.message).toMatch(re);
  });

  it('`baomi migrate` prints it and exits non-zero', async () => {
    const { url, name } = missingDatabaseUrl();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-first-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const saved = {
      DATABASE_URL: process.env.DATABASE_URL,
      BAOMI_DATA_DIR: process.env.BAOMI_DATA_DIR,
      exitCode: process.exitCode,
    };
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    process.env.DATABASE_URL = url;
    process.env.BAOMI_DATA_DIR = dataDir;
    try {
      await main(['node', 'baomi', 'migrate']);
      expect(process.exitCode).toBe(1);
    } finally {
      spy.mockRestore();
      process.exitCode = saved.exitCode;
      for (const k of ['DATABASE_URL', 'BAOMI_DATA_DIR'] as const) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    const out = printed.join('\n');
    for (const re of SAYS_WHAT_TO_DO(name)) expect(out).toMatch(re);
  });

  it('an unreachable server is named as such', async () => {
    const h = openDatabase({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/baomi', dataDir: os.tmpdir() });
    cleanups.push(() => h.close());
    const err = await migrateToLatest(h.db).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/Cannot reach the database .*Is PostgreSQL running/);
  });
});

const UP_TO_005: Record<string, Migration> = {
  '001_foundation': m001,
  '002_classification': m002,
  '003_catalogue_indexes': m003,
  '004_audit_events_rowid': m004,
  '005_catalogue_search_arrays': m005,
};

describe.each(DB_KINDS)('migration 006 (username keys) on %s', (kind) => {
  /** A database as release 005 left it, with these accounts. */
  async function databaseWith(usernames: string[]): Promise<{ fresh: FreshDatabase; h: DatabaseHandle }> {
    const fresh = await freshDatabase(kind);
    cleanups.push(() => fresh.cleanup());
    const h = openDatabase({ databaseUrl: fresh.url, dataDir: fresh.dataDir });
    cleanups.push(() => h.close());
    const r = await new Migrator({ db: h.db, provider: { getMigrations: async () => UP_TO_005 } }).migrateToLatest();
    expect(r.error).toBeUndefined();
    for (const [i, username] of usernames.entries()) {
      const at = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
      await sql`insert into users (id, username, display_name, business_roles, status, password_hash, password_changed_at, created_at, updated_at)
        values (${crypto.randomUUID()}, ${username}, ${username}, '["employee"]', 'active', 'x', ${at}, ${at}, ${at})`.execute(
        h.db,
      );
    }
    return { fresh, h };
  }

  it('gives every account its key; the key is unique from then on', async () => {
    const { h } = await databaseWith(['Alice', 'bob', 'ＣＡＲＯＬ']);
    await migrateToLatest(h.db);
    const rows = await sql<{
      username: string;
      username_key: string;
    }>`select username, username_key from users order by username_key`.execute(h.db);
    expect(rows.rows).toEqual([
      { username: 'Alice', username_key: 'alice' },
      { username: 'bob', username_key: 'bob' },
      { username: 'ＣＡＲＯＬ', username_key: 'carol' },
    ]);
    const dup =
      sql`insert into users (id, username, username_key, display_name, business_roles, status, password_hash, password_changed_at, created_at, updated_at)
      values (${crypto.randomUUID()}, 'ALICE', 'alice', 'x', '[]', 'active', 'x', 'now', 'now', 'now')`.execute(h.db);
    await expect(dup).rejects.toThrow(/unique|duplicate/i);
  });

  it('stops on twins, names them and what to do, and changes nothing', async () => {
    const { h } = await databaseWith(['twin4x', 'Twin4x', 'tWin4x', 'solo', 'Pair', 'pair']);
    const err = await migrateToLatest(h.db).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/differ only by letter case/);
    for (const name of ['"twin4x"', '"Twin4x"', '"tWin4x"', '"Pair"', '"pair"']) expect(err!.message).toContain(name);
    expect(err!.message).not.toContain('"solo"');
    expect(err!.message).toMatch(/UPDATE users SET username = /);
    expect(err!.message).toMatch(/baomi migrate/);
    // Nothing changed: no key column, the migration is not recorded, so it runs again once the twins are renamed.
    const cols =
      kind === 'sqlite'
        ? (await sql<{ name: string }>`select name from pragma_table_info('users')`.execute(h.db)).rows.map(
            (r) => r.name,
          )
        : (
            await sql<{
              name: string;
            }>`select column_name as name from information_schema.columns where table_name = 'users'`.execute(h.db)
          ).rows.map((r) => r.name);
    expect(cols).not.toContain('username_key');
    await sql`update users set username = 'twin4x-2' where username = 'Twin4x'`.execute(h.db);
    await sql`update users set username = 'twin4x-3' where username = 'tWin4x'`.execute(h.db);
    await sql`update users set username = 'pair-2' where username = 'pair'`.execute(h.db);
    await migrateToLatest(h.db);
    const keys = await sql<{ username_key: string }>`select username_key from users order by username_key`.execute(
      h.db,
    );
    expect(keys.rows.map((r) => r.username_key)).toEqual(['pair', 'pair-2', 'solo', 'twin4x', 'twin4x-2', 'twin4x-3']);
  });
});
