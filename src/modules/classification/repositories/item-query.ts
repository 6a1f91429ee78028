import { SqliteAdapter, sql, type RawBuilder } from 'kysely';
import type { ItemListFilter } from '../../../policy/classification.js';
import type { SearchQuery } from '../../../kernel/search-terms.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';

/**
 * The catalogue list filter in SQL. `ItemListFilter` comes from the policy (item-policy.ts); this file only
 * translates it. Three shapes of the same predicate:
 * - `visibleSeqs`: the set of item seqs the person may know, as a UNION of one index range per principal
 *   (scope entries, custodian, "everyone" for open items) and their active grants;
 * - the fast page: each principal's range read newest-first with its own LIMIT, merged — a page costs a few
 *   short index reads, whatever the size of the catalogue;
 * - PostgreSQL only, for a search: the item's own copies of its index rows, `secret_items.principals` (its
 *   `item_access` rows as 'kind:ref') and `secret_items.search_terms` (its `item_terms`), tested together
 *   through one two-column GIN index (migration 005), plus the active grants.
 * All also require access_rank <= the person's clearance (no read-up).
 */
type Q = Db | Trx;

export interface Principal {
  kind: 'user' | 'custodian' | 'department' | 'role' | 'everyone';
  ref: string;
}

/** A principal as stored in `secret_items.principals` (PostgreSQL): one per `item_access` row of the item. */
export function principalToken(p: { kind: string; ref: string }): string {
  return `${p.kind}:${p.ref}`;
}

export function principalsOf(f: ItemListFilter): Principal[] {
  switch (f.kind) {
    case 'none':
    case 'up_to_rank':
      return [];
    case 'open_only':
      return [{ kind: 'everyone', ref: '*' }];
    case 'need_to_know':
      return [
        { kind: 'everyone', ref: '*' },
        { kind: 'user', ref: f.userId },
        { kind: 'custodian', ref: f.userId },
        ...f.departmentIds.map((d) => ({ kind: 'department' as const, ref: d })),
        ...f.roles.map((r) => ({ kind: 'role' as const, ref: r })),
      ];
  }
}

function maxRankOf(f: ItemListFilter): number {
  return f.kind === 'open_only' ? 1 : f.kind === 'none' ? -1 : f.maxRank;
}

/**
 * `seqCol IN (...)`: membership in the set of item seqs the person may know (one index range per principal,
 * and for need-to-know their active grants), without the rank check. `splitGrants` tests the grants as a
 * second IN joined by OR (the same set): PostgreSQL then checks both as hashed sets while scanning `seqCol`'s
 * rows instead of planning a join from a visible set it cannot estimate.
 */
function visibleMembership(
  f: Exclude<ItemListFilter, { kind: 'none' } | { kind: 'up_to_rank' }>,
  seqCol: RawBuilder<unknown>,
  splitGrants = false,
): RawBuilder<boolean> {
  const maxRank = maxRankOf(f);
  const branches: RawBuilder<unknown>[] = principalsOf(f).map(
    (p) => sql`select seq from item_access where kind = ${p.kind} and ref = ${p.ref} and access_rank <= ${maxRank}`,
  );
  if (f.kind !== 'need_to_know') return sql<boolean>`${seqCol} in (${sql.join(branches, sql` union all `)})`;
  const grants = sql`select item_seq from access_grants where grantee_id = ${f.userId} and revoked_at is null and expires_at > ${f.at}`;
  if (splitGrants)
    return sql<boolean>`(${seqCol} in (${sql.join(branches, sql` union all `)}) or ${seqCol} in (${grants}))`;
  return sql<boolean>`${seqCol} in (${sql.join([...branches, grants], sql` union all `)})`;
}

/** `i.<rank> <= max AND i.seq IN (...)`: the visibility predicate on an aliased `secret_items i`. */
export function visiblePredicate(f: ItemListFilter): RawBuilder<boolean> {
  if (f.kind === 'none') return sql<boolean>`1 = 0`;
  const maxRank = maxRankOf(f);
  if (f.kind === 'up_to_rank') return sql<boolean>`i.access_rank <= ${maxRank}`;
  return sql<boolean>`(i.access_rank <= ${maxRank} and ${visibleMembership(f, sql`i.seq`)})`;
}

export interface ItemFilters {
  level?: string | undefined;
  category?: string | undefined;
  status?: string | undefined;
  custodianId?: string | undefined;
  secrecyUntilBefore?: string | undefined;
}

