import { sql, type Transaction } from 'kysely';
import { GENESIS_HASH, type ChainHead, type HashAlgorithm, type StoredAuditRow } from '../../kernel/audit-chain.js';
import type { AuditEventTable, Database } from '../db/schema.js';
import type { Db } from '../db/database.js';
import { REVIEWED_BY_AUDITOR_ROLES, type AuditScope } from '../../policy/index.js';

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
  const h = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash', 'alg'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash, alg: h.alg as HashAlgorithm };
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

export interface AuditQuery {
  /** Whose events the reader may see (the policy's `auditScope`); absent = all. */
  scope?: AuditScope;
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  /**
   * The targets the `target` text names for the reader (found by number, title or name through their modules,
   * and only those the reader may see), by type: an event about one of them matches too.
   */
  targetMatches?: ReadonlyMap<string, readonly string[]>;
  result?: string | undefined;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function auditFiltered(db: Db, f: AuditQuery) {
  let q = db.selectFrom('audit_events');
  const scope = f.scope;
  if (scope?.kind === 'none') q = q.where(sql<boolean>`1 = 0`);
  if (scope?.kind === 'some') {
    // The split by the recorded role (policy/audit.ts auditEventClass), plus the reader's own events.
    const admins = [...REVIEWED_BY_AUDITOR_ROLES];
    q = q.where((eb) =>
      eb.or([
        eb('actor_id', '=', scope.actorId),
        ...scope.classes.map((c) =>
          c === 'admins'
            ? eb('actor_role', 'in', admins)
            : c === 'auditor'
              ? eb('actor_role', '=', 'auditor')
              : eb.or([eb('actor_role', 'is', null), eb('actor_role', 'not in', [...admins, 'auditor'])]),
        ),
      ]),
    );
  }
  if (f.from) q = q.where('at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('at', '<=', new Date(f.to).toISOString());
  // Case-insensitive on both databases (SQLite's like ignores ASCII case, PostgreSQL's does not): the name is
  // compared in lower case; actions are stored in lower case, so only the prefix is lowered (the index on
  // action stays usable).
  if (f.actor) {
    const like = `%${escapeLike(f.actor.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([eb('actor_id', '=', f.actor!), sql<boolean>`lower(${sql.ref('actor_name')}) like ${like} escape '\\'`]),
    );
  }
  // Exact actions, picked by name from the dictionary: comma-separated codes.
  const actions = f.action ? [...new Set(f.action.split(','))] : [];
  if (actions.length) q = q.where('action', 'in', actions);
  if (f.target) {
    const named = [...(f.targetMatches ?? [])].filter(([, ids]) => ids.length > 0);
    q = q.where((eb) =>
      eb.or([
        eb('target_id', '=', f.target!),
        eb('target_type', '=', f.target!),
        ...named.map(([type, ids]) => eb.and([eb('target_type', '=', type), eb('target_id', 'in', [...ids])])),
      ]),
    );
  }
  if (f.result) q = q.where('result', '=', f.result);
  return q;
}
