import crypto from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * PostgreSQL parses and plans an unnamed statement every time it is sent. Most of Baomi's statements are a few
 * fixed shapes sent over and over (a row by id, a page of a register, an update with its version), so every
 * query Kysely sends goes as a named prepared statement: the first use on a connection parses it, later uses
 * only bind and run it. On a small server the planning is a large share of a short read's cost, and the server
 * shares its cores with Baomi.
 *
 * Bounded and conservative: only data statements (select, insert, update, delete, with) are named, never DDL
 * (a plan of a statement prepared before a migration could outlive the table's shape), and at most
 * MAX_NAMED distinct texts per process (lists of changing length make new texts; past the bound they go
 * unnamed as before, so memory on either side stays bounded). A name is a hash of the full text, so two texts
 * never share one. Streaming (cursors) passes through unchanged.
 */
const MAX_NAMED = 2000;
const MAX_TEXT = 16_384;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

const names = new Map<string, string>();
/** Texts PostgreSQL refused to run from a stale prepared plan: they go unnamed from then on. */
const refused = new Set<string>();

export function statementNameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (names.size >= MAX_NAMED || text.length > MAX_TEXT || refused.has(text) || !DATA_STATEMENT.test(text)) return;
  const name = `b_${crypto.createHash('sha1').update(text).digest('hex')}`;
  names.set(text, name);
  return name;
}

/** "cached plan must not change result type": a table changed shape under a prepared statement. */
function isStalePlan(err: unknown): boolean {
  return (err as { code?: string }).code === '0A000';
}

function namedClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    query(...args: unknown[]): never {
      const [first, values] = args;
      if (typeof first !== 'string') return (client.query as (...a: unknown[]) => never)(...args);
      const name = statementNameOf(first);
      const params = values as unknown[];
      if (!name) return client.query(first, params) as never;
      return client.query({ name, text: first, values: params }).catch((err: unknown) => {
        // Never retried here: inside a transaction the failure has already aborted it. Later uses go unnamed.
        if (isStalePlan(err)) {
          names.delete(first);
          refused.add(first);
        }
        throw err;
      }) as never;
    },
    release(): void {
      client.release();
    },
  } as PostgresPoolClient;
}

/** The pool as Kysely's PostgresDialect sees it: the same connections, each query sent as a named statement. */
export function namedStatementPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) {
        w = namedClient(client);
        wrapped.set(client, w);
      }
      return w;
    },
    end: () => pool.end(),
  };
}
