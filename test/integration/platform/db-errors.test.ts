/**
 * The driver errors behind 409 and 503 (issue 9), read from real errors of both drivers: a unique rule on one
 * column and on two, the username key (field `username`), and a refused connection.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/platform/db/database.js';
import { migrateToLatest } from '../../../src/platform/db/migrate.js';
import { isUnavailableError, uniqueViolationOf } from '../../../src/platform/db/db-errors.js';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe.each(DB_KINDS)('driver errors on %s', (kind) => {
  let fresh: FreshDatabase;
  let h: DatabaseHandle;
  beforeAll(async () => {
    fresh = await freshDatabase(kind);
    h = openDatabase({ databaseUrl: fresh.url, dataDir: fresh.dataDir });
    await migrateToLatest(h.db);
  });
  afterAll(async () => {
    await h.close();
    await fresh.cleanup();
  });

  const now = '2026-12-06T00:00:00.000Z';
  const department = (id: string, code: string) =>
    sql`insert into departments (id, parent_id, name, code, sort_order, created_at, updated_at, version) values (${id}, null, 'D', ${code}, 0, ${now}, ${now}, 1)`.execute(
      h.db,
    );
  const user = (id: string, username: string, key: string) =>
    sql`insert into users (id, username, username_key, display_name, business_roles, status, password_hash, password_changed_at, created_at, updated_at)
      values (${id}, ${username}, ${key}, 'U', '[]', 'active', 'x', ${now}, ${now}, ${now})`.execute(h.db);

  it('a unique column: table, column and field', async () => {
    await department('d1', 'DUP');
    const v = uniqueViolationOf(await errorOf(department('d2', 'DUP')));
    expect(v).toMatchObject({ table: 'departments', columns: ['code'], field: 'code' });
    if (kind === 'postgres') expect(v?.constraint).toBe('departments_code_uq');
  });

  it('the username key is reported as the field username', async () => {
    await user('u1', 'Twin', 'twin');
    expect(uniqueViolationOf(await errorOf(user('u2', 'TWIN', 'twin')))).toMatchObject({
      table: 'users',
      field: 'username',
    });
    // The exact username (its own older unique rule) names the same field.
    expect(uniqueViolationOf(await errorOf(user('u3', 'Twin', 'twin-other')))).toMatchObject({
      table: 'users',
      field: 'username',
    });
  });

  it('a unique rule on a value no request chose (a notification dedupe key, the audit seq) is a fault, not a conflict', async () => {
    await user('owner', 'owner', 'owner');
    const note = (id: string) =>
      sql`insert into notifications (id, user_id, kind, title, body, link, created_at, read_at, dedupe_key) values (${id}, 'owner', 'k', 't', 'b', null, ${now}, null, 'same')`.execute(
        h.db,
      );
    await note('n1');
    const e = await errorOf(note('n2'));
    expect(String(e)).toMatch(/unique|duplicate/i);
    expect(uniqueViolationOf(e)).toBeNull();
  });

  it('other errors are neither', async () => {
    const e = await errorOf(sql`select * from no_such_table`.execute(h.db));
    expect(e).toBeInstanceOf(Error);
    expect(uniqueViolationOf(e)).toBeNull();
    expect(isUnavailableError(e)).toBe(false);
  });

  if (kind === 'sqlite') {
    it('SQLite refuses a user without a username key (trigger)', async () => {
      const e = await errorOf(
        sql`insert into users (id, username, display_name, business_roles, status, password_hash, password_changed_at, created_at, updated_at)
        values ('u9', 'nokey', 'U', '[]', 'active', 'x', ${now}, ${now}, ${now})`.execute(h.db),
      );
      expect(String(e)).toMatch(/username_key must be set/);
    });
  }
});

describe('unreachable PostgreSQL', () => {
  it('a refused connection is "unavailable"', async () => {
    const h = openDatabase({ databaseUrl: 'postgres://nobody:x@127.0.0.1:1/baomi', dataDir: '/tmp' });
    try {
      const e = await errorOf(sql`select 1`.execute(h.db));
      expect(isUnavailableError(e)).toBe(true);
      expect(uniqueViolationOf(e)).toBeNull();
    } finally {
      await h.close();
    }
  });
});
