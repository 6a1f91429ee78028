/**
 * Kysely's queries on PostgreSQL go as named prepared statements (src/platform/db/pg-named-statements.ts): the
 * first use on a connection parses and plans, later uses only bind and run. Data statements only, a name per
 * text, and a text whose prepared plan a table change made stale goes unnamed from then on.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { openPostgres, type DatabaseHandle } from '../../../src/platform/db/database.js';
import { statementNameOf } from '../../../src/platform/db/pg-named-statements.js';

describe('statement names', () => {
  it.each([
    ['select 1', true],
    ['  SELECT id from users where id = $1', true],
    ['with x as (select 1) select * from x', true],
    ['insert into t (a) values ($1)', true],
    ['update t set a = $1', true],
    ['delete from t where a = $1', true],
    ['create table t (a int)', false],
    ['alter table t add column b int', false],
    ['begin', false],
    ['set local statement_timeout = 5', false],
  ])('%s -> named %s', (text, named) => {
    expect(statementNameOf(text) !== undefined).toBe(named);
  });

  it('gives one text one name and two texts two names', () => {
    const a = statementNameOf('select $1::int as a');
    expect(a).toMatch(/^b_[0-9a-f]{40}$/);
    expect(statementNameOf('select $1::int as a')).toBe(a);
    expect(statementNameOf('select $1::int as b')).not.toBe(a);
  });
});

describe('named statements on postgres', () => {
  let fresh: FreshDatabase;
  let h: DatabaseHandle;
  beforeAll(async () => {
    fresh = await freshDatabase('postgres');
    h = openPostgres(fresh.url!, 1);
  });
  afterAll(async () => {
    await h?.close();
    await fresh?.cleanup();
  });

  const prepared = async () =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(h.db))
      .rows;

  it('prepares a query once on its connection and reuses it', async () => {
    const q = () => sql<{ n: number }>`select ${41}::int + 1 as n`.execute(h.db);
    expect((await q()).rows[0]!.n).toBe(42);
    expect((await q()).rows[0]!.n).toBe(42);
    const mine = (await prepared()).filter((p) => p.statement.includes('+ 1 as n'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.name).toBe(statementNameOf('select $1::int + 1 as n'));
  });

  it('does not prepare DDL', async () => {
    await sql`create table named_probe (a int)`.execute(h.db);
    expect((await prepared()).some((p) => p.statement.includes('create table named_probe'))).toBe(false);
  });

  it('sends a text whose plan a table change made stale unnamed from then on', async () => {
    await sql`create table shape_probe (a int)`.execute(h.db);
    await sql`insert into shape_probe values (1)`.execute(h.db);
    const q = () => sql<Record<string, number>>`select * from shape_probe`.execute(h.db);
    expect((await q()).rows).toEqual([{ a: 1 }]);
    await sql`alter table shape_probe add column b int`.execute(h.db);
    // PostgreSQL refuses the prepared plan once (its result type changed); the next use goes unnamed.
    await expect(q()).rejects.toMatchObject({ code: '0A000' });
    expect((await q()).rows).toEqual([{ a: 1, b: null }]);
    expect(statementNameOf('select * from shape_probe')).toBeUndefined();
  });
});
