import type { Selectable } from 'kysely';
import type { ScopeEntry } from '../../../kernel/secret-item.js';
import { indexTerms, searchText } from '../../../kernel/search-terms.js';
import type { Db } from '../../../platform/db/database.js';
import { keyedRead } from '../../../platform/db/keyed-read.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { newSortableId } from '../../../platform/context.js';
import type { CarrierTable } from '../schema.js';
import { itemAccessTokens, itemSeqOf } from '../../classification/index.js';

/** SQL on the register's own tables: carriers, their scope, access index, search terms and history. */
type Q = Db | Trx;
export type CarrierRow = Selectable<CarrierTable>;

/** A carrier behind a read endpoint: built once, and shared round trips on PostgreSQL (see keyedRead). */
const carrierById = keyedRead(
  (q, id) => q.selectFrom('carriers').selectAll().where('id', '=', id),
  (r) => r.id,
);

export function findCarrierById(q: Q, id: string): Promise<CarrierRow | undefined> {
  return carrierById(q, id);
}

export async function carriersBySeq(q: Q, seqs: readonly number[]): Promise<CarrierRow[]> {
  if (seqs.length === 0) return [];
  return q.selectFrom('carriers').selectAll().where('seq', 'in', seqs).execute();
}

export async function updateCarrierVersioned(
  trx: Trx,
  id: string,
  version: number,
  set: Partial<CarrierRow>,
): Promise<boolean> {
  const r = await trx
    .updateTable('carriers')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function scopeOf(q: Q, carrierId: string): Promise<ScopeEntry[]> {
  const rows = await q
    .selectFrom('carrier_scope')
    .select(['kind', 'ref'])
    .where('carrier_id', '=', carrierId)
    .execute();
  return rows.map((r) => ({ kind: r.kind as ScopeEntry['kind'], ref: r.ref }));
}

export async function writeScope(trx: Trx, carrierId: string, scope: readonly ScopeEntry[]): Promise<void> {
  await trx.deleteFrom('carrier_scope').where('carrier_id', '=', carrierId).execute();
  if (scope.length)
    await trx
      .insertInto('carrier_scope')
      .values(scope.map((s) => ({ carrier_id: carrierId, kind: s.kind, ref: s.ref })))
      .execute();
}

/** Who holds a carrier now besides its custodian (borrower, bearer, recipient, unsigned readers). */
export interface Holders {
  borrowerId: string | null;
  bearerId: string | null;
  recipientId: string | null;
  readerIds: readonly string[];
}
export const NO_HOLDERS: Holders = { borrowerId: null, bearerId: null, recipientId: null, readerIds: [] };

export function holderIdsOf(h: Holders): string[] {
  return [...new Set([h.borrowerId, h.bearerId, h.recipientId, ...h.readerIds].filter((x): x is string => x !== null))];
}

/**
 * Rewrites the carrier's access index: one row per principal that may know it, the access rank copied in. Called
 * in every transaction that changes who keeps, holds or may know a carrier, so the index and the policy agree.
 * A linked item adds its seq (`item`: read for the person's grants) and a copy of its readers (`linked`).
 */
export async function writeCarrierAccess(
  trx: Trx,
  c: Pick<CarrierRow, 'seq' | 'custodian_id' | 'department_id' | 'item_id' | 'access_rank'>,
  scope: readonly ScopeEntry[],
  holders: Holders,
): Promise<void> {
  await trx.deleteFrom('carrier_access').where('seq', '=', c.seq).execute();
  const rows = new Map<string, { kind: string; ref: string; access_rank: number }>();
  const add = (kind: string, ref: string, rank = c.access_rank) =>
    rows.set(`${kind}:${ref}`, { kind, ref, access_rank: rank });
  add('custodian', c.custodian_id);
  add('dept', c.department_id);
  const itemSeq = c.item_id ? await itemSeqOf(trx, c.item_id) : null;
  if (itemSeq !== null) {
    add('item', String(itemSeq));
    for (const r of await linkedRows(trx, itemSeq, c.access_rank)) add(r.kind, r.ref, r.access_rank);
  }
  for (const s of scope) add(s.kind, s.ref);
  for (const h of holderIdsOf(holders)) add('holder', h);
  await trx
    .insertInto('carrier_access')
    .values([...rows.values()].map((r) => ({ ...r, seq: c.seq })))
    .execute();
}

/**
 * A linked item's readers as the carrier's `linked` rows: the item's `item_access` rows as 'kind:ref' tokens, the
 * rank the higher of the item's and the carrier's (the carrier is listed to whom may know the item and read it).
 */
async function linkedRows(
  q: Q,
  itemSeq: number,
  carrierRank: number,
): Promise<{ kind: string; ref: string; access_rank: number }[]> {
  const tokens = await itemAccessTokens(q, itemSeq);
  return tokens.map((t) => ({ kind: 'linked', ref: t.token, access_rank: Math.max(t.rank, carrierRank) }));
}

/** The catalogue changed who may know an item: its carriers' `linked` rows are rewritten (platform/linked-items.ts). */
export async function rewriteLinkedReaders(trx: Trx, item: { id: string; seq: number }): Promise<void> {
  const linked = await trx
    .selectFrom('carriers')
    .select(['seq', 'access_rank'])
    .where('item_id', '=', item.id)
    .execute();
  for (const c of linked) {
    const seq = Number(c.seq);
    await trx.deleteFrom('carrier_access').where('seq', '=', seq).where('kind', '=', 'linked').execute();
    const rows = await linkedRows(trx, item.seq, Number(c.access_rank));
    if (rows.length > 0)
      await trx
        .insertInto('carrier_access')
        .values(rows.map((r) => ({ ...r, seq })))
        .execute();
  }
}

/** Number, title and originator are searchable. */
export function searchTextOf(c: Pick<CarrierRow, 'number' | 'title' | 'originator'>): string {
  return searchText([c.number, c.title, c.originator]);
}

export async function writeCarrierTerms(
  trx: Trx,
  c: Pick<CarrierRow, 'seq' | 'number' | 'title' | 'originator'>,
): Promise<void> {
  await trx.deleteFrom('carrier_terms').where('seq', '=', c.seq).execute();
  const terms = indexTerms([c.number, c.title, c.originator]);
  for (let i = 0; i < terms.length; i += 500)
    await trx
      .insertInto('carrier_terms')
      .values(terms.slice(i, i + 500).map((term) => ({ term, seq: c.seq })))
      .execute();
}

export async function addEvent(
  trx: Trx,
  e: { carrierId: string; at: string; actorId: string | null; event: string; details: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('carrier_events')
    .values({
      id: newSortableId(),
      carrier_id: e.carrierId,
      at: e.at,
      actor_id: e.actorId,
      event: e.event,
      details: JSON.stringify(e.details),
    })
    .execute();
}

export async function eventsOf(q: Q, carrierId: string) {
  return q
    .selectFrom('carrier_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.event', 'e.details', 'u.display_name as actor_name'])
    .where('e.carrier_id', '=', carrierId)
    .orderBy('e.id')
    .execute();
}

/** The carrier's open movements: its active loan, the dispatch awaiting sign-for, the carry-out, the circulation. */
export async function openMovements(q: Q, carrierId: string) {
  const [loan, dispatch, carryOut, circulation] = await Promise.all([
    q
      .selectFrom('carrier_loans')
      .selectAll()
      .where('carrier_id', '=', carrierId)
      .where('status', '=', 'active')
      .executeTakeFirst(),
    q
      .selectFrom('carrier_dispatches')
      .selectAll()
      .where('carrier_id', '=', carrierId)
      .where('status', '=', 'awaiting')
      .executeTakeFirst(),
    q
      .selectFrom('carrier_carry_outs')
      .selectAll()
      .where('carrier_id', '=', carrierId)
      .where('status', 'in', ['requested', 'approved', 'out'])
      .executeTakeFirst(),
    q
      .selectFrom('carrier_circulations')
      .selectAll()
      .where('carrier_id', '=', carrierId)
      .where('status', '=', 'open')
      .executeTakeFirst(),
  ]);
  const readers = circulation
    ? await q
        .selectFrom('carrier_circulation_readers')
        .selectAll()
        .where('circulation_id', '=', circulation.id)
        .orderBy('position')
        .execute()
    : [];
  return { loan, dispatch, carryOut, circulation, readers };
}
export type OpenMovements = Awaited<ReturnType<typeof openMovements>>;

/** Holders from the open movements (a carry-out's bearer holds it once approved). */
export function holdersOf(m: OpenMovements): Holders {
  return {
    borrowerId: m.loan?.borrower_id ?? null,
    bearerId: m.carryOut && m.carryOut.status !== 'requested' ? m.carryOut.bearer_id : null,
    recipientId: m.dispatch?.direction === 'internal' ? m.dispatch.recipient_id : null,
    readerIds: m.readers.filter((r) => r.signed_at === null).map((r) => r.reader_id),
  };
}

export async function dutiesOf(q: Q, userId: string, departmentId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('carrier_handlers')
    .select('duty')
    .where('user_id', '=', userId)
    .where('department_id', '=', departmentId)
    .execute();
  return rows.map((r) => r.duty);
}

/** Rewrites the access index from the carrier's current row, scope and open movements (after any of them changed). */
export async function refreshCarrierAccess(trx: Trx, carrierId: string): Promise<void> {
  const row = await findCarrierById(trx, carrierId);
  if (!row) return;
  const [scope, movements] = await Promise.all([scopeOf(trx, carrierId), openMovements(trx, carrierId)]);
  await writeCarrierAccess(trx, row, scope, holdersOf(movements));
}
