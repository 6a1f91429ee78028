import { sql, type RawBuilder } from 'kysely';
import type { CarrierListFilter } from '../../../policy/carriers.js';
import { parseQuery, type SearchQuery } from '../../../kernel/search-terms.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { linkedItemReaders } from '../../classification/index.js';

/**
 * The register's list filter in SQL. `CarrierListFilter` comes from the policy (policy/carriers.ts); this file only
 * translates it: the carriers whose `carrier_access` rows name one of the person's principals at or below their
 * clearance (need-to-know: own scope, a linked item they may know), what they keep or hold (any rank), or their
 * ledger's departments (any rank; rows above the clearance then show their entry only).
 *
 * Every statement reads short index ranges in register order and stops at the page (measured at 1,000,000 carriers
 * in bench/carriers.ts, docs/benchmarks.md section 7):
 * - a page merges one range per principal, each read newest-first with its own LIMIT (as the catalogue's does), the
 *   list filters and search terms tested on each range's rows (a term is a probe into its postings);
 * - when the filters already imply the visibility, the principals are not read at all: a department ledger's rows
 *   (`departmentIds` within the reader's ledger departments: each has its `dept` access row, so the ledger branch
 *   alone admits it), the personal ledger and what one holds (custodian and holder rows are admitted at any rank),
 *   the unit ledger (`all`). The page then reads the departments' ranges, or the person's own, or for a search the
 *   term's postings newest-first, or the register itself.
 * The rows a statement returns are those of the plain predicate (visible and every filter); only the order in which
 * they are found differs. test/integration/carriers/list-filter-property.test.ts checks them against `can`.
 */
type Q = Db | Trx;
type Scoped = Extract<CarrierListFilter, { kind: 'scoped' }>;

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

export interface CarrierPage {
  order: 'asc' | 'desc';
  limit: number;
  /** The seq the previous page ended at. */
  after: number | null;
}

/** One index range of carrier_access: its rows are visible up to `maxRank` (null: at any rank). */
interface Range {
  kind: string;
  /** A principal, or (the linked-item branch) the items the person may know. */
  ref: string | RawBuilder<unknown>;
  maxRank: number | null;
}

/** The person's ranges: need-to-know at or below the clearance; custody, holding and the ledger at any rank. */
function visibleRanges(f: Scoped): Range[] {
  const out: Range[] = [
    { kind: 'user', ref: f.userId, maxRank: f.maxRank },
    // What one keeps or holds is listed at any rank (an entry only above one's clearance), as the ledgers' rows are.
    { kind: 'custodian', ref: f.userId, maxRank: null },
    { kind: 'holder', ref: f.userId, maxRank: null },
    ...f.departmentIds.map((d) => ({ kind: 'department', ref: d, maxRank: f.maxRank })),
    ...f.roles.map((r) => ({ kind: 'role', ref: r, maxRank: f.maxRank })),
    ...f.ledgerDepartmentIds.map((d) => ({ kind: 'dept', ref: d, maxRank: null })),
  ];
  // A linked item's readers: its carriers' `linked` rows copy the item's `item_access` rows (rank the higher of the
  // two), read by the person's principal tokens; what those cannot say (active grants) by the item's seq.
  const linked = linkedItemReaders(f.items);
  for (const token of linked.tokens) out.push({ kind: 'linked', ref: token, maxRank: f.maxRank });
  if (linked.bySeq)
    out.push({ kind: 'item', ref: sql`select cast(v.seq as text) from (${linked.bySeq}) v`, maxRank: f.maxRank });
  return out;
}

