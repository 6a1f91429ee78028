import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { DumpTable, ProgressFn } from './manifest.js';
import { BackupError } from './failures.js';

/**
 * The logical dump of a PostgreSQL database and its loader (ADR 0029). One JSON array per row, in the column order
 * the manifest lists, one file per table (`database/<table>.jsonl`). Baomi's schema uses text, integer and bigint
 * only (plus two PostgreSQL-only text[] search columns), so JSON carries every value exactly: bigint columns are
 * read as numbers (db/database.ts), arrays as arrays. The loader writes into PostgreSQL (a restore) or SQLite (the
 * drill's scratch copy: columns the target lacks, the derived search arrays, are left out).
 */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Types the dump carries exactly; any other would be refused at backup rather than silently changed. */
const EXACT_TYPES = new Set(['int2', 'int4', 'int8', 'text', 'varchar', '_text', 'bool']);
const FETCH_ROWS = 2000;
const INSERT_ROWS = 200;

function q(ident: string): string {
  return `"${ident.replace(/"/g, '""')}"`;
}

export function dumpFileOf(table: string): string {
  return `${table}.jsonl`;
}

export interface PgDump {
  tables: DumpTable[];
  migrations: string[];
  auditHead: { seq: number; hash: string; alg: string };
}

/**
 * Dumps every table of the current schema in one REPEATABLE READ, READ ONLY transaction: one snapshot, so the
 * tables agree with each other and with the audit head, while the server keeps writing. Rows are fetched through
 * a cursor, a batch at a time, so memory stays flat whatever the table size.
 */
