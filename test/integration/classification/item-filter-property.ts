import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestDbKind } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import type { Actor } from '../../../src/kernel/actor.js';
import { itemListFilter, type ItemListFilter, type ItemResource } from '../../../src/policy/classification.js';
import { ITEM_CATEGORIES, LEVELS, type Level } from '../../../src/kernel/levels.js';
import { can } from '../../../src/policy/index.js';
import {
  ADMIN_ROLES,
  BUSINESS_ROLES,
  type AdminRole,
  type BusinessRole,
  type ClearanceClass,
  type UserStatus,
} from '../../../src/kernel/roles.js';
import {
  accessRankOf,
  GRANT_ACTIONS,
  ITEM_STATUSES,
  type GrantAction,
  type ItemStatus,
  type ScopeEntry,
} from '../../../src/kernel/secret-item.js';
import { parseQuery, type SearchQuery } from '../../../src/kernel/search-terms.js';
import {
  countVisible,
  isSqlite,
  pageSeqs,
  principalToken,
  sortValueOf,
  type Cursor,
  type ItemFilters,
  type SortKey,
} from '../../../src/modules/classification/repositories/item-query.js';
import {
  accessEntriesOf,
  searchTermsOf,
  searchTextOf,
  writeAccessIndex,
  writeSearchTerms,
} from '../../../src/modules/classification/repositories/item-repo.js';
import type { Db } from '../../../src/platform/db/database.js';
import type { Trx } from '../../../src/platform/audit/audit-repo.js';

/**
 * The catalogue list filter in SQL (item-query.ts, over the item_access index that writeAccessIndex keeps)
 * and `can(actor, 'item.view_metadata', item)` must agree: a list, count or page never shows an item `can`
 * refuses, and never hides one it allows. fast-check generates small worlds (a department tree, people,
 * items, grants) and checks every person of each world as the actor, on SQLite and PostgreSQL, through
 * both shapes of the SQL: the merged fast page (sort by number, no filter) and the generic statement.
 *
 * Search: items get titles from a small vocabulary (Chinese words, full-width and ASCII words, digits), and
 * each world searches one query (words of those titles, fragments across words, a single character, a
 * phrase, a word that is nowhere) with a sort, an order and sometimes a filter; the pages and the count must
 * be exactly the items `can` allows that match the query by plain string rules (`matchesQuery`: a Han run
 * is a substring of a field, a word is a whole word of a field, after NFKC and lower case). On PostgreSQL
 * this goes through the GIN statements over the item row's `search_terms` and `principals` (sorts other
 * than registration order, and counts), whose contents are also compared with `item_terms`/`item_access`.
 *
 * Cases: one fast-check run is one world, and every person in it is checked as the actor; the (world, actor)
 * cases are counted and must reach MIN_CASES per database. Each world is inserted in a transaction that is
 * rolled back, so all runs share one database per kind. The runs are split into STREAMS independent
 * fast-check properties (seeds SEED, SEED + 1, ...) run side by side, each world in its own transaction: on
 * PostgreSQL they use separate connections (their ids and seqs differ, so they never wait on each other's
 * rows); SQLite has one connection and takes the transactions one after another.
 */
const SEED = 20261123;
const STREAMS = 2;
const WORLDS_PER_STREAM = 1_050;
const MIN_CASES = 10_000;

const NOW = '2026-11-23T08:00:00.000Z';
// Grant expiries around the decision instant: a grant expiring exactly now is no longer active.
const EXPIRIES = ['2026-11-23T07:59:59.999Z', NOW, '2026-11-23T08:00:00.001Z', '2027-02-21T08:00:00.000Z'] as const;
// Few distinct dates so the secrecyUntil sort has ties; the last one ties with "no date" (NULL sorts as it).
const SECRECY_DATES = ['2027-01-01', '2031-06-30', '9999-12-31'] as const;
const CATEGORIES = ITEM_CATEGORIES.slice(0, 3);
const CLASS_OF_RANK: Record<number, ClearanceClass | null> = { 1: null, 2: 'general', 3: 'important', 4: 'core' };
// Title pieces: common and rarer Chinese words (some sharing characters), words in ASCII and full width.
const TITLE_WORDS = [
  '报告',
  '方案',
  '财务',
  '合同',
  '发动机',
  '维修',
  '计划',
  '年度',
  '保密',
  '机密',
  'Falcon',
  'ＥＮＧＩＮＥ',
  'engine',
  '2027',
  'v2',
] as const;
const BASES = ['b', '《保密法》第九条', '一览表第3条'] as const;
// Queries: title words, fragments across two words (告方, 机维), single characters, phrases, several
// terms, a word that is a prefix of another (eng), case and width variants, words that are nowhere.
const QUERIES = [
  '报告',
  '方案',
  '财务',
  '发动',
  '动机',
  '发动机',
  '机维',
  '告方',
  '财务报告',
  '报',
  '机',
  '年度 计划',
  '保密 falcon',
  'FALCON',
  'ｆａｌｃｏｎ',
  'engine',
  'eng',
  '2027',
  'v2',
  '九条',
  '保密法',
  'bm',
  '第3条',
  '遥感',
  'zeppelin',
] as const;