function filterPredicates(filters: ItemFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (filters.level) out.push(sql`i.level = ${filters.level}`);
  if (filters.category) out.push(sql`i.category = ${filters.category}`);
  if (filters.status) out.push(sql`i.status = ${filters.status}`);
  if (filters.custodianId) out.push(sql`i.custodian_id = ${filters.custodianId}`);
  if (filters.secrecyUntilBefore)
    out.push(sql`i.secrecy_until is not null and i.secrecy_until <= ${filters.secrecyUntilBefore}`);
  return out;
}

/**
 * PostgreSQL: the list filter and a term search on the item row itself, for the two-column GIN index on
 * (search_terms, principals): every term among the item's terms and one of the person's principals among
 * the item's principals — the same rows `item_terms` and `item_access` hold for the item, kept in the same
 * transactions by writeSearchTerms and writeAccessIndex — and the rank checked on the row (item_access
 * carries a copy of it). The index hands back only the items holding both: a few thousand rows for a
 * common term at 1,000,000 items, instead of the term's postings against the whole visible set.
 * Returns the branches whose union is the visible matches: by principal, and (need-to-know) by an active
 * grant without a principal, so the two are disjoint.
 */
function arraySearchBranches(
  f: Exclude<ItemListFilter, { kind: 'none' } | { kind: 'up_to_rank' }>,
  search: SearchQuery,
): RawBuilder<unknown>[][] {
  const tokens = principalsOf(f).map(principalToken);
  const common = [
    sql`i.search_terms @> ${search.terms}::text[]`,
    sql`i.access_rank <= ${maxRankOf(f)}`,
    ...search.phrases.map((p) => sql`i.search_text like ${likeEscape(p)} escape '\\'`),
  ];
  const byPrincipal = [sql`i.principals && ${tokens}::text[]`, ...common];
  if (f.kind !== 'need_to_know') return [byPrincipal];
  // The grants' seqs are fetched first (an array), so that branch reads its few items by the seq index.
  const byGrant = [
    sql`i.seq = any(array(select item_seq from access_grants where grantee_id = ${f.userId} and revoked_at is null and expires_at > ${f.at}))`,
    sql`not (i.principals && ${tokens}::text[])`,
    ...common,
  ];
  return [byPrincipal, byGrant];
}

