import { CompiledQuery } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import {
  chainEvents,
  type AuditEventInput,
  type ChainHead,
  type ChainedAuditEvent,
  type HashAlgorithm,
} from '../../kernel/audit-chain.js';
import { pgPoolOf, sqliteOf, type Db, type DbKind } from '../db/database.js';
import { hashFn } from '../crypto/keys.js';
import type { Trx } from './audit-repo.js';

/**
 * Appending to the hash chain. Hand-written SQL instead of Kysely builders: appends run on every audited
 * request, and building and compiling the queries cost more than running them.
 *
 * Every append reads the head (seq, hash), chains the events after it, inserts them and moves the head,
 * all in one transaction that holds the chain lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the head row).
 */

const COLUMNS =
  'seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, result, ip, request_id, details, prev_hash, hash';
const NOT_INITIALISED = 'audit chain is not initialised (run baomi migrate)';

type Chained = ChainedAuditEvent & { detailsJson: string };
interface Head extends ChainHead {
  alg: HashAlgorithm;
}

function rowValues(e: Chained): unknown[] {
  return [
    e.seq,
    e.at,
    e.actorId,
    e.actorName,
    e.actorRole,
    e.action,
    e.targetType,
    e.targetId,
    e.result,
    e.ip,
    e.requestId,
    e.detailsJson,
    e.prevHash,
    e.hash,
  ];
}

function chain(head: Head, events: readonly AuditEventInput[]): { chained: Chained[]; head: Head } {
  const r = chainEvents(head, events, hashFn(head.alg));
  return { chained: r.chained, head: { ...r.head, alg: head.alg } };
}

// ---------------------------------------------------------------------------------------------------------
// SQLite

const SQLITE_HEAD = 'select seq, hash, alg from audit_head where id = 1';
const SQLITE_SET_HEAD = 'update audit_head set seq = ?, hash = ? where id = 1';
const SQLITE_INSERT_ONE = `insert into audit_events (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Rows per multi-row insert: 14 parameters each, well under SQLite's 32766. */
const SQLITE_CHUNK = 500;
const sqliteInsertText = new Map<number, string>();
function sqliteInsert(n: number): string {
  let text = sqliteInsertText.get(n);
  if (!text) {
    text = `insert into audit_events (${COLUMNS}) values ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
    sqliteInsertText.set(n, text);
  }
  return text;
}

function headOf(row: { seq: unknown; hash: unknown; alg: unknown } | undefined): Head {
  if (!row) throw new Error(NOT_INITIALISED);
  return { seq: Number(row.seq), hash: String(row.hash), alg: row.alg as HashAlgorithm };
}

async function appendSqliteInTrx(trx: Trx, events: readonly AuditEventInput[]): Promise<Head> {
  const { rows } = await trx.executeQuery<{ seq: number; hash: string; alg: string }>(
    CompiledQuery.raw(SQLITE_HEAD, []),
  );
  const { chained, head } = chain(headOf(rows[0]), events);
  for (let i = 0; i < chained.length; i += SQLITE_CHUNK) {
    const part = chained.slice(i, i + SQLITE_CHUNK);
    await trx.executeQuery(CompiledQuery.raw(sqliteInsert(part.length), part.flatMap(rowValues)));
  }
  await trx.executeQuery(CompiledQuery.raw(SQLITE_SET_HEAD, [head.seq, head.hash]));
  return head;
}

interface SqliteAppender {
  run: { immediate(events: readonly AuditEventInput[]): Head };
}
const sqliteAppenders = new WeakMap<SqliteDatabase.Database, SqliteAppender>();