interface WPerson {
  id: string;
  departmentId: string | null;
  roles: BusinessRole[];
  adminRole: AdminRole | null;
  /** 1 (no cleared-person class: open items only) .. 4 (top secret), as clearanceRankOf yields. */
  clearanceRank: number;
  status: UserStatus;
}

interface WItem {
  id: string;
  seq: number;
  level: Level;
  status: ItemStatus;
  accessRank: number;
  category: string;
  custodianId: string;
  classifierId: string | null;
  departmentId: string | null;
  scope: ScopeEntry[];
  secrecyUntil: string | null;
  title: string;
  basis: string;
}

interface WGrant {
  id: string;
  item: WItem;
  granteeId: string;
  actions: GrantAction[];
  expiresAt: string;
  revokedAt: string | null;
}

interface World {
  /** Department id -> parent id; parents come earlier, so the tree has no cycle. */
  departments: [string, string | null][];
  people: WPerson[];
  items: WItem[];
  grants: WGrant[];
  /**
   * How the lists are read besides the fast page in both orders: the page size, one generic walk without
   * filter (sorted by secrecyUntil or level) and one with `filters` (any sort; by number it is generic too).
   */
  view: { limit: number; plain: [SortKey, 'asc' | 'desc']; filtered: [SortKey, 'asc' | 'desc']; filters: ItemFilters };
  /** One search per world, read page by page like the lists, and counted. */
  search: { q: string; sort: SortKey; order: 'asc' | 'desc'; filters: ItemFilters };
}

// ---- generation: raw choices are naturals taken modulo the world's sizes (shrinks well), then resolved.

