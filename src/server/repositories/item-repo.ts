import { sql } from 'kysely';
import type { ScopeEntry } from '../../domain/secret-item.js';
import { isOpenRank } from '../../domain/secret-item.js';
import { indexTerms, searchText } from '../../domain/search-terms.js';
import type { Db } from '../db/database.js';
import type { SecretItemTable } from '../db/schema-classification.js';
import type { Trx } from '../audit/audit-repo.js';
import { newSortableId } from '../context.js';

type Q = Db | Trx;
export type ItemRow = SecretItemTable;

/** Next value of a named counter (item numbers, request numbers); the row lock serialises writers. */
export async function nextCounter(trx: Trx, name: string): Promise<number> {
  const r = await trx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(r.value);
}

export async function findItemById(q: Q, id: string): Promise<ItemRow | undefined> {
  const r = await q.selectFrom('secret_items').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

export async function findItemByNumber(q: Q, number: string): Promise<ItemRow | undefined> {
  const r = await q.selectFrom('secret_items').selectAll().where('number', '=', number).executeTakeFirst();
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

export async function scopeOf(q: Q, seq: number): Promise<ScopeEntry[]> {
  const rows = await q.selectFrom('item_access').select(['kind', 'ref']).where('seq', '=', seq).where('kind', 'in', ['user', 'department', 'role']).execute();
  return rows.map((r) => ({ kind: r.kind as ScopeEntry['kind'], ref: r.ref })).sort((a, b) => (a.kind + a.ref).localeCompare(b.kind + b.ref));
}

/**
 * Rewrites the need-to-know index of one item from its state: the scope, the custodian, and "everyone"
 * while the item is open. Called in the transaction of every change to scope, custodian, level or status.
 */
export async function writeAccessIndex(trx: Trx, item: Pick<ItemRow, 'seq' | 'custodian_id' | 'access_rank'>, scope: readonly ScopeEntry[]): Promise<void> {
  await trx.deleteFrom('item_access').where('seq', '=', item.seq).execute();
  const rows = [
    ...scope.map((s) => ({ kind: s.kind, ref: s.ref })),
    { kind: 'custodian', ref: item.custodian_id },
    ...(isOpenRank(item.access_rank) ? [{ kind: 'everyone', ref: '*' }] : []),
  ].map((r) => ({ ...r, seq: item.seq, access_rank: item.access_rank }));
  await trx.insertInto('item_access').values(rows).execute();
}

/** Title, number and basis are searchable; the classified content is not. */
function searchableFields(item: Pick<ItemRow, 'title' | 'number' | 'basis'>): string[] {
  return [item.title, item.number, item.basis];
}

/** The normalised text phrase searches check (stored in secret_items.search_text). */
export function searchTextOf(item: Pick<ItemRow, 'title' | 'number' | 'basis'>): string {
  return searchText(searchableFields(item));
}

/** Rewrites the search postings of one item. */
export async function writeSearchTerms(trx: Trx, item: Pick<ItemRow, 'seq' | 'title' | 'number' | 'basis'>): Promise<void> {
  await trx.deleteFrom('item_terms').where('seq', '=', item.seq).execute();
  const terms = indexTerms(searchableFields(item));
  for (let i = 0; i < terms.length; i += 500) {
    await trx.insertInto('item_terms').values(terms.slice(i, i + 500).map((term) => ({ term, seq: item.seq }))).execute();
  }
}

export async function updateItemVersioned(trx: Trx, id: string, version: number, set: Partial<ItemRow>): Promise<boolean> {
  const r = await trx
    .updateTable('secret_items')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function addHistory(
  trx: Trx,
  e: { itemId: string; at: string; actorId: string | null; event: string; requestId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  // Sortable ids order the events of one transaction, which share their timestamp.
  await trx
    .insertInto('item_history')
    .values({ id: newSortableId(), item_id: e.itemId, at: e.at, actor_id: e.actorId, event: e.event, request_id: e.requestId ?? null, details: JSON.stringify(e.details ?? {}) })
    .execute();
}

/** Items with names of custodian and department, for list pages. */
export async function itemsBySeq(q: Q, seqs: readonly number[]) {
  if (seqs.length === 0) return [];
  const rows = await q
    .selectFrom('secret_items as i')
    .leftJoin('users as cu', 'cu.id', 'i.custodian_id')
    .leftJoin('departments as d', 'd.id', 'i.department_id')
    .selectAll('i')
    .select(['cu.display_name as custodian_name', 'd.name as department_name'])
    .where('i.seq', 'in', [...seqs])
    .execute();
  const bySeq = new Map(rows.map((r) => [Number(r.seq), { ...r, seq: Number(r.seq) }]));
  return seqs.map((s) => bySeq.get(s)).filter((r): r is NonNullable<typeof r> => r !== undefined);
}

export async function activeGrantsOf(q: Q, itemId: string, granteeId: string) {
  return q.selectFrom('access_grants').selectAll().where('item_id', '=', itemId).where('grantee_id', '=', granteeId).where('revoked_at', 'is', null).execute();
}