export async function dumpPostgres(pool: pg.Pool, outDir: string, onProgress?: ProgressFn): Promise<PgDump> {
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const cols = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
      `select table_name, column_name, udt_name from information_schema.columns
       where table_schema = current_schema() order by table_name, ordinal_position`,
    );
    const kinds = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    const base = new Set(kinds.rows.map((r) => r.table_name));
    const byTable = new Map<string, { name: string; type: string }[]>();
    for (const c of cols.rows) {
      if (!base.has(c.table_name) || MIGRATION_TABLES.has(c.table_name)) continue;
      if (!EXACT_TYPES.has(c.udt_name))
        throw new BackupError(
          'database_copy_failed',
          `Column ${c.table_name}.${c.column_name} has type ${c.udt_name}, which the backup cannot carry`,
        );
      byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), { name: c.column_name, type: c.udt_name }]);
    }
    const tables: DumpTable[] = [];
    const names = [...byTable.keys()].sort();
    for (const [i, name] of names.entries()) {
      const columns = byTable.get(name)!;
      const wide = columns.flatMap((c, i) => (c.type === 'int8' ? [i] : []));
      const fd = fs.openSync(path.join(outDir, dumpFileOf(name)), 'w', 0o600);
      let rows = 0;
      try {
        await client.query(
          `declare dump_rows no scroll cursor for select ${columns.map((c) => q(c.name)).join(', ')} from ${q(name)}`,
        );
        for (;;) {
          const batch = await client.query({ text: `fetch ${FETCH_ROWS} from dump_rows`, rowMode: 'array' });
          if (batch.rows.length === 0) break;
          // bigint arrives as a JS number (db/database.ts): one beyond 2^53 would have been rounded.
          for (const r of batch.rows as unknown[][])
            for (const i of wide)
              if (typeof r[i] === 'number' && !Number.isSafeInteger(r[i]))
                throw new BackupError(
                  'database_copy_failed',
                  `${name}.${columns[i]!.name} holds ${String(r[i])}, too large to back up exactly`,
                );
          fs.writeSync(fd, batch.rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
          rows += batch.rows.length;
        }
        await client.query('close dump_rows');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      tables.push({ name, rows, columns });
      onProgress?.({ phase: 'database', done: i + 1, total: names.length });
    }
    const migrations = (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows;
    const head = (
      await client.query<{ seq: number; hash: string; alg: string }>(
        'select seq, hash, alg from audit_head where id = 1',
      )
    ).rows[0];
    await client.query('commit');
    return {
      tables,
      migrations: migrations.map((m) => m.name),
      auditHead: { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '', alg: head?.alg ?? '' },
    };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** The rows of one dumped table, a batch at a time; checks the count against the (signed) manifest. */
async function readRows(file: string, table: DumpTable, onBatch: (rows: unknown[][]) => Promise<void>): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let batch: unknown[][] = [];
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    const row = JSON.parse(line) as unknown[];
    if (!Array.isArray(row) || row.length !== table.columns.length)
      throw new BackupError(
        'dump_invalid',
        `${path.basename(file)} line ${count + 1} does not have the ${table.columns.length} columns of ${table.name}`,
      );
    batch.push(row);
    count++;
    if (batch.length >= INSERT_ROWS) {
      await onBatch(batch);
      batch = [];
    }
  }
  if (batch.length) await onBatch(batch);
  if (count !== table.rows)
    throw new BackupError(
      'dump_invalid',
      `${table.name}: the dump holds ${count} rows, the manifest says ${table.rows}`,
    );
}

/** The distinct values of the dumped columns `names` picks (blob references: blob-refs.ts), sorted. */
export async function dumpedValues(
  dumpDir: string,
  tables: DumpTable[],
  pick: (column: string) => boolean,
): Promise<string[]> {
  const out = new Set<string>();
  for (const t of tables) {
    const idx = t.columns.flatMap((c, i) => (pick(c.name) ? [i] : []));
    if (idx.length === 0) continue;
    await readRows(path.join(dumpDir, dumpFileOf(t.name)), t, async (rows) => {
      for (const r of rows) for (const i of idx) if (r[i] !== null && r[i] !== undefined) out.add(String(r[i]));
    });
  }
  return [...out].sort();
}

/** A database the dump may go into: PostgreSQL (one transaction on a client) or SQLite (the drill's scratch file). */
export type LoadTarget = { kind: 'postgres'; client: pg.PoolClient } | { kind: 'sqlite'; db: SqliteDatabase.Database };

/** The target's tables and columns, to leave out what it lacks (a PostgreSQL-only column on SQLite). */
function targetColumns(target: LoadTarget): Promise<Map<string, Set<string>>> | Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (target.kind === 'sqlite') {
    const tables = target.db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
    for (const t of tables)
      out.set(t.name, new Set((target.db.pragma(`table_info(${q(t.name)})`) as { name: string }[]).map((c) => c.name)));
    return out;
  }
  return target.client
    .query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = current_schema()`,
    )
    .then((r) => {
      for (const c of r.rows) out.set(c.table_name, (out.get(c.table_name) ?? new Set()).add(c.column_name));
      return out;
    });
}

/**
 * Loads every dumped table into a migrated, empty database. PostgreSQL: in the caller's transaction, foreign keys
 * are dropped, the rows inserted and the keys added back (which checks every reference), so load order does not
 * matter and a failure leaves nothing; sequences are moved past the loaded rows. SQLite: foreign keys are off while
 * loading (the caller's transaction) and `foreign_key_check` runs after.
 */
export async function loadDump(
  target: LoadTarget,
  dumpDir: string,
  tables: DumpTable[],
  onProgress?: ProgressFn,
): Promise<void> {
  const have = await targetColumns(target);
  const pgClient = target.kind === 'postgres' ? target.client : null;
  const fks = pgClient
    ? (
        await pgClient.query<{ tbl: string; name: string; def: string }>(
          `select c.conrelid::regclass::text as tbl, c.conname as name, pg_get_constraintdef(c.oid) as def
           from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`,
        )
      ).rows
    : [];
  for (const fk of fks) await pgClient!.query(`alter table ${fk.tbl} drop constraint ${q(fk.name)}`);
  for (const [i, t] of tables.entries()) {
    const cols = have.get(t.name);
    if (!cols)
      throw new BackupError(
        'dump_invalid',
        `The target database has no table ${t.name}: it is not at the backup's migrations`,
      );
    const keep = t.columns.map((c, idx) => ({ ...c, idx })).filter((c) => cols.has(c.name));
    const names = keep.map((c) => q(c.name)).join(', ');
    const file = path.join(dumpDir, dumpFileOf(t.name));
    if (target.kind === 'sqlite') {
      target.db.prepare(`delete from ${q(t.name)}`).run();
      const ins = target.db.prepare(`insert into ${q(t.name)} (${names}) values (${keep.map(() => '?').join(', ')})`);
      await readRows(file, t, async (rows) => {
        for (const r of rows) ins.run(keep.map((c) => (typeof r[c.idx] === 'boolean' ? Number(r[c.idx]) : r[c.idx])));
      });
    } else {
      await pgClient!.query(`delete from ${q(t.name)}`);
      const cast = keep.map((c) => (c.type === '_text' ? '::text[]' : ''));
      await readRows(file, t, async (rows) => {
        const params: unknown[] = [];
        const tuples = rows.map((r) => `(${keep.map((c, j) => `$${params.push(r[c.idx])}${cast[j]}`).join(', ')})`);
        await pgClient!.query(`insert into ${q(t.name)} (${names}) values ${tuples.join(', ')}`, params);
      });
    }
    onProgress?.({ phase: 'database', done: i + 1, total: tables.length });
  }
  if (pgClient) {
    for (const fk of fks) await pgClient.query(`alter table ${fk.tbl} add constraint ${q(fk.name)} ${fk.def}`);
    const serial = await pgClient.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = current_schema()
       and (column_default like 'nextval(%' or is_identity = 'YES')`,
    );
    for (const s of serial.rows)
      await pgClient.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce(max(${q(s.column_name)}), 0) + 1, false) from ${q(s.table_name)}`,
        [q(s.table_name), s.column_name],
      );
  } else if (target.kind === 'sqlite') {
    const broken = target.db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new BackupError('dump_invalid', `The loaded rows break ${broken.length} foreign key reference(s)`);
  }
}

/** Refuses a PostgreSQL database that already holds a Baomi installation (an audit head or any user). */
export async function assertPostgresEmpty(client: pg.PoolClient): Promise<void> {
  const r = await client.query<{ n: string }>(
    `select count(*)::text as n from information_schema.tables where table_schema = current_schema()
     and table_name in ('audit_head', 'users')`,
  );
  if (Number(r.rows[0]?.n ?? 0) === 0) return;
  const used = await client.query<{ used: boolean }>(
    'select exists (select 1 from audit_head) or exists (select 1 from users) as used',
  );
  if (used.rows[0]?.used)
    throw new Error(
      'The target PostgreSQL database already holds a Baomi installation. Restore into a new, empty database ' +
        '(createdb ...; point DATABASE_URL at it); the current one is left as it is.',
    );
}
