import { CompiledQuery, sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';
import type SqliteDatabase from 'better-sqlite3';
import { pgPoolOf, sqliteOf, type Db } from './database.js';
import { statementNameOf } from './pg-named-statements.js';
import { SharedLookups } from './shared-lookups.js';
import { refuseInsideTransaction } from './tx-scope.js';

type Q = Kysely<Database>;

/**
 * A row read by one key on the hot path of read endpoints (an item, a carrier, a department by id), written once
 * with Kysely as a repository writes any query, and run cheaply:
 * - the query is built and compiled once per dialect, not per call (building and compiling a select of a dozen
 *   columns cost more than SQLite took to answer it); on SQLite, when no transaction is open, it runs as a prepared
 *   statement straight away;
 * - on PostgreSQL, outside a transaction, the reads of requests arriving together share one statement
 *   (`key = any($1)`, see `SharedLookups`), since there a round trip is most of a short read's cost;
 * - inside a transaction (pass the trx) it runs there, alone, and sees the transaction's writes.
 *
 * `build(q, key)` selects from one table with `where(<key column>, '=', key)`; `keyOf` reads the key back from a
 * row, so the key column must be among the selected ones.
 */
export function keyedRead<R, K extends string | number = string>(
  build: (q: Q, key: RawBuilder<K>) => Compilable<R>,
  keyOf: (row: R) => K,
): (q: Q, key: K) => Promise<R | undefined> {
  // One compiled text per dialect (the adapter's class), with marker parameters swapped for the key at each call.
  const ONE = {};
  const MANY: unknown[] = [];
  const compiled = new Map<unknown, { one: CompiledQuery<R>; many: CompiledQuery<R> }>();
  const shared = new WeakMap<pg.Pool, SharedLookups<K, R>>();
  const statements = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

  const compiledFor = (q: Q) => {
    const dialect = q.getExecutor().adapter.constructor;
    let c = compiled.get(dialect);
    if (!c) {
      c = {
        one: build(q, sql<K>`${ONE}`).compile(),
        many: build(q, sql<K>`any(${MANY})`).compile(),
      };
      for (const [q, marker] of [
        [c.one, ONE],
        [c.many, MANY],
      ] as const) {
        if (q.parameters.filter((p) => p === marker).length !== 1)
          throw new Error(`keyedRead: the key must appear once in the query (${q.sql})`);
      }
      compiled.set(dialect, c);
    }
    return c;
  };
  const bind = (c: CompiledQuery<R>, marker: unknown, value: unknown): unknown[] =>
    c.parameters.map((p) => (p === marker ? value : p));

  return async (q, key) => {
    const c = compiledFor(q);
    const sqlite = q.isTransaction ? undefined : sqliteOf(q as Db);
    if (sqlite && !sqlite.inTransaction) {
      // No transaction is open on the one connection, and better-sqlite3 runs the statement before anything else
      // can begin one: it reads committed rows, as Kysely would after taking the connection, without the wait.
      refuseInsideTransaction('A keyed read through ctx.db');
      let stmt = statements.get(sqlite);
      if (!stmt) {
        stmt = sqlite.prepare(c.one.sql);
        statements.set(sqlite, stmt);
      }
      return stmt.get(...bind(c.one, ONE, key)) as R | undefined;
    }
    const pool = q.isTransaction ? undefined : pgPoolOf(q as Db);
    if (!pool) {
      const { rows } = await q.executeQuery(CompiledQuery.raw(c.one.sql, bind(c.one, ONE, key)) as CompiledQuery<R>);
      return rows[0];
    }
    refuseInsideTransaction('A keyed read through ctx.db');
    let lookups = shared.get(pool);
    if (!lookups) {
      lookups = new SharedLookups(async (keys) => {
        const text = c.many.sql;
        const name = statementNameOf(text);
        const { rows } = await pool.query<R & pg.QueryResultRow>({
          ...(name ? { name } : {}),
          text,
          values: bind(c.many, MANY, keys),
        });
        return new Map(rows.map((r) => [keyOf(r), r]));
      });
      shared.set(pool, lookups);
    }
    return lookups.get(key);
  };
}