const order = fc.constantFrom<'asc' | 'desc'>('asc', 'desc');
const rawPerson = fc.record({
  dept: fc.option(fc.nat(), { nil: null, freq: 5 }),
  roles: fc.subarray([...BUSINESS_ROLES]),
  adminRole: fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...ADMIN_ROLES) },
  ),
  // Mostly cleared high, so that need-to-know (not only "no read-up") decides.
  clearanceRank: fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) },
    { weight: 2, arbitrary: fc.integer({ min: 3, max: 4 }) },
  ),
  status: fc.oneof(
    { weight: 8, arbitrary: fc.constant<UserStatus>('active') },
    { weight: 1, arbitrary: fc.constantFrom<UserStatus>('disabled', 'departed') },
  ),
});
const rawScopeEntry = fc.oneof(
  fc.record({ kind: fc.constant('user' as const), ref: fc.nat() }),
  fc.record({ kind: fc.constant('department' as const), ref: fc.nat() }),
  fc.record({ kind: fc.constant('role' as const), ref: fc.constantFrom<string>(...BUSINESS_ROLES) }),
);
const rawItem = fc.record({
  seq: fc.integer({ min: 1, max: 60 }),
  level: fc.constantFrom(...LEVELS),
  status: fc.constantFrom(...ITEM_STATUSES),
  category: fc.constantFrom(...CATEGORIES),
  custodian: fc.nat(),
  classifier: fc.option(fc.nat(), { nil: null }),
  department: fc.option(fc.nat(), { nil: null }),
  scope: fc.array(rawScopeEntry, { maxLength: 4 }),
  secrecyUntil: fc.option(fc.constantFrom(...SECRECY_DATES), { nil: null }),
  title: fc.array(fc.tuple(fc.constantFrom(...TITLE_WORDS), fc.constantFrom('', ' ')), { minLength: 1, maxLength: 3 }),
  basis: fc.constantFrom(...BASES),
});
// Grants go to the first few people and items, so people often hold several, some on the same item.
const rawGrant = fc.record({
  item: fc.nat({ max: 5 }),
  grantee: fc.nat({ max: 2 }),
  actions: fc.subarray([...GRANT_ACTIONS]),
  expiresAt: fc.constantFrom(...EXPIRIES),
  revoked: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
const rawFilters = fc.oneof(
  fc.record({ status: fc.constantFrom<string>(...ITEM_STATUSES) }),
  fc.record({ level: fc.constantFrom<string>(...LEVELS) }),
  fc.record({ category: fc.constantFrom<string>(...CATEGORIES) }),
  fc.record({ status: fc.constantFrom<string>(...ITEM_STATUSES), level: fc.constantFrom<string>(...LEVELS) }),
);

/** Worlds whose ids start with `tag` and whose seqs lie above `seqBase`, so concurrent streams never collide. */
function worldArb(tag: string, seqBase: number): fc.Arbitrary<World> {
  return fc
    .record({
      parents: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 1, maxLength: 5 }),
      people: fc.array(rawPerson, { minLength: 2, maxLength: 8 }),
      items: fc.uniqueArray(rawItem, { selector: (i) => i.seq, maxLength: 12 }),
      grants: fc.array(rawGrant, { maxLength: 16, size: 'medium' }),
      view: fc.record({
        // Small pages, mostly 3: many pages per walk; a page of 1 now and then.
        limit: fc.oneof(
          { weight: 1, arbitrary: fc.constant(1) },
          { weight: 2, arbitrary: fc.constant(2) },
          { weight: 3, arbitrary: fc.constant(3) },
          { weight: 2, arbitrary: fc.constant(4) },
        ),
        plain: fc.tuple(fc.constantFrom<SortKey>('secrecyUntil', 'level'), order),
        filtered: fc.tuple(fc.constantFrom<SortKey>('level', 'secrecyUntil', 'number'), order),
        filters: rawFilters,
      }),
      search: fc.record({
        // A third of the searches use a query most items match (every number has the word bm), so that
        // searches return many items, through every way of seeing one.
        q: fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom('bm', '报告', 'engine 2027', '保密') },
          { weight: 2, arbitrary: fc.constantFrom(...QUERIES) },
        ),
        // Mostly the sorts that need every match (the GIN statement on PostgreSQL), registration order too.
        sort: fc.constantFrom<SortKey>('secrecyUntil', 'level', 'number', 'secrecyUntil', 'level'),
        order,
        filters: fc.oneof({ weight: 1, arbitrary: fc.constant<ItemFilters>({}) }, { weight: 1, arbitrary: rawFilters }),
      }),
    })
    .map((raw): World => {
      const departments = raw.parents.map((p, i): [string, string | null] => [
        `${tag}d${i}`,
        p === null || i === 0 ? null : `${tag}d${p % i}`,
      ]);
      const dept = (n: number) => `${tag}d${n % departments.length}`;
      const people = raw.people.map((p, i): WPerson => ({
        id: `${tag}u${i}`,
        departmentId: p.dept === null ? null : dept(p.dept),
        roles: p.roles,
        adminRole: p.adminRole,
        clearanceRank: p.clearanceRank,
        status: p.status,
      }));
      const person = (n: number) => people[n % people.length]!.id;
      const items = raw.items.map((r, i): WItem => {
        const scope = new Map<string, ScopeEntry>();
        for (const s of r.scope) {
          // A user entry may also name somebody outside the world.
          const ref =
            s.kind === 'role'
              ? s.ref
              : s.kind === 'department'
                ? dept(s.ref)
                : s.ref % (people.length + 1) === people.length
                  ? 'ghost'
                  : person(s.ref);
          scope.set(`${s.kind}:${ref}`, { kind: s.kind, ref });
        }
        return {
          id: `${tag}i${i}`,
          seq: seqBase + r.seq,
          level: r.level,
          status: r.status,
          accessRank: accessRankOf(r.level, r.status),
          category: r.category,
          custodianId: person(r.custodian),
          classifierId: r.classifier === null ? null : person(r.classifier),
          departmentId: r.department === null ? null : dept(r.department),
          scope: [...scope.values()],
          secrecyUntil: r.secrecyUntil,
          title: r.title
            .map(([w, sep]) => w + sep)
            .join('')
            .trim(),
          basis: r.basis,
        };
      });
      const grants =
        items.length === 0
          ? []
          : raw.grants.map((g, i): WGrant => ({
              id: `${tag}g${i}`,
              item: items[g.item % items.length]!,
              granteeId: person(g.grantee),
              actions: g.actions,
              expiresAt: g.expiresAt,
              revokedAt: g.revoked ? NOW : null,
            }));
      return { departments, people, items, grants, view: raw.view, search: raw.search };
    });
}

