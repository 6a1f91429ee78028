import { sql } from 'kysely';
import type { ScopeEntry } from '../../../kernel/secret-item.js';
import { isOpenRank } from '../../../kernel/secret-item.js';
import { indexTerms, searchText } from '../../../kernel/search-terms.js';
import type { Db } from '../../../platform/db/database.js';
import { keyedRead } from '../../../platform/db/keyed-read.js';
import type { SecretItemTable } from '../schema.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { newSortableId } from '../../../platform/context.js';
import { isSqlite, principalToken } from './item-query.js';
import { itemAccessChanged } from '../../../platform/linked-items.js';

type Q = Db | Trx;
export type ItemRow = SecretItemTable;

/**
 * The columns of an item row, named: on PostgreSQL secret_items also holds the search copies of its index
 * rows (search_terms, principals; migration 005), which are for the search statement, not for the row.
 */
const ITEM_COLUMN_SET: Record<keyof ItemRow, true> = {
  id: true,
  seq: true,
  number: true,
  title: true,
  content: true,
  category: true,
  level: true,
  access_rank: true,
  status: true,
  basis: true,
  period_value: true,
  period_unit: true,
  declassify_condition: true,
  marked_on: true,
  secrecy_until: true,
  classifier_id: true,
  classifier_kind: true,
  origin: true,
  source_item_id: true,
  custodian_id: true,
  department_id: true,
  next_review_on: true,
  last_reviewed_on: true,
  declassified_on: true,
  declassify_reason: true,
  search_text: true,
  created_by: true,
  created_at: true,
  updated_at: true,
  version: true,
};
const ITEM_COLUMNS = Object.keys(ITEM_COLUMN_SET) as (keyof ItemRow)[];
const ITEM_COLUMNS_I = ITEM_COLUMNS.map((c) => `i.${c}` as const);

/** The item behind a read endpoint: built once, and shared round trips on PostgreSQL (see keyedRead). */
const itemById = keyedRead(
  (q, id) => q.selectFrom('secret_items').select(ITEM_COLUMNS).where('id', '=', id),
  (r) => r.id,
);