function likeEscape(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchPredicates(search: SearchQuery | null): { from: RawBuilder<unknown>; where: RawBuilder<unknown>[] } {
  if (!search) return { from: sql`secret_items i`, where: [] };
  const where: RawBuilder<unknown>[] = [];
  for (const p of search.phrases) where.push(sql`i.search_text like ${likeEscape(p)} escape '\\'`);
  if (search.substring) {
    where.push(sql`i.search_text like ${likeEscape(search.substring)} escape '\\'`);
    return { from: sql`secret_items i`, where };
  }
  // The first term drives (its postings are read in seq order); the others are probed per candidate.
  const [first, ...rest] = search.terms;
  for (const t of rest) where.push(sql`exists (select 1 from item_terms t2 where t2.term = ${t} and t2.seq = i.seq)`);
  return { from: sql`item_terms t join secret_items i on i.seq = t.seq and t.term = ${first!}`, where };
}

export type SortKey = 'number' | 'secrecyUntil' | 'level';
/** Sort expressions; secrecy_until has no NULLs in the order (the two dialects sort NULL differently). */
const SORT_EXPR: Record<SortKey, RawBuilder<unknown> | null> = {
  number: null,
  secrecyUntil: sql`coalesce(i.secrecy_until, '9999-12-31')`,
  level: sql`i.access_rank`,
};

export interface Cursor {
  seq: number;
  value?: string | number;
}

export interface PageRequest {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor: Cursor | null;
}

/**
 * The seqs of one page, in order. The fast path (registration order, no filters, no search) merges one
 * limited index range per principal; everything else is one statement over the visible set.
 */
export async function pageSeqs(
  q: Q,
  f: ItemListFilter,
  filters: ItemFilters,
  search: SearchQuery | null,
  page: PageRequest,
): Promise<number[]> {
  if (f.kind === 'none') return [];
  const take = page.limit + 1; // one more tells whether there is a next page
  const desc = page.order === 'desc';
  const cmp = desc ? sql`<` : sql`>`;
  const dir = desc ? sql`desc` : sql`asc`;
  const extra = filterPredicates(filters);
  if (page.sort === 'number' && extra.length === 0 && !search && f.kind !== 'up_to_rank') {
    const maxRank = maxRankOf(f);
    const after = page.cursor ? sql` and seq ${cmp} ${page.cursor.seq}` : sql``;
    const branches: RawBuilder<unknown>[] = principalsOf(f).map(
      (p, i) =>
        sql`select seq from (select seq from item_access where kind = ${p.kind} and ref = ${p.ref} and access_rank <= ${maxRank}${after} order by seq ${dir} limit ${take}) ${sql.raw(`p${i}`)}`,
    );
    if (f.kind === 'need_to_know') {
      const gAfter = page.cursor ? sql` and g.item_seq ${cmp} ${page.cursor.seq}` : sql``;
      branches.push(
        // distinct: one person may hold several grants on one item; the limit counts items, not grants.
        sql`select seq from (select distinct g.item_seq as seq from access_grants g join secret_items gi on gi.seq = g.item_seq where g.grantee_id = ${f.userId} and g.revoked_at is null and g.expires_at > ${f.at} and gi.access_rank <= ${maxRank}${gAfter} order by g.item_seq ${dir} limit ${take}) pg`,
      );
    }
    const rows = await sql<{
      seq: number;
    }>`select distinct seq from (${sql.join(branches, sql` union all `)}) u order by seq ${dir} limit ${take}`.execute(
      q,
    );
    return rows.rows.map((r) => Number(r.seq));
  }
  const { from, where } = searchPredicates(search);
  const expr = SORT_EXPR[page.sort];
  if (search && search.terms.length > 0 && f.kind !== 'up_to_rank') {
    const sqlite = isSqlite(q);
    const rank = sql`i.access_rank <= ${maxRankOf(f)}`;
    if (page.sort === 'number') {
      // Registration order: walk the first term's postings newest-first (the index order), keep those in the
      // visible set, stop after `take` hits; the cost follows the page, not the size of the visible set.
      // On SQLite the unary + stops the planner from driving the loop from the visible set instead (which
      // reads all of it, then sorts).
      const conds = [rank, visibleMembership(f, sqlite ? sql`+t.seq` : sql`t.seq`, !sqlite), ...extra, ...where];
      if (page.cursor) conds.push(sql`t.seq ${cmp} ${page.cursor.seq}`);
      const rows = await sql<{
        seq: number;
      }>`select t.seq from ${from} where ${sql.join(conds, sql` and `)} order by t.seq ${dir} limit ${take}`.execute(q);
      return rows.rows.map((r) => Number(r.seq));
    }
    if (!sqlite && expr) {
      // Another order needs every visible match before the first page is known. PostgreSQL: the GIN index
      // on (search_terms, principals) yields the items holding the terms and one of the person's principals;
      // only those rows are read for rank, filters and sort key (the grants' items in a branch of their own,
      // so the first branch's rows need no second look at the arrays).
      const after = page.cursor
        ? [sql`(${expr}, i.seq) ${cmp} (${page.cursor.value ?? null}, ${page.cursor.seq})`]
        : [];
      const branches = arraySearchBranches(f, search).map(
        (conds) =>
          sql`select i.seq, ${expr} as k from secret_items i where ${sql.join([...conds, ...extra, ...after], sql` and `)}`,
      );
      const rows = await sql<{
        seq: number;
      }>`select m.seq from (${sql.join(branches, sql` union all `)}) m order by m.k ${dir}, m.seq ${dir} limit ${take}`.execute(
        q,
      );
      return rows.rows.map((r) => Number(r.seq));
    }
  }
  const conds = [visiblePredicate(f), ...extra, ...where];
  if (page.cursor) {
    conds.push(
      expr
        ? sql`(${expr}, i.seq) ${cmp} (${page.cursor.value ?? null}, ${page.cursor.seq})`
        : sql`i.seq ${cmp} ${page.cursor.seq}`,
    );
  }
  const order = expr ? sql`${expr} ${dir}, i.seq ${dir}` : sql`i.seq ${dir}`;
  const rows = await sql<{
    seq: number;
  }>`select i.seq from ${from} where ${sql.join(conds, sql` and `)} order by ${order} limit ${take}`.execute(q);
  return rows.rows.map((r) => Number(r.seq));
}

export function isSqlite(q: Q): boolean {
  return q.getExecutor().adapter instanceof SqliteAdapter;
}

export async function countVisible(
  q: Q,
  f: ItemListFilter,
  filters: ItemFilters,
  search: SearchQuery | null,
): Promise<number> {
  if (f.kind === 'none') return 0;
  if (search && search.terms.length > 0 && f.kind !== 'up_to_rank' && !isSqlite(q)) {
    const extra = filterPredicates(filters);
    const counts = arraySearchBranches(f, search).map(
      (conds) => sql`select count(*) as n from secret_items i where ${sql.join([...conds, ...extra], sql` and `)}`,
    );
    const r = await sql<{
      n: number | string;
    }>`select sum(n) as n from (${sql.join(counts, sql` union all `)}) c`.execute(q);
    return Number(r.rows[0]?.n ?? 0);
  }
  const { from, where } = searchPredicates(search);
  const conds = [visiblePredicate(f), ...filterPredicates(filters), ...where];
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from ${from} where ${sql.join(conds, sql` and `)}`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}

/** The sort value of an item row for the cursor of the page it ends. */
export function sortValueOf(
  sort: SortKey,
  row: { secrecy_until: string | null; access_rank: number },
): string | number | undefined {
  if (sort === 'secrecyUntil') return row.secrecy_until ?? '9999-12-31';
  if (sort === 'level') return row.access_rank;
  return undefined;
}

/**
 * `select id from secret_items` the person may know (the catalogue list filter): for another module whose records
 * link to items and whose own list follows who may know the item (carriers, through `index.ts`).
 */
export function visibleItemIds(f: ItemListFilter): RawBuilder<unknown> {
  return sql`select i.id from secret_items i where ${visiblePredicate(f)}`;
}

/**
 * The same items as `visibleItemIds`, as their seqs, read from the index alone: one `item_access` range per
 * principal (each row carries the item's rank) and the person's active grants (their item's rank checked), as the
 * fast page reads them; no item row or item index entry is looked up per item. For another module whose index
 * names items by seq (carriers: about 1,700 items for an ordinary member at 100,000 items, bench/carriers.ts).
 * May list an item twice (several principals); used with `in`.
 */
export function visibleItemSeqs(f: ItemListFilter): RawBuilder<unknown> {
  if (f.kind === 'none') return sql`select i.seq from secret_items i where 1 = 0`;
  if (f.kind === 'up_to_rank') return sql`select i.seq from secret_items i where ${visiblePredicate(f)}`;
  const maxRank = maxRankOf(f);
  const branches: RawBuilder<unknown>[] = principalsOf(f).map(
    (p) => sql`select seq from item_access where kind = ${p.kind} and ref = ${p.ref} and access_rank <= ${maxRank}`,
  );
  if (f.kind === 'need_to_know')
    branches.push(
      sql`select g.item_seq as seq from access_grants g join secret_items gi on gi.seq = g.item_seq where g.grantee_id = ${f.userId} and g.revoked_at is null and g.expires_at > ${f.at} and gi.access_rank <= ${maxRank}`,
    );
  return sql.join(branches, sql` union all `);
}

/**
 * How another module's index finds the records linked to the items a person may know, without reading those items:
 * the module keeps, per linked record, a copy of the item's `item_access` rows as tokens ('kind:ref', with the
 * item's rank; `itemAccessTokens`, rewritten through the platform's `linkedItemAccess` hook whenever
 * `writeAccessIndex` runs), and reads one range per token of the person (`tokens`). What the tokens cannot say
 * is read by item seq (`bySeq`): the person's active grants (need-to-know), or every item up to the rank (the
 * security administrator), or nothing.
 */
export function linkedItemReaders(f: ItemListFilter): { tokens: string[]; bySeq: RawBuilder<unknown> | null } {
  if (f.kind === 'none') return { tokens: [], bySeq: null };
  if (f.kind === 'up_to_rank') return { tokens: [], bySeq: visibleItemSeqs(f) };
  const tokens = principalsOf(f).map(principalToken);
  if (f.kind !== 'need_to_know') return { tokens, bySeq: null };
  return {
    tokens,
    bySeq: sql`select g.item_seq as seq from access_grants g join secret_items gi on gi.seq = g.item_seq where g.grantee_id = ${f.userId} and g.revoked_at is null and g.expires_at > ${f.at} and gi.access_rank <= ${maxRankOf(f)}`,
  };
}

/** An item's `item_access` rows as tokens with the item's rank: what a linked record copies (see above). */
export async function itemAccessTokens(q: Q, seq: number): Promise<{ token: string; rank: number }[]> {
  const rows = await q
    .selectFrom('item_access')
    .select(['kind', 'ref', 'access_rank'])
    .where('seq', '=', seq)
    .execute();
  return rows.map((r) => ({ token: principalToken(r), rank: Number(r.access_rank) }));
}

/** The seq of an item (the key other modules' indexes link to), or null when there is no such item. */
export async function itemSeqOf(q: Q, id: string): Promise<number | null> {
  const r = await q.selectFrom('secret_items').select('seq').where('id', '=', id).executeTakeFirst();
  return r ? Number(r.seq) : null;
}