// ---- the world as the policy sees it

function departmentPathOf(w: World, departmentId: string | null): string[] {
  const parent = new Map(w.departments);
  const path: string[] = [];
  for (let cur = departmentId; cur !== null; cur = parent.get(cur) ?? null) path.push(cur);
  return path;
}

function actorOf(w: World, p: WPerson): Actor {
  return {
    id: p.id,
    username: p.id,
    displayName: p.id,
    departmentId: p.departmentId,
    adminRole: p.adminRole,
    businessRoles: p.roles,
    clearanceClass: CLASS_OF_RANK[p.clearanceRank] ?? null,
    status: p.status,
    separationUntil: null,
    access: { departmentPath: departmentPathOf(w, p.departmentId), clearanceRank: p.clearanceRank },
  };
}

/** As loadItemResource builds it: the scope, and the actor's own grants that are not revoked. */
function resourceOf(w: World, item: WItem, actorId: string): ItemResource {
  return {
    kind: 'item',
    id: item.id,
    level: item.level,
    accessRank: item.accessRank,
    status: item.status,
    custodianId: item.custodianId,
    classifierId: item.classifierId,
    scope: item.scope,
    grants: w.grants
      .filter((g) => g.item === item && g.granteeId === actorId && g.revokedAt === null)
      .map((g) => ({ granteeId: g.granteeId, actions: g.actions, expiresAt: g.expiresAt, revokedAt: g.revokedAt })),
    at: NOW,
  };
}

const numberOf = (item: WItem) => `BM-${item.seq}`;

/**
 * Does the item match the query, by plain string rules (not the index): every run of Han characters of the
 * query is a substring of one searchable field (title, number, basis); every run of other letters and
 * digits is a whole word of one field (not preceded or followed by another non-Han letter or digit); both
 * after NFKC and lower case.
 */
function matchesQuery(item: WItem, q: string): boolean {
  const fields = [item.title, numberOf(item), item.basis].map((t) => t.normalize('NFKC').toLowerCase());
  const isHan = (c: string) => /\p{Script=Han}/u.test(c);
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !isHan(c);
  const runs =
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) ?? [];
  return runs.every((run) => {
    if (isHan(run[0]!)) return fields.some((f) => f.includes(run));
    return fields.some((f) => {
      for (let at = f.indexOf(run); at >= 0; at = f.indexOf(run, at + 1)) {
        if (!isWordChar(f[at - 1]) && !isWordChar(f[at + run.length])) return true;
      }
      return false;
    });
  });
}

function matchesFilters(item: WItem, f: ItemFilters): boolean {
  return (
    (!f.level || item.level === f.level) &&
    (!f.status || item.status === f.status) &&
    (!f.category || item.category === f.category)
  );
}

/** The SQL sort key of an item: coalesce(secrecy_until, '9999-12-31') or access_rank; then seq. */
function sortKeyOf(sort: SortKey, item: WItem): string | number {
  return sort === 'secrecyUntil' ? (item.secrecyUntil ?? '9999-12-31') : sort === 'level' ? item.accessRank : item.seq;
}

function sorted(items: readonly WItem[], sort: SortKey, dir: 'asc' | 'desc'): WItem[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = sortKeyOf(sort, a);
    const kb = sortKeyOf(sort, b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq;
    return sign * c;
  });
}

// ---- the database side

const ROLLBACK = new Error('rollback');

async function inRolledBackTransaction(db: Db, fn: (trx: Trx) => Promise<void>): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      await fn(trx);
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
}

