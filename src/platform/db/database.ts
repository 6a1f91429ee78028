import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { Database } from './schema.js';
import { refuseInsideTransaction } from './tx-scope.js';
import { namedStatementPool } from './pg-named-statements.js';

export type DbKind = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: DbKind;
  /** For SQLite: the file path (used by backup); for PostgreSQL: the URL without password. */
  location: string;
  /** The raw better-sqlite3 handle, for online backup. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

// bigint (int8) columns and count(*) come back from pg as strings; our values fit a JS number.
pg.types.setTypeParser(20, (v: string) => Number(v));

/**
 * SQLite's default BEGIN is deferred: two writers can both read the audit head and then one fails to
 * upgrade its lock. BEGIN IMMEDIATE takes the write lock up front, so the chain never forks, even with
 * the CLI writing to the same file as the server.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /** The one connection, unless the caller is inside a transaction that holds it (see tx-scope.ts). */
  override async acquireConnection(): Promise<DatabaseConnection> {
    refuseInsideTransaction('A query through ctx.db');
    return super.acquireConnection();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}

/**
 * Kysely prepares every query anew; preparing costs more than running a short statement. The driver runs
 * one statement at a time on its single connection, so a prepared statement can be reused safely.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string): SqliteDatabase.Statement {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close(): void {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * The raw handles behind a Kysely instance, for the few hot paths (session lookup, audit appends, chain
 * verification) where Kysely's per-query building and compiling costs more than the query itself.
 * Only repositories use them.
 */
const rawSqlite = new WeakMap<Db, SqliteDatabase.Database>();
export function sqliteOf(db: Db): SqliteDatabase.Database | undefined {
  return rawSqlite.get(db);
}
const rawPool = new WeakMap<Db, pg.Pool>();
export function pgPoolOf(db: Db): pg.Pool | undefined {
  return rawPool.get(db);
}

export function openSqlite(file: string): DatabaseHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged commit survives power loss (WAL + NORMAL may lose the last transactions).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  rawSqlite.set(db, sqlite);
  return {
    db,
    kind: 'sqlite',
    location: file,
    sqlite,
    close: () => db.destroy(),
  };
}

export function openPostgres(url: string, poolSize = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client whose server goes away emits 'error'; without a listener the process would crash.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: namedStatementPool(pool) }),
  });
  rawPool.set(db, pool);
  const safe = new URL(url);
  safe.password = '';
  return { db, kind: 'postgres', location: safe.toString(), close: () => db.destroy() };
}

export function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): DatabaseHandle {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (url && url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got ${url.split(':')[0]}:)`);
  return openSqlite(path.join(opts.dataDir, 'baomi.sqlite'));
}
