import { sql, type Transaction } from 'kysely';
import {
  GENESIS_HASH,
  type ChainHead,
  type HashAlgorithm,
  type StoredAuditRow,
} from '../../domain/audit-chain.js';
import type { AuditEventTable, Database } from '../db/schema.js';
import { sqliteOf, type Db } from '../db/database.js';

export type Trx = Transaction<Database>;

/** Creates the single chain-head row on a fresh database; the algorithm is fixed from then on. */
export async function ensureAuditHead(db: Db, alg: HashAlgorithm): Promise<HashAlgorithm> {
  const row = await db.selectFrom('audit_head').select(['alg']).where('id', '=', 1).executeTakeFirst();
  if (row) return row.alg as HashAlgorithm;
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: GENESIS_HASH, alg })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const again = await db.selectFrom('audit_head').select(['alg']).where('id', '=', 1).executeTakeFirstOrThrow();
  return again.alg as HashAlgorithm;
}

export { appendAuditEvents, appendAuditEventsAlone } from './audit-append.js';

export async function readAuditHead(db: Db): Promise<ChainHead & { alg: HashAlgorithm }> {
  const h = await db.selectFrom('audit_head').select(['seq', 'hash', 'alg']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash, alg: h.alg as HashAlgorithm };
}

const AUDIT_COLUMNS = 'seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, result, ip, request_id, details, prev_hash, hash';

/**
 * SQLite fast path: raw rows (arrays) straight from better-sqlite3, a page per synchronous call so no
 * iterator stays open across awaits (other requests share the connection).
 */
async function* streamAuditRowsSqlite(sqlite: NonNullable<ReturnType<typeof sqliteOf>>, pageSize: number): AsyncGenerator<StoredAuditRow[]> {
  const stmt = sqlite.prepare(`select ${AUDIT_COLUMNS} from audit_events where seq > ? order by seq limit ?`).raw(true);
  let after = -1;
  for (;;) {
    const rows = stmt.all(after, pageSize) as unknown[][];
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      seq: Number(r[0]),
      at: r[1] as string,
      actorId: r[2] as string | null,
      actorName: r[3] as string | null,
      actorRole: r[4] as string | null,
      action: r[5] as string,
      targetType: r[6] as string | null,
      targetId: r[7] as string | null,
      result: r[8] as StoredAuditRow['result'],
      ip: r[9] as string | null,
      requestId: r[10] as string | null,
      detailsJson: r[11] as string,
      prevHash: r[12] as string,
      hash: r[13] as string,
    }));
    after = Number(rows[rows.length - 1]![0]);
    if (rows.length < pageSize) return;
    await new Promise<void>((resolve) => setImmediate(resolve)); // let other requests run between pages
  }
}

/** A database row in the domain's shape; details stay the stored JSON text (what the hash covers). */
export function storedRowOf(r: AuditEventTable): StoredAuditRow {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    result: r.result as StoredAuditRow['result'],
    ip: r.ip,
    requestId: r.request_id,
    detailsJson: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Streams stored rows in seq order, a page at a time, for verification. */
export async function* streamAuditRows(db: Db, pageSize = 5000): AsyncGenerator<StoredAuditRow[]> {
  const sqlite = sqliteOf(db);
  if (sqlite) {
    yield* streamAuditRowsSqlite(sqlite, pageSize * 2);
    return;
  }
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(storedRowOf);
    after = Number(rows[rows.length - 1]!.seq);
    if (rows.length < pageSize) return;
  }
}

export interface AuditQuery {
  ownActorId?: string;
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  result?: string | undefined;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function auditFiltered(db: Db, f: AuditQuery) {
  let q = db.selectFrom('audit_events');
  if (f.ownActorId) q = q.where('actor_id', '=', f.ownActorId);
  if (f.from) q = q.where('at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('at', '<=', new Date(f.to).toISOString());
  if (f.actor) {
    const like = `%${escapeLike(f.actor)}%`;
    q = q.where((eb) =>
      eb.or([eb('actor_id', '=', f.actor!), sql<boolean>`${sql.ref('actor_name')} like ${like} escape '\\'`]),
    );
  }
  if (f.action) q = q.where(sql<boolean>`${sql.ref('action')} like ${`${escapeLike(f.action)}%`} escape '\\'`);
  if (f.target) q = q.where((eb) => eb.or([eb('target_id', '=', f.target!), eb('target_type', '=', f.target!)]));
  if (f.result) q = q.where('result', '=', f.result);
  return q;
}