async function insertWorld(trx: Trx, w: World): Promise<void> {
  const stamp = { created_at: NOW, updated_at: NOW, version: 1 };
  await trx
    .insertInto('departments')
    .values(w.departments.map(([id, parent]) => ({ id, parent_id: parent, name: id, sort_order: 0, ...stamp })))
    .execute();
  await trx
    .insertInto('users')
    .values(
      w.people.map((p) => ({
        id: p.id,
        username: p.id,
        username_key: p.id.toLowerCase(),
        display_name: p.id,
        department_id: p.departmentId,
        clearance_class: CLASS_OF_RANK[p.clearanceRank] ?? null,
        business_roles: JSON.stringify(p.roles),
        admin_role: p.adminRole,
        status: p.status,
        password_hash: 'x',
        password_changed_at: NOW,
        must_change_password: 0,
        failed_logins: 0,
        mfa_enabled: 0,
        mfa_last_step: 0,
        computer_user: 0,
        ...stamp,
      })),
    )
    .execute();
  if (w.items.length === 0) return;
  await trx
    .insertInto('secret_items')
    .values(
      w.items.map((i) => ({
        id: i.id,
        seq: i.seq,
        number: numberOf(i),
        title: i.title,
        content: 'c',
        category: i.category,
        level: i.level,
        access_rank: i.accessRank,
        status: i.status,
        basis: i.basis,
        secrecy_until: i.secrecyUntil,
        classifier_id: i.classifierId,
        classifier_kind: 'statutory',
        origin: 'original',
        custodian_id: i.custodianId,
        department_id: i.departmentId,
        search_text: searchTextOf({ title: i.title, number: numberOf(i), basis: i.basis }),
        created_by: i.custodianId,
        ...stamp,
      })),
    )
    .execute();
  // The indexes are built by the repository's own writers, as every change to an item does. Every fifth
  // item is written twice, first from a stale state, so the rewrite must replace, not add.
  for (const i of w.items) {
    const row = {
      id: i.id,
      seq: i.seq,
      custodian_id: i.custodianId,
      access_rank: i.accessRank,
      title: i.title,
      number: numberOf(i),
      basis: i.basis,
    };
    if (i.seq % 5 === 0) {
      await writeAccessIndex(trx, { ...row, custodian_id: 'stale', access_rank: 1 }, [
        { kind: 'role', ref: 'employee' },
      ]);
      await writeSearchTerms(trx, { ...row, title: '旧标题 stale 报告', basis: '' });
    }
    await writeAccessIndex(trx, row, i.scope);
    await writeSearchTerms(trx, row);
  }
  if (w.grants.length === 0) return;
  await trx
    .insertInto('access_grants')
    .values(
      w.grants.map((g) => ({
        id: g.id,
        item_id: g.item.id,
        item_seq: g.item.seq,
        grantee_id: g.granteeId,
        actions: JSON.stringify(g.actions),
        source: 'request',
        reason: 'r',
        granted_at: NOW,
        expires_at: g.expiresAt,
        revoked_at: g.revokedAt,
        version: 1,
      })),
    )
    .execute();
}

/**
 * Reads the whole list page by page as the API does (limit + 1 rows; the cursor is the last row shown) and
 * checks every page against the expected order, the look-ahead row included.
 */
async function walk(
  trx: Trx,
  f: ItemListFilter,
  filters: ItemFilters,
  sort: SortKey,
  dir: 'asc' | 'desc',
  limit: number,
  expected: readonly WItem[],
  search: { q: string; parsed: SearchQuery } | null = null,
): Promise<string | null> {
  const label = `pageSeqs sort=${sort} order=${dir} limit=${limit} filters=${JSON.stringify(filters)}${search ? ` q=${JSON.stringify(search.q)}` : ''}`;
  let cursor: Cursor | null = null;
  let pos = 0;
  for (;;) {
    const rows = await pageSeqs(trx, f, filters, search?.parsed ?? null, { sort, order: dir, limit, cursor });
    const want = expected.slice(pos, pos + limit + 1).map((i) => i.seq);
    if (JSON.stringify(rows) !== JSON.stringify(want)) {
      return `${label}: page at ${pos} returned [${rows.join(', ')}], expected [${want.join(', ')}] (whole list: [${expected.map((i) => i.seq).join(', ')}])`;
    }
    if (rows.length <= limit) return null;
    pos += limit;
    const last = expected[pos - 1]!;
    cursor = {
      seq: last.seq,
      value: sortValueOf(sort, { secrecy_until: last.secrecyUntil, access_rank: last.accessRank }),
    };
  }
}

/** Why `can` lets the actor see an item (coverage of the generated worlds); null when it does not. */
function reasonOf(a: Actor, r: ItemResource): string | null {
  if (!can(a, 'item.view_metadata', r)) return null;
  if (a.adminRole === 'sysadmin' || a.adminRole === 'auditor') return 'admin_open';
  if (r.accessRank <= 1) return 'open';
  if (a.adminRole === 'secadmin') return 'secadmin';
  if (r.custodianId === a.id) return 'custodian';
  const path = a.access!.departmentPath;
  for (const s of r.scope) {
    if (s.kind === 'user' && s.ref === a.id) return 'scope_user';
    if (s.kind === 'department' && s.ref === path[0]) return 'scope_department';
    if (s.kind === 'department' && path.includes(s.ref)) return 'scope_ancestor';
    if (s.kind === 'role' && (a.businessRoles as readonly string[]).includes(s.ref)) return 'scope_role';
  }
  return 'grant';
}