function likeEscape(s: string): string {
  return `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** How the rows are found: which ranges (or postings, or the register) are read, and what is tested on each row. */
interface Plan {
  /** `ranges`: merge of carrier_access ranges; `terms`: the first term's postings; `register`: carriers by seq. */
  driver: { kind: 'ranges'; ranges: Range[] } | { kind: 'terms'; term: string } | { kind: 'register' };
  /** Tests on the candidate's seq (search terms, holder ranges) and on its carriers row (filters, phrases). */
  seqTests: ((seq: RawBuilder<unknown>) => RawBuilder<unknown>)[];
  rowTests: RawBuilder<unknown>[];
}

const holderKinds = (x: CarrierFilters) => (x.holdingId ? ['holder'] : ['custodian', 'holder']);

/** The plan for the list filter and the filters; null when nothing can match. */
function planOf(f: Exclude<CarrierListFilter, { kind: 'none' }>, x: CarrierFilters): Plan | null {
  let search: SearchQuery | null = null;
  if (x.q !== undefined && x.q.trim() !== '') {
    search = parseQuery(x.q);
    if (!search) return null;
  }
  if (x.departmentIds && x.departmentIds.length === 0) return null;
  // Custodian and holder: the ledger filters (personal, holding) are both a person's rows of those kinds.
  const holder = x.holdingId ?? x.holderId;
  if (x.holderId && x.holdingId && x.holderId !== x.holdingId) return null;

  const rowTests: RawBuilder<unknown>[] = [];
  if (x.kind) rowTests.push(sql`c.kind = ${x.kind}`);
  if (x.level) rowTests.push(sql`c.level = ${x.level}`);
  if (x.status) rowTests.push(sql`c.status = ${x.status}`);
  if (x.custodianId) rowTests.push(sql`c.custodian_id = ${x.custodianId}`);
  if (x.locationId) rowTests.push(sql`c.location_id = ${x.locationId}`);
  if (x.overdueOn) {
    const t = x.overdueOn;
    rowTests.push(sql`(c.id in (select carrier_id from carrier_loans where status = 'active' and due_on < ${t})
      or c.id in (select carrier_id from carrier_circulations where status = 'open' and due_on < ${t})
      or c.id in (select carrier_id from carrier_carry_outs where status = 'out' and return_on < ${t}))`);
  }
  for (const p of [...(search?.phrases ?? []), ...(search?.substring ? [search.substring] : [])])
    rowTests.push(sql`c.search_text like ${likeEscape(p)} escape '\\'`);
  const terms = search?.terms ?? [];
  const termTest = (t: string) => (s: RawBuilder<unknown>) =>
    sql`exists (select 1 from carrier_terms tt where tt.term = ${t} and tt.seq = ${s})`;
  const holderTest = (s: RawBuilder<unknown>) =>
    sql`exists (select 1 from carrier_access h where h.kind in (${sql.join(holderKinds(x))}) and h.ref = ${holder!} and h.seq = ${s})`;
  const depts = x.departmentIds;
  const inDepts = depts ? sql`c.department_id in (${sql.join(depts)})` : null;

  // Does a filter already imply the visibility? (Then the person's principals need not be read.)
  const mine = f.kind === 'scoped' && holder === f.userId;
  const ownLedger = f.kind === 'scoped' && !!depts && depts.every((d) => f.ledgerDepartmentIds.includes(d));
  if (f.kind === 'scoped' && !mine && !ownLedger) {
    // Need-to-know: every range of the person, each with all the tests.
    return {
      driver: { kind: 'ranges', ranges: visibleRanges(f) },
      seqTests: [...terms.map(termTest), ...(holder ? [holderTest] : [])],
      rowTests: inDepts ? [inDepts, ...rowTests] : rowTests,
    };
  }
  if (holder) {
    // The person's own custody and holding (small), every other filter tested on them.
    return {
      driver: { kind: 'ranges', ranges: holderKinds(x).map((kind) => ({ kind, ref: holder, maxRank: null })) },
      seqTests: terms.map(termTest),
      rowTests: inDepts ? [inDepts, ...rowTests] : rowTests,
    };
  }
  if (depts) {
    // A department ledger: one department's rows are read in order and the term probed on each; over several
    // departments (a ledger with sub-departments) the term's postings are read instead, the department tested on
    // each: the postings of any term come across the wider ledger's rows soon, where one department's range
    // probed for a rare term would be read to its end in every department.
    if (terms.length > 0 && depts.length > 1)
      return {
        driver: { kind: 'terms', term: terms[0]! },
        seqTests: terms.slice(1).map(termTest),
        rowTests: [inDepts!, ...rowTests],
      };
    return {
      driver: { kind: 'ranges', ranges: depts.map((d) => ({ kind: 'dept', ref: d, maxRank: null })) },
      seqTests: terms.map(termTest),
      rowTests,
    };
  }
  if (terms.length > 0)
    return { driver: { kind: 'terms', term: terms[0]! }, seqTests: terms.slice(1).map(termTest), rowTests };
  return { driver: { kind: 'register' }, seqTests: [], rowTests };
}

/**
 * The row tests as one probe of the carrier's row, placed after the probes of the search terms: a carrier's row is
 * a random read, a term's postings a short range; only the candidates with every term are looked up.
 */
function rowExists(plan: Plan, seq: RawBuilder<unknown>): RawBuilder<unknown>[] {
  if (plan.rowTests.length === 0) return [];
  return [sql`exists (select 1 from carriers c where c.seq = ${seq} and ${sql.join(plan.rowTests, sql` and `)})`];
}

/** `from … where …` of one driver part: the candidate's seq is `s`, its row `c` when a row test needs it. */
function partOf(
  plan: Plan,
  range: Range | null,
  extra: RawBuilder<unknown>[],
  order: 'asc' | 'desc' = 'asc',
): { from: RawBuilder<unknown>; seq: RawBuilder<unknown>; where: RawBuilder<unknown>; cte?: RawBuilder<unknown> } {
  const d = plan.driver;
  if (range && typeof range.ref !== 'string' && (plan.seqTests.length > 0 || plan.rowTests.length > 0)) {
    // The linked-item branch, tested: its carriers (one index seek per visible item, in the items' order) are
    // first collected and put in register order, so that the probes of the term's postings and of the rows then
    // move forward through those indexes instead of jumping (about 1,600 carriers for an ordinary member: 24 ms
    // probed in item order, a few in register order).
    const cte = sql`ib as materialized (select a.seq as seq from carrier_access a where a.kind = ${range.kind} and a.ref in (${range.ref}) and a.access_rank <= ${range.maxRank}${sql.join(
      extra.map((e) => sql` and a.seq ${e}`),
      sql``,
    )} order by a.seq ${sql.raw(order)})`;
    const conds = [...plan.seqTests.map((t) => t(sql`a.seq`)), ...rowExists(plan, sql`a.seq`)];
    return { cte, from: sql`ib a`, seq: sql`a.seq`, where: conds.length ? sql.join(conds, sql` and `) : sql`1 = 1` };
  }
  const [from, seq, own] =
    d.kind === 'register'
      ? [sql`carriers c`, sql`c.seq`, [] as RawBuilder<unknown>[]]
      : d.kind === 'terms'
        ? [sql`carrier_terms t`, sql`t.seq`, [sql`t.term = ${d.term}`]]
        : [
            sql`carrier_access a`,
            sql`a.seq`,
            [
              sql`a.kind = ${range!.kind}`,
              typeof range!.ref === 'string' ? sql`a.ref = ${range!.ref}` : sql`a.ref in (${range!.ref})`,
              ...(range!.maxRank !== null ? [sql`a.access_rank <= ${range!.maxRank}`] : []),
            ],
          ];
  const row = d.kind === 'register' ? plan.rowTests : rowExists(plan, seq);
  const conds = [...own, ...extra.map((e) => sql`${seq} ${e}`), ...plan.seqTests.map((t) => t(seq)), ...row];
  return { from, seq, where: conds.length ? sql.join(conds, sql` and `) : sql`1 = 1` };
}

const withOf = (ctes: RawBuilder<unknown>[]) => (ctes.length ? sql`with ${sql.join(ctes)} ` : sql``);

/** One page of visible carrier seqs in register order, one more than asked (it tells whether more follow). */
export async function pageSeqs(q: Q, f: CarrierListFilter, x: CarrierFilters, page: CarrierPage): Promise<number[]> {
  if (f.kind === 'none') return [];
  const plan = planOf(f, x);
  if (!plan) return [];
  const dir = sql.raw(page.order);
  const after = page.after !== null ? [sql`${sql.raw(page.order === 'desc' ? '<' : '>')} ${page.after}`] : [];
  const take = page.limit + 1;
  if (plan.driver.kind !== 'ranges') {
    const p = partOf(plan, null, after);
    const rows = await sql<{
      seq: number;
    }>`select ${p.seq} as seq from ${p.from} where ${p.where} order by ${p.seq} ${dir} limit ${take}`.execute(q);
    return rows.rows.map((r) => Number(r.seq));
  }
  // Each range newest-first (or oldest-first) with its own LIMIT; the page is the first `take` of their union.
  const ctes: RawBuilder<unknown>[] = [];
  const parts = plan.driver.ranges.map((range, i) => {
    const p = partOf(plan, range, after, page.order);
    if (p.cte) ctes.push(p.cte);
    return sql`select seq from (select ${p.seq} as seq from ${p.from} where ${p.where} order by ${p.seq} ${dir} limit ${take}) ${sql.raw(`p${i}`)}`;
  });
  const rows = await sql<{
    seq: number;
  }>`${withOf(ctes)}select distinct seq from (${sql.join(parts, sql` union all `)}) u order by seq ${dir} limit ${take}`.execute(
    q,
  );
  return rows.rows.map((r) => Number(r.seq));
}

export async function countVisible(q: Q, f: CarrierListFilter, x: CarrierFilters): Promise<number> {
  if (f.kind === 'none') return 0;
  const plan = planOf(f, x);
  if (!plan) return 0;
  let query: RawBuilder<{ n: number | string }>;
  if (plan.driver.kind !== 'ranges') {
    const p = partOf(plan, null, []);
    query = sql`select count(*) as n from ${p.from} where ${p.where}`;
  } else {
    // A carrier may be in several ranges: `union` counts it once.
    const ctes: RawBuilder<unknown>[] = [];
    const parts = plan.driver.ranges.map((range) => {
      const p = partOf(plan, range, []);
      if (p.cte) ctes.push(p.cte);
      return sql`select ${p.seq} as seq from ${p.from} where ${p.where}`;
    });
    query = sql`${withOf(ctes)}select count(*) as n from (${sql.join(parts, sql` union `)}) u`;
  }
  const r = await query.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}