/** Prepared once per connection; the whole append runs synchronously inside BEGIN IMMEDIATE ... COMMIT. */
function sqliteAppender(sqlite: SqliteDatabase.Database): SqliteAppender {
  let a = sqliteAppenders.get(sqlite);
  if (!a) {
    const readHead = sqlite.prepare(SQLITE_HEAD);
    const insert = sqlite.prepare(SQLITE_INSERT_ONE);
    const setHead = sqlite.prepare(SQLITE_SET_HEAD);
    const run = sqlite.transaction((events: readonly AuditEventInput[]): Head => {
      const { chained, head } = chain(headOf(readHead.get() as Head | undefined), events);
      for (const e of chained) insert.run(rowValues(e));
      setHead.run(head.seq, head.hash);
      return head;
    });
    a = { run };
    sqliteAppenders.set(sqlite, a);
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

const PG_LOCK_HEAD = 'select seq, hash, alg from audit_head where id = 1 for update';
/**
 * One statement moves the head and inserts the events, and only if the head is still where the caller
 * read it ($15, $16): the update takes the head row's lock, and the insert reads from the update's result,
 * so when another writer got there first nothing is written and the row count is 0.
 */
const PG_APPEND = `with h as (
  update audit_head set seq = $17, hash = $18 where id = 1 and seq = $15 and hash = $16 returning 1
)
insert into audit_events (${COLUMNS})
select v.* from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
  as v(${COLUMNS}) cross join h`;
const PG_APPEND_NAME = 'baomi_audit_append';

function pgAppendParams(from: ChainHead, chained: readonly Chained[], to: ChainHead): unknown[] {
  const cols: unknown[][] = Array.from({ length: 14 }, () => new Array<unknown>(chained.length));
  chained.forEach((e, i) => rowValues(e).forEach((v, c) => (cols[c]![i] = v)));
  return [...cols, from.seq, from.hash, to.seq, to.hash];
}

async function appendPgInTrx(trx: Trx, events: readonly AuditEventInput[]): Promise<Head> {
  const { rows } = await trx.executeQuery<{ seq: number; hash: string; alg: string }>(
    CompiledQuery.raw(PG_LOCK_HEAD, []),
  );
  const from = headOf(rows[0]);
  const { chained, head } = chain(from, events);
  const r = await trx.executeQuery(CompiledQuery.raw(PG_APPEND, pgAppendParams(from, chained, head)));
  // We hold the head row's lock, so the condition holds; anything else means the head row changed under it.
  if (Number(r.numAffectedRows ?? 0) !== chained.length) throw new Error('audit chain head changed while locked');
  return head;
}

/**
 * The head this process wrote last, per database. Only a guess: the conditional append checks it against
 * the head row, and a miss (another process or a rolled-back transaction moved the head) falls back to
 * locking the head. It saves the locking round trips for standalone appends, which are then one statement.
 */
const pgHeadHint = new WeakMap<Db, Head>();

// ---------------------------------------------------------------------------------------------------------

/**
 * Appends events to the chain inside the caller's transaction. On PostgreSQL the head row is locked
 * (SELECT ... FOR UPDATE) so concurrent writers queue; on SQLite the transaction began IMMEDIATE and
 * already holds the write lock. If anything here fails, the caller's change rolls back with it.
 */
export async function appendAuditEvents(
  trx: Trx,
  kind: DbKind,
  events: readonly AuditEventInput[],
): Promise<ChainHead> {
  if (events.length === 0) throw new Error('appendAuditEvents needs at least one event');
  const head = kind === 'sqlite' ? await appendSqliteInTrx(trx, events) : await appendPgInTrx(trx, events);
  return { seq: head.seq, hash: head.hash };
}

/**
 * Appends events in a transaction of their own and resolves once it is durable (the group commit in
 * `auditAlone` calls this with every event waiting).
 * - SQLite: on Kysely's single connection (so no other statement interleaves), one synchronous
 *   BEGIN IMMEDIATE ... COMMIT with prepared statements.
 * - PostgreSQL: one conditional statement in autocommit after the head this process last wrote; if the head
 *   moved elsewhere, the locking transaction of `appendAuditEvents`.
 */
export async function appendAuditEventsAlone(db: Db, events: readonly AuditEventInput[]): Promise<ChainHead> {
  if (events.length === 0) throw new Error('appendAuditEventsAlone needs at least one event');
  const sqlite = sqliteOf(db);
  if (sqlite) {
    const head = await db.connection().execute(async () => {
      // Holding Kysely's connection means no Kysely transaction is open; a transaction opened around Kysely
      // would make this a savepoint inside it, not durable on return.
      if (sqlite.inTransaction) throw new Error('a transaction is open on the connection outside Kysely');
      return sqliteAppender(sqlite).run.immediate(events);
    });
    return { seq: head.seq, hash: head.hash };
  }
  const pool = pgPoolOf(db);
  const hint = pgHeadHint.get(db);
  if (pool && hint) {
    const { chained, head } = chain(hint, events);
    const r = await pool.query({ name: PG_APPEND_NAME, text: PG_APPEND, values: pgAppendParams(hint, chained, head) });
    if (r.rowCount === chained.length) {
      pgHeadHint.set(db, head);
      return { seq: head.seq, hash: head.hash };
    }
    pgHeadHint.delete(db);
  }
  const head = await db.transaction().execute((trx) => appendPgInTrx(trx, events));
  pgHeadHint.set(db, head);
  return { seq: head.seq, hash: head.hash };
}