interface Stats {
  cases: number;
  worlds: number;
  reasons: Map<string, number>;
  /** Cases where some, but not all, items of the world are visible. */
  partial: number;
  /** Items refused though within the actor's clearance (need-to-know did the refusing). */
  refusedInClearance: number;
  refusedReadUp: number;
  multiPageWalks: number;
  /** Cases where the actor holds more than one active grant on some item. */
  stackedGrants: number;
  /** Searches checked, by the statement shape they take on PostgreSQL. */
  searches: { sorted: number; registration: number; substring: number };
  /** Searches where some, but not all, visible items match (the search did the excluding). */
  searchPartial: number;
  /** Matches seen through a grant only (the grant branch of the search). */
  searchByGrant: number;
}

async function checkWorld(trx: Trx, w: World, stats: Stats): Promise<void> {
  for (const p of w.people) {
    const actor = actorOf(w, p);
    const f = itemListFilter(actor, NOW);
    const visible: WItem[] = [];
    for (const item of w.items) {
      const reason = reasonOf(actor, resourceOf(w, item, actor.id));
      if (reason) {
        visible.push(item);
        stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + 1);
      } else if (p.status === 'active' && !p.adminRole) {
        if (item.accessRank > p.clearanceRank) stats.refusedReadUp++;
        else stats.refusedInClearance++;
      }
    }
    if (visible.length > 0 && visible.length < w.items.length) stats.partial++;
    const active = w.grants
      .filter((g) => g.granteeId === p.id && g.revokedAt === null && g.expiresAt > NOW)
      .map((g) => g.item.id);
    if (new Set(active).size < active.length) stats.stackedGrants++;
    const who = `actor ${p.id} (${JSON.stringify(actor.access)}, roles ${JSON.stringify(p.roles)}, admin ${p.adminRole}, ${p.status}) with filter ${JSON.stringify(f)}`;
    const fail = (msg: string) => {
      throw new Error(`${who}: ${msg}`);
    };

    const count = await countVisible(trx, f, {}, null);
    if (count !== visible.length)
      fail(`countVisible = ${count}, can allows ${visible.length}: [${visible.map((i) => i.seq).join(', ')}]`);

    const {
      limit,
      plain,
      filtered: [fSort, fDir],
      filters,
    } = w.view;
    if (visible.length > limit) stats.multiPageWalks++;
    // The merged fast page (sort by number, no filter, no search), both orders.
    for (const dir of ['asc', 'desc'] as const) {
      const err = await walk(trx, f, {}, 'number', dir, limit, sorted(visible, 'number', dir));
      if (err) fail(err);
    }
    // The generic statement: another sort without filter, then a filter (compared with the same filter in JS).
    const filtered = visible.filter((i) => matchesFilters(i, filters));
    const plainErr = await walk(trx, f, {}, plain[0], plain[1], limit, sorted(visible, plain[0], plain[1]));
    if (plainErr) fail(plainErr);
    const filteredErr = await walk(trx, f, filters, fSort, fDir, limit, sorted(filtered, fSort, fDir));
    if (filteredErr) fail(filteredErr);

    // The world's search: pages and count, against `can` and the plain string match.
    const s = w.search;
    const parsed = parseQuery(s.q)!;
    const found = visible.filter((i) => matchesFilters(i, s.filters) && matchesQuery(i, s.q));
    const searchErr = await walk(trx, f, s.filters, s.sort, s.order, limit, sorted(found, s.sort, s.order), {
      q: s.q,
      parsed,
    });
    if (searchErr) fail(searchErr);
    const searchCount = await countVisible(trx, f, s.filters, parsed);
    if (searchCount !== found.length)
      fail(
        `countVisible q=${JSON.stringify(s.q)} filters=${JSON.stringify(s.filters)} = ${searchCount}, expected ${found.length}: [${found.map((i) => i.seq).join(', ')}]`,
      );
    if (parsed.terms.length === 0) stats.searches.substring++;
    else if (s.sort === 'number') stats.searches.registration++;
    else stats.searches.sorted++;
    const inFilter = visible.filter((i) => matchesFilters(i, s.filters));
    if (found.length > 0 && found.length < inFilter.length) stats.searchPartial++;
    for (const i of found) if (reasonOf(actor, resourceOf(w, i, actor.id)) === 'grant') stats.searchByGrant++;
    stats.cases++;
  }
  stats.worlds++;
}