export async function findItemById(q: Q, id: string): Promise<ItemRow | undefined> {
  const r = await itemById(q, id);
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

export async function findItemByNumber(q: Q, number: string): Promise<ItemRow | undefined> {
  const r = await q.selectFrom('secret_items').select(ITEM_COLUMNS).where('number', '=', number).executeTakeFirst();
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

export async function scopeOf(q: Q, seq: number): Promise<ScopeEntry[]> {
  const rows = await q
    .selectFrom('item_access')
    .select(['kind', 'ref'])
    .where('seq', '=', seq)
    .where('kind', 'in', ['user', 'department', 'role'])
    .execute();
  return rows
    .map((r) => ({ kind: r.kind as ScopeEntry['kind'], ref: r.ref }))
    .sort((a, b) => (a.kind + a.ref).localeCompare(b.kind + b.ref));
}

/** The principals that may know an item: each scope entry, the custodian, and "everyone" while it is open. */
export function accessEntriesOf(
  item: Pick<ItemRow, 'custodian_id' | 'access_rank'>,
  scope: readonly ScopeEntry[],
): { kind: string; ref: string }[] {
  return [
    ...scope.map((s) => ({ kind: s.kind as string, ref: s.ref })),
    { kind: 'custodian', ref: item.custodian_id },
    ...(isOpenRank(item.access_rank) ? [{ kind: 'everyone', ref: '*' }] : []),
  ];
}

/**
 * Rewrites the need-to-know index of one item from its state: the scope, the custodian, and "everyone"
 * while the item is open. Called in the transaction of every change to scope, custodian, level or status; the
 * modules whose records copy the item's readers rewrite their copies in it too (platform/linked-items.ts).
 * On PostgreSQL the item row's `principals` gets the same entries (as 'kind:ref') in the same transaction.
 */
export async function writeAccessIndex(
  trx: Trx,
  item: Pick<ItemRow, 'id' | 'seq' | 'custodian_id' | 'access_rank'>,
  scope: readonly ScopeEntry[],
): Promise<void> {
  await trx.deleteFrom('item_access').where('seq', '=', item.seq).execute();
  const entries = accessEntriesOf(item, scope);
  await trx
    .insertInto('item_access')
    .values(entries.map((r) => ({ ...r, seq: item.seq, access_rank: item.access_rank })))
    .execute();
  if (!isSqlite(trx))
    await sql`update secret_items set principals = ${entries.map(principalToken)}::text[] where seq = ${item.seq}`.execute(
      trx,
    );
  // The records of other modules that copy this item's readers (carriers linked to it) follow in this transaction.
  await itemAccessChanged(trx, { id: item.id, seq: item.seq });
}

/** Title, number and basis are searchable; the classified content is not. */
function searchableFields(item: Pick<ItemRow, 'title' | 'number' | 'basis'>): string[] {
  return [item.title, item.number, item.basis];
}

/** The normalised text phrase searches check (stored in secret_items.search_text). */
export function searchTextOf(item: Pick<ItemRow, 'title' | 'number' | 'basis'>): string {
  return searchText(searchableFields(item));
}

/** The search terms of an item (its `item_terms` rows). */
export function searchTermsOf(item: Pick<ItemRow, 'title' | 'number' | 'basis'>): string[] {
  return indexTerms(searchableFields(item));
}

/**
 * Rewrites the search postings of one item. On PostgreSQL the item row's `search_terms` gets the same terms
 * in the same transaction.
 */
export async function writeSearchTerms(
  trx: Trx,
  item: Pick<ItemRow, 'seq' | 'title' | 'number' | 'basis'>,
): Promise<void> {
  await trx.deleteFrom('item_terms').where('seq', '=', item.seq).execute();
  const terms = searchTermsOf(item);
  for (let i = 0; i < terms.length; i += 500) {
    await trx
      .insertInto('item_terms')
      .values(terms.slice(i, i + 500).map((term) => ({ term, seq: item.seq })))
      .execute();
  }
  if (!isSqlite(trx))
    await sql`update secret_items set search_terms = ${terms}::text[] where seq = ${item.seq}`.execute(trx);
}

export async function updateItemVersioned(
  trx: Trx,
  id: string,
  version: number,
  set: Partial<ItemRow>,
): Promise<boolean> {
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
  e: {
    itemId: string;
    at: string;
    actorId: string | null;
    event: string;
    requestId?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  // Sortable ids order the events of one transaction, which share their timestamp.
  await trx
    .insertInto('item_history')
    .values({
      id: newSortableId(),
      item_id: e.itemId,
      at: e.at,
      actor_id: e.actorId,
      event: e.event,
      request_id: e.requestId ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

/** Items with names of custodian and department, for list pages. */
export async function itemsBySeq(q: Q, seqs: readonly number[]) {
  if (seqs.length === 0) return [];
  const rows = await q
    .selectFrom('secret_items as i')
    .leftJoin('users as cu', 'cu.id', 'i.custodian_id')
    .leftJoin('departments as d', 'd.id', 'i.department_id')
    .select(ITEM_COLUMNS_I)
    .select(['cu.display_name as custodian_name', 'd.name as department_name'])
    .where('i.seq', 'in', [...seqs])
    .execute();
  const bySeq = new Map(rows.map((r) => [Number(r.seq), { ...r, seq: Number(r.seq) }]));
  return seqs.map((s) => bySeq.get(s)).filter((r): r is NonNullable<typeof r> => r !== undefined);
}

export async function activeGrantsOf(q: Q, itemId: string, granteeId: string) {
  return q
    .selectFrom('access_grants')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('grantee_id', '=', granteeId)
    .where('revoked_at', 'is', null)
    .execute();
}
