import { sql, type RawBuilder } from 'kysely';
import type { CarrierListFilter } from '../../../policy/carriers.js';
import { parseQuery } from '../../../kernel/search-terms.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { visibleItemIds } from '../../classification/index.js';

/**
 * The register's list filter in SQL. `CarrierListFilter` comes from the policy (policy/carriers.ts); this file only
 * translates it: the carriers whose `carrier_access` rows name one of the person's principals at or below their
 * clearance (need-to-know: own scope, custodian, holder, a linked item they may know), or their ledger's
 * departments at any rank (rows above the clearance then show their entry only). The fast page reads each
 * principal's index range newest-first with its own LIMIT and merges them, as the catalogue's does.
 */
type Q = Db | Trx;

export interface CarrierFilters {
  /** Ledger restrictions the service derived (personal: mine; department: a department's subtree). */
  holderId?: string | undefined;
  /** Only what this person has now without keeping it (borrower, bearer, recipient, reader). */
  holdingId?: string | undefined;
  departmentIds?: readonly string[] | undefined;
  q?: string | undefined;
  kind?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  custodianId?: string | undefined;
  locationId?: string | undefined;
  /** Today (organisation's date) when only overdue carriers are wanted. */
  overdueOn?: string | undefined;
}

function branches(f: Extract<CarrierListFilter, { kind: 'scoped' }>, after: RawBuilder<unknown>, take: number | null) {
  const lim = take === null ? sql`` : sql` order by seq desc limit ${take}`;
  const ranged = (kind: string, ref: string) =>
    sql`select seq from carrier_access where kind = ${kind} and ref = ${ref} and access_rank <= ${f.maxRank}${after}${lim}`;
  const out: RawBuilder<unknown>[] = [
    ranged('user', f.userId),
    // What one keeps or holds is listed at any rank (an entry only above one's clearance), as the ledgers' rows are.
    sql`select seq from carrier_access where kind = 'custodian' and ref = ${f.userId}${after}${lim}`,
    sql`select seq from carrier_access where kind = 'holder' and ref = ${f.userId}${after}${lim}`,
    ...f.departmentIds.map((d) => ranged('department', d)),
    ...f.roles.map((r) => ranged('role', r)),
    ...f.ledgerDepartmentIds.map(
      (d) => sql`select seq from carrier_access where kind = 'dept' and ref = ${d}${after}${lim}`,
    ),
  ];
  if (f.items.kind !== 'none')
    out.push(
      sql`select seq from carrier_access where kind = 'item' and access_rank <= ${f.maxRank} and ref in (${visibleItemIds(f.items)})${after}${lim}`,
    );
  return out;
}

/** `c.seq in (...)` for the person; true for the unit ledger's keeper. */
export function visiblePredicate(f: CarrierListFilter): RawBuilder<boolean> {
  if (f.kind === 'none') return sql<boolean>`1 = 0`;
  if (f.kind === 'all') return sql<boolean>`1 = 1`;
  const parts = branches(f, sql``, null);
  return sql<boolean>`c.seq in (${sql.join(parts, sql` union all `)})`;
}

function likeEscape(s: string): string {
  return `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function filterPredicates(x: CarrierFilters): RawBuilder<unknown>[] | null {
  const out: RawBuilder<unknown>[] = [];
  if (x.kind) out.push(sql`c.kind = ${x.kind}`);
  if (x.level) out.push(sql`c.level = ${x.level}`);
  if (x.status) out.push(sql`c.status = ${x.status}`);
  if (x.custodianId) out.push(sql`c.custodian_id = ${x.custodianId}`);
  if (x.locationId) out.push(sql`c.location_id = ${x.locationId}`);
  if (x.departmentIds) {
    if (x.departmentIds.length === 0) return null;
    out.push(sql`c.department_id in (${sql.join(x.departmentIds.map((d) => sql`${d}`))})`);
  }
  if (x.holderId)
    out.push(
      sql`c.seq in (select seq from carrier_access where kind in ('custodian', 'holder') and ref = ${x.holderId})`,
    );
  if (x.holdingId)
    out.push(sql`c.seq in (select seq from carrier_access where kind = 'holder' and ref = ${x.holdingId})`);
  if (x.overdueOn) {
    const t = x.overdueOn;
    out.push(sql`(c.id in (select carrier_id from carrier_loans where status = 'active' and due_on < ${t})
      or c.id in (select carrier_id from carrier_circulations where status = 'open' and due_on < ${t})
      or c.id in (select carrier_id from carrier_carry_outs where status = 'out' and return_on < ${t}))`);
  }
  if (x.q !== undefined && x.q.trim() !== '') {
    const search = parseQuery(x.q);
    if (!search) return null;
    for (const t of search.terms) out.push(sql`c.seq in (select seq from carrier_terms where term = ${t})`);
    for (const p of [...search.phrases, ...(search.substring ? [search.substring] : [])])
      out.push(sql`c.search_text like ${likeEscape(p)} escape '\\'`);
  }
  return out;
}

export interface CarrierPage {
  order: 'asc' | 'desc';
  limit: number;
  /** The seq the previous page ended at. */
  after: number | null;
}

/** One page of visible carrier seqs in register order, one more than asked (it tells whether more follow). */
export async function pageSeqs(q: Q, f: CarrierListFilter, x: CarrierFilters, page: CarrierPage): Promise<number[]> {
  if (f.kind === 'none') return [];
  const preds = filterPredicates(x);
  if (preds === null) return [];
  const dir = sql.raw(page.order);
  const cmp = sql.raw(page.order === 'desc' ? '<' : '>');
  const take = page.limit + 1;
  if (f.kind === 'scoped' && preds.length === 0) {
    // The fast page: each principal's newest rows by the index, merged.
    const after = page.after !== null ? sql` and seq ${cmp} ${page.after}` : sql``;
    const lim = sql` order by seq ${dir} limit ${take}`;
    const parts = branches(f, after, null).map((b, i) => sql`select seq from (${b}${lim}) ${sql.raw(`p${i}`)}`);
    const rows = await sql<{
      seq: number;
    }>`select distinct seq from (${sql.join(parts, sql` union all `)}) u order by seq ${dir} limit ${take}`.execute(q);
    return rows.rows.map((r) => Number(r.seq));
  }
  const conds = [visiblePredicate(f), ...preds];
  if (page.after !== null) conds.push(sql`c.seq ${cmp} ${page.after}`);
  const rows = await sql<{
    seq: number;
  }>`select c.seq from carriers c where ${sql.join(conds, sql` and `)} order by c.seq ${dir} limit ${take}`.execute(q);
  return rows.rows.map((r) => Number(r.seq));
}

export async function countVisible(q: Q, f: CarrierListFilter, x: CarrierFilters): Promise<number> {
  if (f.kind === 'none') return 0;
  const preds = filterPredicates(x);
  if (preds === null) return 0;
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from carriers c where ${sql.join([visiblePredicate(f), ...preds], sql` and `)}`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}