/**
 * The disagreement the property finds (stream 1, seed 20261124, run 300; shrunk: two grants on one item fill
 * the fast page's grant branch, its look-ahead row is lost and the list ends early), in a realistic form that
 * shows the worst effect: an item skipped in the middle of the list. ru1 holds three active grants on item 9
 * (read, then download and print asked for separately, each approved as a grant of its own) and one on item
 * 8, and is named in the scope of items 7, 6 and 5. Newest first, two per page, ru1 must see
 * 9, 8 | 7, 6 | 5; item 8 must not be skipped.
 */
const STACKED_GRANTS: World = (() => {
  const item = (seq: number, scopeUser: string): WItem => ({
    id: `ri${seq}`,
    seq,
    level: 'secret',
    status: 'in_force',
    accessRank: accessRankOf('secret', 'in_force'),
    category: 'major_decision',
    custodianId: 'ru0',
    classifierId: null,
    departmentId: null,
    scope: [{ kind: 'user', ref: scopeUser }],
    secrecyUntil: null,
    title: '年度财务报告',
    basis: 'b',
  });
  const items = [item(5, 'ru1'), item(6, 'ru1'), item(7, 'ru1'), item(8, 'ru0'), item(9, 'ru0')];
  const grant = (id: string, it: WItem, actions: GrantAction[]): WGrant => ({
    id,
    item: it,
    granteeId: 'ru1',
    actions,
    expiresAt: EXPIRIES[3],
    revokedAt: null,
  });
  const person = (id: string, clearanceRank: number): WPerson => ({
    id,
    departmentId: 'rd0',
    roles: ['employee'],
    adminRole: null,
    clearanceRank,
    status: 'active',
  });
  return {
    departments: [['rd0', null]],
    people: [person('ru0', 4), person('ru1', 3)],
    items,
    grants: [
      grant('rg0', items[4]!, ['read']),
      grant('rg1', items[4]!, ['read', 'download']),
      grant('rg2', items[4]!, ['read', 'print']),
      grant('rg3', items[3]!, ['read']),
    ],
    view: { limit: 2, plain: ['level', 'desc'], filtered: ['number', 'desc'], filters: { status: 'in_force' } },
    search: { q: '财务', sort: 'secrecyUntil', order: 'desc', filters: {} },
  };
})();

const newStats = (): Stats => ({
  cases: 0,
  worlds: 0,
  reasons: new Map(),
  partial: 0,
  refusedInClearance: 0,
  refusedReadUp: 0,
  multiPageWalks: 0,
  stackedGrants: 0,
  searches: { sorted: 0, registration: 0, substring: 0 },
  searchPartial: 0,
  searchByGrant: 0,
});

/**
 * PostgreSQL: the item row's copies (search_terms, principals) hold exactly the item's item_terms and
 * item_access rows (as 'kind:ref'), after writes and rewrites.
 */
async function checkRowCopies(trx: Trx, w: World): Promise<void> {
  if (isSqlite(trx) || w.items.length === 0) return;
  const rows = await sql<{
    seq: number;
    terms: string[];
    principals: string[];
    index_terms: string[];
    index_principals: string[];
    ranks: number[];
  }>`
    select i.seq, i.search_terms as terms, i.principals,
      array(select t.term from item_terms t where t.seq = i.seq) as index_terms,
      array(select a.kind || ':' || a.ref from item_access a where a.seq = i.seq) as index_principals,
      array(select a.access_rank from item_access a where a.seq = i.seq) as ranks
    from secret_items i where i.seq in (${sql.join(w.items.map((i) => i.seq))})`.execute(trx);
  const sortedOf = (xs: readonly string[]) => JSON.stringify([...xs].sort());
  expect(rows.rows.length).toBe(w.items.length);
  for (const r of rows.rows) {
    const item = w.items.find((i) => i.seq === Number(r.seq))!;
    expect(sortedOf(r.terms), `search_terms of ${item.seq}`).toBe(sortedOf(r.index_terms));
    expect(sortedOf(r.principals), `principals of ${item.seq}`).toBe(sortedOf(r.index_principals));
    // ... which are what the item's state says (the writers' own inputs).
    expect(sortedOf(r.index_terms)).toBe(
      sortedOf(searchTermsOf({ title: item.title, number: numberOf(item), basis: item.basis })),
    );
    expect(sortedOf(r.index_principals)).toBe(
      sortedOf(
        accessEntriesOf({ custodian_id: item.custodianId, access_rank: item.accessRank }, item.scope).map(
          principalToken,
        ),
      ),
    );
    expect(r.ranks.every((rank) => Number(rank) === item.accessRank)).toBe(true);
  }
}

