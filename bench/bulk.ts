/**
 * Bulk loading for the benchmark's generated data sets (the catalogue, bench/classification.ts; the carriers
 * register, bench/carriers.ts): multi-row inserts, secondary indexes dropped for the load and rebuilt from their
 * own definitions, database size, dropping a scratch database.
 */
import type { Statement as SqliteStatement } from 'better-sqlite3';
import { sql } from 'kysely';
import type { AppContext } from '../src/platform/context.js';
import { sqliteOf } from '../src/platform/db/database.js';
import type { BenchPostgres } from './pg.js';

export interface Col {
  name: string;
  pg: 'text' | 'int8' | 'int4' | 'text[]';
}

export const cols = (spec: string): Col[] =>
  spec.split(',').map((s) => {
    const [name, pg] = s.trim().split(':');
    return { name: name!, pg: (pg ?? 'text') as Col['pg'] };
  });

/** Bulk inserts: multi-row prepared statements on SQLite, one unnest() per chunk on PostgreSQL. */
export class Loader {
  private readonly stmts = new Map<string, { full: SqliteStatement; one: SqliteStatement; per: number }>();
  constructor(private readonly ctx: AppContext) {}

  async insert(table: string, columns: Col[], rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    if (this.ctx.kind === 'sqlite') {
      const raw = sqliteOf(this.ctx.db)!;
      let s = this.stmts.get(table);
      if (!s) {
        const per = Math.max(1, Math.floor(30000 / columns.length / 50) * 50) || 1;
        const tuple = `(${columns.map(() => '?').join(',')})`;
        const head = `insert into ${table} (${columns.map((c) => c.name).join(',')}) values `;
        s = { full: raw.prepare(head + new Array(per).fill(tuple).join(',')), one: raw.prepare(head + tuple), per };
        this.stmts.set(table, s);
      }
      let i = 0;
      for (; i + s.per <= rows.length; i += s.per) {
        const args: unknown[] = [];
        for (let j = i; j < i + s.per; j++) for (const v of rows[j]!) args.push(v);
        s.full.run(args);
      }
      for (; i < rows.length; i++) s.one.run(rows[i]!);
      return;
    }
    // unnest() flattens arrays of arrays, so an array column travels as its text literal and is cast back.
    const arrays = columns.map((c, j) => rows.map((r) => (c.pg === 'text[]' ? arrayLiteral(r[j] as string[]) : r[j])));
    const list = sql.join(columns.map((c) => sql.ref(c.name)));
    const unnest = sql.join(
      arrays.map((a, j) => sql`${a}::${sql.raw(columns[j]!.pg === 'text[]' ? 'text' : columns[j]!.pg)}[]`),
    );
    const names = columns.map((_, j) => `c${j}`);
    const select = sql.join(
      columns.map((c, j) => (c.pg === 'text[]' ? sql`${sql.ref(names[j]!)}::text[]` : sql.ref(names[j]!))),
    );
    await sql`insert into ${sql.table(table)} (${list}) select ${select} from unnest(${unnest}) as u(${sql.join(names.map((n) => sql.ref(n)))})`.execute(
      this.ctx.db,
    );
  }
}

/** A PostgreSQL array literal of strings: every element quoted, backslash and quote escaped. */
export function arrayLiteral(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Drops the indexes of `tables` that are not primary keys or unique constraints and returns the DDL that
 * recreates them exactly (the migrations' indexes, whichever added them).
 */
export async function dropSecondaryIndexes(
  ctx: AppContext,
  tables: string[],
  pkTables: string[] = [],
): Promise<string[]> {
  const ddl: string[] = [];
  if (ctx.kind === 'sqlite') {
    const r = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(
      ctx.db,
    );
    for (const x of r.rows) {
      ddl.push(x.sql);
      await sql.raw(`drop index "${x.name}"`).execute(ctx.db);
    }
    return ddl;
  }
  const r = await sql<{ indexname: string; indexdef: string }>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(ctx.db);
  for (const x of r.rows) {
    ddl.push(x.indexdef);
    await sql.raw(`drop index "${x.indexname}"`).execute(ctx.db);
  }
  // The primary keys of `pkTables` too (derived tables nothing references); rebuilt after the load.
  if (pkTables.length === 0) return ddl;
  const pk = await sql<{ table: string; conname: string; def: string }>`
    select c.conrelid::regclass::text as table, c.conname, pg_get_constraintdef(c.oid) as def from pg_constraint c
    where c.contype = 'p' and c.conrelid::regclass::text in (${sql.join(pkTables)})`.execute(ctx.db);
  for (const x of pk.rows) {
    ddl.unshift(`alter table "${x.table}" add constraint "${x.conname}" ${x.def}`);
    await sql.raw(`alter table "${x.table}" drop constraint "${x.conname}"`).execute(ctx.db);
  }
  return ddl;
}

export async function dbSize(ctx: AppContext): Promise<string> {
  if (ctx.kind === 'sqlite') {
    const raw = sqliteOf(ctx.db)!;
    const pages = raw.pragma('page_count', { simple: true }) as number;
    const size = raw.pragma('page_size', { simple: true }) as number;
    return `${((pages * size) / 1024 ** 3).toFixed(2)} GiB`;
  }
  const r = await sql<{ n: string }>`select pg_database_size(current_database())::text as n`.execute(ctx.db);
  return `${(Number(r.rows[0]!.n) / 1024 ** 3).toFixed(2)} GiB`;
}

export async function dropDatabase(pgServer: BenchPostgres, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: pgServer.adminUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await c.end().catch(() => undefined);
  }
}