/**
 * The property on one database. Each database has its own test file (item-filter-property-*.test.ts), so the
 * two integration workers run them side by side rather than one after the other.
 */
export function describeItemFilterProperty(kind: TestDbKind): void {
  describe(`item list filter agrees with can (property) on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind, { init: false });
    });
    afterAll(() => t.close());

    const runWorld = (w: World, stats: Stats) =>
      inRolledBackTransaction(t.ctx.db, async (trx) => {
        await insertWorld(trx, w);
        await checkRowCopies(trx, w);
        await checkWorld(trx, w, stats);
      });

    it('several active grants of one person on one item do not push other items off the fast page', async () => {
      await runWorld(STACKED_GRANTS, newStats());
    });

    it(
      `random worlds: SQL list, pages and counts show exactly the items can allows (seeds ${SEED}..${SEED + STREAMS - 1})`,
      { timeout: 300_000 },
      async () => {
        const stats = newStats();
        const started = Date.now();
        // Once a stream has failed, the others stop checking, so its shrinking is not slowed down by them.
        let failing: number | null = null;
        const results = await Promise.allSettled(
          Array.from({ length: STREAMS }, (_, s) =>
            fc.assert(
              fc.asyncProperty(worldArb(`s${s}`, s * 100), async (w) => {
                if (failing !== null && failing !== s) return;
                try {
                  await runWorld(w, stats);
                } catch (err) {
                  failing ??= s;
                  throw err;
                }
              }),
              { seed: SEED + s, numRuns: WORLDS_PER_STREAM },
            ),
          ),
        );
        results.forEach((r, s) => {
          if (r.status === 'rejected')
            throw new Error(
              `property failed on ${kind}, stream ${s} (seed ${SEED + s}): ${(r.reason as Error).message}`,
              { cause: r.reason },
            );
        });
        const reasons = Object.fromEntries([...stats.reasons].sort());
        console.info(
          `[${kind}] ${stats.worlds} worlds, ${stats.cases} (world, actor) cases in ${Date.now() - started} ms; visible by ${JSON.stringify(reasons)}; ` +
            `partial ${stats.partial}, refused in clearance ${stats.refusedInClearance}, read-up ${stats.refusedReadUp}, ` +
            `multi-page walks ${stats.multiPageWalks}, stacked grants ${stats.stackedGrants}; searches ${JSON.stringify(stats.searches)}, ` +
            `partial ${stats.searchPartial}, matches by grant ${stats.searchByGrant}`,
        );
        expect(stats.worlds).toBe(STREAMS * WORLDS_PER_STREAM);
        expect(stats.cases).toBeGreaterThanOrEqual(MIN_CASES);
        // The generator reaches every way of seeing an item and both ways of being refused.
        for (const r of [
          'admin_open',
          'open',
          'secadmin',
          'custodian',
          'scope_user',
          'scope_department',
          'scope_ancestor',
          'scope_role',
          'grant',
        ]) {
          expect(stats.reasons.get(r) ?? 0, r).toBeGreaterThan(100);
        }
        expect(stats.refusedInClearance).toBeGreaterThan(1000);
        expect(stats.refusedReadUp).toBeGreaterThan(1000);
        expect(stats.multiPageWalks).toBeGreaterThan(1000);
        expect(stats.stackedGrants).toBeGreaterThan(100);
        // Searches reach every statement shape, exclude some visible items, and find items through grants.
        expect(stats.searches.sorted).toBeGreaterThan(3000);
        expect(stats.searches.registration).toBeGreaterThan(1000);
        expect(stats.searches.substring).toBeGreaterThan(300);
        expect(stats.searchPartial).toBeGreaterThan(1000);
        expect(stats.searchByGrant).toBeGreaterThan(50);
      },
    );
  });
}
