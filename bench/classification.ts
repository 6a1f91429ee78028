/**
 * Classification measures for `npm run bench` (see docs/benchmarks.md, sections 5 and 6):
 *
 * 5. The access decision in process: `can(actor, 'item.read', item)` for a typical actor, beside node-casbin
 *    deciding the same inputs on an equivalent model (bench/casbin-model.conf).
 * 6. The catalogue at 1,000,000 items (BENCH_SCALE scales it) on SQLite and PostgreSQL: a page of 50 with the
 *    policy filter in SQL beside fetching the same 50 rows by key; a search for a common term with a filter
 *    and a sort; a search for a two-character Chinese term.
 *
 * The catalogue is generated once per database per run (bench/classification-data.ts) into a database of its
 * own, reused by every catalogue measure, and dropped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newEnforcer, newModelFromString, type Enforcer } from 'casbin';
import { CompiledQuery, sql } from 'kysely';
import pino from 'pino';
import type { Actor } from '../src/kernel/actor.js';
import { itemListFilter, type ItemResource } from '../src/policy/classification.js';
import type { Level } from '../src/kernel/levels.js';
import { can } from '../src/policy/index.js';
import { parseQuery } from '../src/kernel/search-terms.js';
import { usernameKey } from '../src/kernel/username.js';
import type { GrantView, ItemStatus } from '../src/kernel/secret-item.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { sqliteOf, type Db } from '../src/platform/db/database.js';
import { itemsBySeq } from '../src/modules/classification/repositories/item-repo.js';
import {
  countVisible,
  pageSeqs,
  principalToken,
  principalsOf,
  type ItemFilters,
  type PageRequest,
} from '../src/modules/classification/repositories/item-query.js';
import { createContext } from '../src/platform/runtime.js';
import {
  ItemGenerator,
  accessRowsOf,
  actorOf,
  buildOrg,
  makeGrant,
  pick,
  rngOf,
  SHAPE,
  type GenGrant,
  type Org,
  type Person,
} from './classification-data.js';
import type { BenchPostgres } from './pg.js';
import { cols, dbSize, dropDatabase, dropSecondaryIndexes, Loader, type Col } from './bulk.js';
import { atMost, fmtMs, fmtRatio, type Row } from './report.js';

type Kind = 'sqlite' | 'postgres';
type Log = (msg: string) => void;

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const CLASSIFICATION_TARGET = { canP50Us: 1, pageRatio: 3, commonSearchMs: 20, chineseSearchMs: 10 };

const SECTION_CAN = '5. Access decision in process (can vs node-casbin)';
const SECTION_CATALOGUE = '6. Catalogue queries (policy filter in SQL)';

/** The sorted search (b) per database, for the explanation of a miss. */
const sortedSearch: {
  kind: string;
  p50: number;
  visAlone: number;
  visTerm: number;
  vis: number;
  matches: number;
  /** PostgreSQL: the GIN step alone (items with the term and a principal, counted) and how many rows it yields. */
  gin: { ms: number; rows: number } | null;
  /** The same search run again right after, with its 50 rows (pages then in shared buffers / page cache). */
  withRows: number;
  pass: boolean;
}[] = [];

/** What the run found, for the explanatory part of docs/benchmarks.md. */
const facts: { lines: string[]; items: number; loads: string[] } = { lines: [], items: 0, loads: [] };

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function sortNum(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function fmtUs(us: number): string {
  return Number.isFinite(us)
    ? `${us < 10 ? us.toFixed(3) : us < 100 ? us.toFixed(1) : Math.round(us).toLocaleString('en-US')} µs`
    : 'n/a';
}

// =========================================================================================================
// 5. can vs casbin

interface Decision {
  actor: Actor;
  item: ItemResource;
  act: 'read';
  /** casbin request objects (built once, like the ItemResource: both engines get prepared inputs). */
  sub: { Id: string; Active: boolean; Clearance: number };
  obj: { Id: string; Rank: number; Custodian: string; At: string };
}

interface CasbinSetup {
  /** One enforcer per item holding only that item's policy lines (the same facts `can` is handed). */
  perItem: Map<string, Enforcer>;
  /** One enforcer holding the lines of every item in the input set. */
  shared: Enforcer;
  sharedLines: number;
  links: number;
}

function decisionInputs(org: Org, nowIso: string): { decisions: Decision[]; items: ItemResource[]; actors: Person[] } {
  const rng = rngOf(99);
  const gen = new ItemGenerator(org, 400, 11);
  // Typical actors: people without an admin role, department path of 3, one or two business roles.
  const actors: Person[] = [];
  for (let i = 0; i < 64; i++) actors.push(pick(rng, org.people));
  const now = Date.parse(nowIso);
  const items: ItemResource[] = [];
  for (let s = 1; s <= 400; s++) {
    const { row, scope } = gen.next(s);
    const grants: GrantView[] = [];
    // Some items carry a grant for one of the actors (in force, expired or revoked).
    if (rng() < 0.3) {
      const g = makeGrant(rng, org, row, now);
      const grantee = pick(rng, actors);
      grants.push({ granteeId: grantee.id, actions: g.actions, expiresAt: g.expiresAt, revokedAt: g.revokedAt });
    }
    items.push({
      kind: 'item',
      id: row.id,
      level: row.level as Level,
      accessRank: row.access_rank,
      status: row.status as ItemStatus,
      custodianId: row.custodian_id,
      classifierId: row.classifier_id,
      scope,
      grants,
      at: nowIso,
    });
  }
  // Half the decisions are a person of the item's own department (mostly allowed), half anyone (mostly refused).
  const byDept = new Map<string, Person[]>();
  for (const p of actors) byDept.set(p.departmentId, [...(byDept.get(p.departmentId) ?? []), p]);
  const decisions: Decision[] = [];
  for (let i = 0; i < 1000; i++) {
    let person = pick(rng, actors);
    let item = pick(rng, items);
    if (i % 2 === 0) {
      // an item whose scope names the person's department, custodian or grant, when one exists
      const mine = items.filter(
        (it) =>
          it.scope.some((s) => s.ref === person.departmentId) ||
          it.custodianId === person.id ||
          it.grants.some((g) => g.granteeId === person.id),
      );
      if (mine.length) item = pick(rng, mine);
      else person = pick(rng, actors);
    }
    // each item's grants are the acting person's only (ItemResource.grants holds the actor's own grants)
    const own = { ...item, grants: item.grants.filter((g) => g.granteeId === person.id) };
    const actor = actorOf(person);
    decisions.push({
      actor,
      item: own,
      act: 'read',
      sub: { Id: person.id, Active: true, Clearance: person.clearanceRank },
      obj: { Id: item.id, Rank: item.accessRank, Custodian: item.custodianId, At: nowIso },
    });
  }
  return { decisions, items, actors };
}

function policyLinesOf(item: ItemResource, nowIso: string): string[][] {
  const lines: string[][] = [];
  const principal = (kind: string, ref: string) =>
    kind === 'department' ? `dept:${ref}` : kind === 'role' ? `role:${ref}` : ref;
  for (const s of item.scope) lines.push([principal(s.kind, s.ref), item.id, 'know', '9999']);
  for (const g of item.grants) {
    if (g.revokedAt !== null) continue; // a revoked grant is a removed line
    for (const a of g.actions) lines.push([g.granteeId, item.id, a, g.expiresAt]);
  }
  void nowIso;
  return lines;
}

function groupingLinesOf(org: Org, actors: readonly Person[]): string[][] {
  const links: string[][] = [];
  for (const d of org.departments) if (d.parentId) links.push([`dept:${d.id}`, `dept:${d.parentId}`]);
  const seen = new Set<string>();
  for (const p of actors) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    links.push([p.id, `dept:${p.departmentId}`]);
    for (const r of p.roles) links.push([p.id, `role:${r}`]);
  }
  return links;
}

async function casbinSetup(
  org: Org,
  items: readonly ItemResource[],
  actors: readonly Person[],
  nowIso: string,
): Promise<CasbinSetup> {
  const modelText = fs.readFileSync(path.join(HERE, 'casbin-model.conf'), 'utf8');
  const links = groupingLinesOf(org, actors);
  const make = async (lines: string[][]) => {
    const e = await newEnforcer(newModelFromString(modelText));
    if (lines.length) await e.addPolicies(lines);
    await e.addGroupingPolicies(links);
    return e;
  };
  const perItem = new Map<string, Enforcer>();
  let sharedLines = 0;
  const all: string[][] = [];
  for (const it of items) {
    const lines = policyLinesOf(it, nowIso);
    sharedLines += lines.length;
    all.push(...lines);
    perItem.set(it.id, await make(lines));
  }
  return { perItem, shared: await make(all), sharedLines, links: links.length };
}

/** Times `fn` over all inputs in a batch; returns the per-call time of each batch in microseconds. */
function timeBatches(n: number, rounds: number, fn: () => number): { perCallUs: number[]; sink: number } {
  const out: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    sink += fn();
    out.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return { perCallUs: out, sink };
}

export async function benchAccessDecision(rows: Row[], log: Log): Promise<void> {
  try {
    await accessDecision(rows, log);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`[bench] access decision failed: ${e instanceof Error ? e.stack : msg}`);
    rows.push({
      section: SECTION_CAN,
      db: 'in process',
      measure: msg.split('\n')[0]!.slice(0, 160),
      result: '',
      reference: '',
      ratio: '',
      target: '',
      status: 'ERROR',
    });
  }
}

async function accessDecision(rows: Row[], log: Log): Promise<void> {
  const nowIso = new Date().toISOString();
  const org = buildOrg();
  const { decisions, items, actors } = decisionInputs(org, nowIso);
  const cb = await casbinSetup(org, items, actors, nowIso);
  const n = decisions.length;

  const runCan = () => {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const d = decisions[i]!;
      if (can(d.actor, 'item.read', d.item)) allowed++;
    }
    return allowed;
  };
  const perItemEnf = decisions.map((d) => cb.perItem.get(d.item.id)!);
  const runCasbin = () => {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const d = decisions[i]!;
      if (perItemEnf[i]!.enforceSync(d.sub, d.obj, d.act)) allowed++;
    }
    return allowed;
  };
  const runCasbinShared = () => {
    let allowed = 0;
    for (let i = 0; i < n; i++) {
      const d = decisions[i]!;
      if (cb.shared.enforceSync(d.sub, d.obj, d.act)) allowed++;
    }
    return allowed;
  };

  // Both engines must decide every input the same way, or the comparison means nothing.
  let disagree = 0;
  let allowedCount = 0;
  for (let i = 0; i < n; i++) {
    const d = decisions[i]!;
    const a = can(d.actor, 'item.read', d.item);
    const b = perItemEnf[i]!.enforceSync(d.sub, d.obj, d.act);
    const c = cb.shared.enforceSync(d.sub, d.obj, d.act);
    if (a !== b || a !== c) disagree++;
    if (a) allowedCount++;
  }
  if (disagree)
    throw new Error(`can and casbin disagree on ${disagree} of ${n} decisions: the casbin model is not equivalent`);
  log(
    `access decision: ${n} inputs (${allowedCount} allowed), ${items.length} items, ${cb.sharedLines} casbin policy lines, ${cb.links} role links; engines agree on all`,
  );

  // Warm up (JIT) both, then alternate rounds so drift on the machine hits both alike.
  for (let w = 0; w < 300; w++) runCan();
  for (let w = 0; w < 20; w++) runCasbin();
  for (let w = 0; w < 3; w++) runCasbinShared();
  const canUs: number[] = [];
  const casbinUs: number[] = [];
  let sink = 0;
  for (let r = 0; r < 40; r++) {
    const a = timeBatches(n, 50, runCan);
    const b = timeBatches(n, 3, runCasbin);
    canUs.push(...a.perCallUs);
    casbinUs.push(...b.perCallUs);
    sink += a.sink + b.sink;
  }
  const shared = timeBatches(n, 10, runCasbinShared);
  sink += shared.sink;
  if (sink < 0) console.log(sink);

  const c = sortNum(canUs);
  const k = sortNum(casbinUs);
  const s = sortNum(shared.perCallUs);
  const canP50 = pct(c, 50);
  const casbinP50 = pct(k, 50);
  rows.push({
    section: SECTION_CAN,
    db: 'in process',
    measure: `can(actor, 'item.read', item) p50 (${n} inputs, ${allowedCount} allowed)`,
    result: fmtUs(canP50),
    reference: `node-casbin ${fmtUs(casbinP50)}`,
    ratio: `${(canP50 / casbinP50).toFixed(4)}x (casbin ${Math.round(casbinP50 / canP50)}x slower)`,
    target: `<= ${CLASSIFICATION_TARGET.canP50Us} µs`,
    status: atMost(canP50, CLASSIFICATION_TARGET.canP50Us),
  });
  rows.push({
    section: SECTION_CAN,
    db: 'in process',
    measure: '  context: p95 per call',
    result: fmtUs(pct(c, 95)),
    reference: `node-casbin ${fmtUs(pct(k, 95))}`,
    ratio: '',
    target: '',
    status: '',
  });
  rows.push({
    section: SECTION_CAN,
    db: 'in process',
    measure: `  context: node-casbin, one enforcer with all ${cb.sharedLines} lines of the ${items.length} items`,
    result: fmtUs(pct(s, 50)),
    reference: '',
    ratio: `casbin ${Math.round(pct(s, 50) / canP50).toLocaleString('en-US')}x slower`,
    target: '',
    status: '',
  });
  facts.lines.push(
    `Access decision inputs: ${n} (person, item) pairs over ${actors.length} people and ${items.length} items (${allowedCount} allowed); casbin holds ${cb.links} role links and, per item, that item's policy lines (${cb.sharedLines} in all). can and casbin agreed on every input.`,
  );
  log(
    `can p50 ${fmtUs(canP50)} p95 ${fmtUs(pct(c, 95))}; casbin per-item p50 ${fmtUs(casbinP50)}; casbin shared p50 ${fmtUs(pct(s, 50))}`,
  );
}

// =========================================================================================================
// 6. The catalogue

const ITEM_COLS: Col[] = [
  ['id', 'text'],
  ['seq', 'int8'],
  ['number', 'text'],
  ['title', 'text'],
  ['content', 'text'],
  ['category', 'text'],
  ['level', 'text'],
  ['access_rank', 'int4'],
  ['status', 'text'],
  ['basis', 'text'],
  ['period_value', 'int4'],
  ['period_unit', 'text'],
  ['declassify_condition', 'text'],
  ['marked_on', 'text'],
  ['secrecy_until', 'text'],
  ['classifier_id', 'text'],
  ['classifier_kind', 'text'],
  ['origin', 'text'],
  ['source_item_id', 'text'],
  ['custodian_id', 'text'],
  ['department_id', 'text'],
  ['next_review_on', 'text'],
  ['last_reviewed_on', 'text'],
  ['declassified_on', 'text'],
  ['declassify_reason', 'text'],
  ['search_text', 'text'],
  ['created_by', 'text'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['version', 'int4'],
].map(([name, pg]) => ({ name: name!, pg: pg as Col['pg'] }));

/** PostgreSQL: the item row's copies of its item_terms and item_access rows (migration 005). */
const ITEM_ARRAY_COLS: Col[] = [
  { name: 'search_terms', pg: 'text[]' },
  { name: 'principals', pg: 'text[]' },
];
const ACCESS_COLS = cols('kind, ref, seq:int8, access_rank:int4');
const TERM_COLS = cols('term, seq:int8');
const DEPT_COLS = cols('id, parent_id, name, code, sort_order:int4, created_at, updated_at, version:int4');
export const USER_COLS = cols(
  'id, username, username_key, display_name, email, department_id, post, clearance_class, business_roles, admin_role, status, password_hash, password_changed_at, must_change_password:int4, failed_logins:int4, locked_until, mfa_secret, mfa_enabled:int4, mfa_last_step:int8, locale, separation_until, created_at, updated_at, version:int4',
);

/** A users row (USER_COLS order) for a generated person: active, no password to sign in with. */
export function userRowOf(p: Person, nowIso: string, adminRole: string | null = null): unknown[] {
  return [
    p.id,
    p.username,
    usernameKey(p.username),
    p.displayName,
    null,
    p.departmentId,
    null,
    p.clearanceClass,
    JSON.stringify(p.roles),
    adminRole,
    'active',
    'x',
    nowIso,
    0,
    0,
    null,
    null,
    0,
    0,
    null,
    null,
    nowIso,
    nowIso,
    1,
  ];
}
const AUTH_COLS = cols(
  'id, user_id, kind, max_level, appointed_on, note, revoked_at, created_at, updated_at, version:int4',
);
const GRANT_COLS = cols(
  'id, item_id, item_seq:int8, grantee_id, actions, source, request_id, reason, granted_at, expires_at, revoked_at, revoked_by, review_status, reviewed_by, reviewed_at, review_note, created_by, version:int4',
);

export interface Catalogue {
  org: Org;
  items: number;
  /** Document frequency of some terms (share of items whose index has the term). */
  df: Map<string, number>;
  grants: number;
  accessRows: number;
  termRows: number;
}

const COMMON_TERMS = ['报告', '方案', '财务', '合同', '计划', '会议'];
const CHINESE_TERMS = [
  '报告',
  '方案',
  '财务',
  '合同',
  '预算',
  '会议',
  '技术',
  '采购',
  '人事',
  '审计',
  '研发',
  '专利',
  '股权',
  '应急',
  '客户',
  '工艺',
  '招标',
  '薪酬',
  '纪要',
  '协议',
  '上市',
  '代码',
];

/** Generates and loads a catalogue; `record: false` leaves it out of section 6's notes (another section's data). */
export async function loadCatalogue(
  ctx: AppContext,
  nItems: number,
  log: Log,
  opts: { record?: boolean } = {},
): Promise<Catalogue> {
  const t0 = performance.now();
  const org = buildOrg();
  const loader = new Loader(ctx);
  const nowMs = Date.now();
  const nowIso = new Date(nowMs).toISOString();
  const raw = ctx.kind === 'sqlite' ? sqliteOf(ctx.db)! : null;
  if (raw) {
    // Load settings only (restored below): no fsync per commit, FK checks off (the rows are consistent by
    // construction), a large page cache while building the indexes.
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    raw.pragma('cache_size = -1000000');
  }
  const begin = async () => {
    if (raw) raw.exec('begin');
  };
  const commit = async () => {
    if (raw) raw.exec('commit');
  };

  await begin();
  await loader.insert(
    'departments',
    DEPT_COLS,
    org.departments.map((d, i) => [d.id, d.parentId, d.name, d.code, i, nowIso, nowIso, 1]),
  );
  await loader.insert(
    'users',
    USER_COLS,
    org.people.map((p) => userRowOf(p, nowIso)),
  );
  await loader.insert(
    'classification_authorities',
    AUTH_COLS,
    org.classifiers.map((p, i) => [
      `auth-${i}`,
      p.id,
      'designated',
      'top_secret',
      '2015-01-01',
      null,
      null,
      nowIso,
      nowIso,
      1,
    ]),
  );
  await commit();

  // Secondary indexes are dropped for the load and rebuilt after it from their saved definitions (a sorted
  // build instead of millions of random inserts); primary keys and unique constraints stay.
  const saved = await dropSecondaryIndexes(
    ctx,
    ['secret_items', 'item_access', 'item_terms'],
    ['item_terms', 'item_access'],
  );

  const gen = new ItemGenerator(org, nItems);
  const grantRng = rngOf(5);
  const dfCount = new Map<string, number>([...new Set([...COMMON_TERMS, ...CHINESE_TERMS])].map((t) => [t, 0]));
  const grants: GenGrant[] = [];
  let accessRows = 0;
  let termRows = 0;
  const chunk = 20_000;
  // On PostgreSQL the item row also carries its terms and principals, as writeSearchTerms/writeAccessIndex
  // store them there.
  const itemCols = ctx.kind === 'postgres' ? [...ITEM_COLS, ...ITEM_ARRAY_COLS] : ITEM_COLS;
  let lastLog = performance.now();
  let pending: Promise<void> = Promise.resolve();
  for (let lo = 1; lo <= nItems; lo += chunk) {
    const hi = Math.min(nItems, lo + chunk - 1);
    const itemRows: unknown[][] = [];
    const access: unknown[][] = [];
    const terms: unknown[][] = [];
    for (let seq = lo; seq <= hi; seq++) {
      const it = gen.next(seq);
      const r = it.row as unknown as Record<string, unknown>;
      itemRows.push(
        ctx.kind === 'postgres'
          ? [...ITEM_COLS.map((c) => r[c.name]), it.terms, it.principals]
          : ITEM_COLS.map((c) => r[c.name]),
      );
      for (const a of accessRowsOf(it.row, it.scope)) access.push([a.kind, a.ref, a.seq, a.access_rank]);
      for (const t of it.terms) {
        terms.push([t, seq]);
        const n = dfCount.get(t);
        if (n !== undefined) dfCount.set(t, n + 1);
      }
      if (it.row.level !== 'internal' && it.row.status === 'in_force' && grantRng() < 0.005)
        grants.push(makeGrant(grantRng, org, it.row, nowMs));
    }
    accessRows += access.length;
    termRows += terms.length;
    // PostgreSQL works in its own process: the next chunk is generated while this one is inserted.
    await pending;
    pending = (async () => {
      await begin();
      await loader.insert('secret_items', itemCols, itemRows);
      await loader.insert('item_access', ACCESS_COLS, access);
      await loader.insert('item_terms', TERM_COLS, terms);
      await commit();
    })();
    if (performance.now() - lastLog > 15_000 || hi === nItems) {
      lastLog = performance.now();
      const s = (performance.now() - t0) / 1000;
      log(
        `${ctx.kind}: loaded ${hi.toLocaleString('en-US')} / ${nItems.toLocaleString('en-US')} items (${Math.round(hi / s).toLocaleString('en-US')} items/s, ${s.toFixed(0)} s)`,
      );
    }
  }
  await pending;
  log(`${ctx.kind}: rebuilding ${saved.length} indexes`);
  for (const ddl of saved) {
    if (ctx.kind === 'sqlite') await sql.raw(ddl).execute(ctx.db);
    else {
      await ctx.db.transaction().execute(async (trx) => {
        await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
        await sql.raw(ddl).execute(trx);
      });
    }
  }
  await begin();
  await loader.insert(
    'access_grants',
    GRANT_COLS,
    grants.map((g) => [
      g.id,
      g.itemId,
      g.itemSeq,
      g.granteeId,
      JSON.stringify(g.actions),
      'request',
      null,
      '工作需要',
      g.grantedAt,
      g.expiresAt,
      g.revokedAt,
      null,
      null,
      null,
      null,
      null,
      null,
      1,
    ]),
  );
  await sql`insert into counters (name, value) values ('secret_item', ${nItems})`.execute(ctx.db);
  await commit();
  const loadS = (performance.now() - t0) / 1000;

  // Statistics, as after any bulk import.
  const t1 = performance.now();
  if (raw) {
    raw.exec('ANALYZE');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -2000'); // back to the server's setting (SQLite's default)
    raw.pragma('wal_checkpoint(TRUNCATE)');
  } else {
    // VACUUM as well: index-only scans need the visibility map, which autovacuum would set after an import.
    await sql`VACUUM (ANALYZE)`.execute(ctx.db);
  }
  const analyzeS = (performance.now() - t1) / 1000;
  const size = await dbSize(ctx);
  if (opts.record !== false)
    facts.loads.push(
      `${ctx.kind}: ${nItems.toLocaleString('en-US')} items, ${accessRows.toLocaleString('en-US')} item_access rows, ${termRows.toLocaleString('en-US')} item_terms rows, ${grants.length.toLocaleString('en-US')} grants; loaded in ${loadS.toFixed(0)} s, ${ctx.kind === 'sqlite' ? 'ANALYZE' : 'VACUUM (ANALYZE)'} ${analyzeS.toFixed(0)} s; database ${size}`,
    );
  log(
    `${ctx.kind}: catalogue loaded in ${loadS.toFixed(0)} s (${termRows.toLocaleString('en-US')} terms, ${accessRows.toLocaleString('en-US')} access rows), analyze ${analyzeS.toFixed(0)} s, ${size}`,
  );
  const df = new Map([...dfCount].map(([t, c]) => [t, c / nItems]));
  return { org, items: nItems, df, grants: grants.length, accessRows, termRows };
}

/** People measured: ordinary members of many departments (mixed clearances), some heads and officers. */
function measuredPeople(org: Org): Person[] {
  const rng = rngOf(1234);
  const out: Person[] = [];
  const leaves = [...org.leaves];
  for (let i = 0; i < 32; i++) {
    const leaf = leaves[(i * 37) % leaves.length]!;
    const staff = org.peopleByLeaf.get(leaf.id)!;
    out.push(i % 8 === 7 ? staff[Math.floor(rng() * 2)]! : staff[2 + Math.floor(rng() * (staff.length - 2))]!);
  }
  return out;
}

interface Lat {
  sorted: number[];
  p50: number;
  p95: number;
}

function lat(xs: number[]): Lat {
  const sorted = sortNum(xs);
  return { sorted, p50: pct(sorted, 50), p95: pct(sorted, 95) };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL) of a compiled query. */
export async function explainPlan(ctx: AppContext, q: CompiledQuery): Promise<string> {
  if (ctx.kind === 'sqlite') {
    const r = await ctx.db.executeQuery<{ detail: string; id: number; parent: number }>(
      CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
    );
    return r.rows.map((x) => `${x.parent}/${x.id} ${x.detail}`).join('\n');
  }
  const r = await ctx.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]),
  );
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

export async function measureCatalogue(ctx: AppContext, cat: Catalogue, rows: Row[], log: Log): Promise<void> {
  const db = ctx.db;
  const nowIso = new Date().toISOString();
  const people = measuredPeople(cat.org);
  const actors = people.map(actorOf);
  const filters = actors.map((a) => itemListFilter(a, nowIso));
  const N = cat.items.toLocaleString('en-US');

  // How much of the catalogue the measured people may know.
  const visible: number[] = [];
  for (const f of filters) visible.push(await countVisible(db, f, {}, null));
  const vis = sortNum(visible);
  const share = (n: number) => `${((100 * n) / cat.items).toFixed(2)}%`;
  const open = Number(
    (await sql<{ n: number | string }>`select count(*) as n from item_access where kind = 'everyone'`.execute(db))
      .rows[0]!.n,
  );
  facts.lines.push(
    `${ctx.kind}: the ${people.length} measured people may know ${share(vis[0]!)} to ${share(vis[vis.length - 1]!)} of the items (median ${vis[Math.floor(vis.length / 2)]!.toLocaleString('en-US')} items, ${share(vis[Math.floor(vis.length / 2)]!)}), of which ${open.toLocaleString('en-US')} (${share(open)}) are open (internal or declassified) and visible to everyone; the rest by need-to-know within their clearance.`,
  );
  log(`${ctx.kind}: measured people see ${share(vis[0]!)}..${share(vis[vis.length - 1]!)} (open ${share(open)})`);

  const ROUNDS = 8; // samples per person per measure
  const first: PageRequest = { sort: 'number', order: 'desc', limit: 50, cursor: null };

  // (a) a page of 50 with the policy filter vs the same 50 rows by key.
  const pageFor = async (i: number, cursor: PageRequest['cursor'] = null) => {
    const seqs = await pageSeqs(db, filters[i]!, {}, null, { ...first, cursor });
    return itemsBySeq(db, seqs.slice(0, 50));
  };
  const firstPages: { seqs: number[]; ids: string[]; last: number }[] = [];
  for (let i = 0; i < people.length; i++) {
    const r = await pageFor(i);
    firstPages.push({ seqs: r.map((x) => x.seq), ids: r.map((x) => x.id), last: r[r.length - 1]?.seq ?? 0 });
  }
  // warm-up: both sides over every person
  for (let w = 0; w < 2; w++) {
    for (let i = 0; i < people.length; i++) {
      await pageFor(i);
      await itemsBySeq(db, firstPages[i]!.seqs);
    }
  }
  const page: number[] = [];
  const ref: number[] = [];
  const plain: number[] = [];
  const seqOnly: number[] = [];
  const next: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < people.length; i++) {
      const fp = firstPages[i]!;
      const measured = async () => page.push((await timed(() => pageFor(i)))[0]);
      const reference = async () => ref.push((await timed(() => itemsBySeq(db, fp.seqs)))[0]);
      // alternate which runs first so neither always gets the warmer cache
      if ((r + i) % 2 === 0) {
        await measured();
        await reference();
      } else {
        await reference();
        await measured();
      }
      plain.push((await timed(() => db.selectFrom('secret_items').selectAll().where('id', 'in', fp.ids).execute()))[0]);
      seqOnly.push((await timed(() => pageSeqs(db, filters[i]!, {}, null, first)))[0]);
      next.push((await timed(() => pageFor(i, { seq: fp.last })))[0]);
    }
  }
  const P = lat(page);
  const R = lat(ref);
  const pageRatio = P.p50 / R.p50;
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `(a) page of 50, policy filter in SQL (pageSeqs + itemsBySeq), ${N} items: p50 / p95`,
    result: `${fmtMs(P.p50)} / ${fmtMs(P.p95)}`,
    reference: `same 50 rows by key (itemsBySeq) ${fmtMs(R.p50)} / ${fmtMs(R.p95)}`,
    ratio: fmtRatio(pageRatio),
    target: `<= ${CLASSIFICATION_TARGET.pageRatio}x`,
    status: atMost(pageRatio, CLASSIFICATION_TARGET.pageRatio),
  });
  const PL = lat(plain);
  const SO = lat(seqOnly);
  const NX = lat(next);
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: '  context: the filter alone (pageSeqs, 51 seqs)',
    result: `${fmtMs(SO.p50)} / ${fmtMs(SO.p95)}`,
    reference: '',
    ratio: '',
    target: '',
    status: '',
  });
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: '  context: next page (cursor after the first page)',
    result: `${fmtMs(NX.p50)} / ${fmtMs(NX.p95)}`,
    reference: '',
    ratio: fmtRatio(NX.p50 / R.p50),
    target: '',
    status: '',
  });
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: '  context: plain select * from secret_items where id in (50 ids)',
    result: `${fmtMs(PL.p50)} / ${fmtMs(PL.p95)}`,
    reference: '',
    ratio: fmtRatio(P.p50 / PL.p50),
    target: '',
    status: '',
  });
  log(
    `${ctx.kind}: (a) page p50 ${fmtMs(P.p50)} vs by key ${fmtMs(R.p50)} -> ${fmtRatio(pageRatio)} (filter alone ${fmtMs(SO.p50)}, plain by id ${fmtMs(PL.p50)})`,
  );

  // (b) a common term, with a filter and a sort.
  // The target: a filter and a sort other than registration order, so every visible match must be found
  // and ordered before the first 50 are known. A filter with the default order is shown for context.
  const commonVariants: { filters: ItemFilters; page: PageRequest; label: string }[] = [
    {
      filters: { status: 'in_force' },
      page: { sort: 'secrecyUntil', order: 'asc', limit: 50, cursor: null },
      label: 'status=in_force, sort secrecyUntil asc',
    },
    {
      filters: { level: 'confidential' },
      page: { sort: 'secrecyUntil', order: 'desc', limit: 50, cursor: null },
      label: 'level=confidential, sort secrecyUntil desc',
    },
    {
      filters: { status: 'in_force' },
      page: { sort: 'level', order: 'desc', limit: 50, cursor: null },
      label: 'status=in_force, sort level desc',
    },
  ];
  const numberVariant = {
    filters: { level: 'secret' },
    page: { sort: 'number', order: 'desc', limit: 50, cursor: null } as PageRequest,
    label: 'level=secret, default order (number desc)',
  };

  const searchOnce = async (i: number, q: string, f: ItemFilters, pg: PageRequest) => {
    const parsed = parseQuery(q);
    return pageSeqs(db, filters[i]!, f, parsed, pg);
  };
  // warm-up: one pass over the people, terms and variants
  for (let i = 0; i < people.length; i++) {
    const v = commonVariants[i % commonVariants.length]!;
    await searchOnce(i, COMMON_TERMS[i % COMMON_TERMS.length]!, v.filters, v.page);
  }
  const common: number[] = [];
  const commonWithRows: number[] = [];
  const perVariant = commonVariants.map(() => [] as number[]);
  const numberOrder: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < people.length; i++) {
      const t = COMMON_TERMS[(i + r) % COMMON_TERMS.length]!;
      const vi = (i + r) % commonVariants.length;
      const v = commonVariants[vi]!;
      const [ms, seqs] = await timed(() => searchOnce(i, t, v.filters, v.page));
      common.push(ms);
      perVariant[vi]!.push(ms);
      const [ms2] = await timed(async () => itemsBySeq(db, (await searchOnce(i, t, v.filters, v.page)).slice(0, 50)));
      commonWithRows.push(ms2);
      numberOrder.push((await timed(() => searchOnce(i, t, numberVariant.filters, numberVariant.page)))[0]);
      void seqs;
    }
  }
  const C = lat(common);
  const dfs = COMMON_TERMS.map((t) => `${t} ${((cat.df.get(t) ?? 0) * 100).toFixed(1)}%`).join(', ');
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `(b) search a common term + filter + sort by period or level (parseQuery + pageSeqs): p50 / p95`,
    result: `${fmtMs(C.p50)} / ${fmtMs(C.p95)}`,
    reference: '',
    ratio: '',
    target: `<= ${CLASSIFICATION_TARGET.commonSearchMs} ms`,
    status: atMost(C.p50, CLASSIFICATION_TARGET.commonSearchMs),
  });
  for (const [vi, v] of commonVariants.entries()) {
    const L = lat(perVariant[vi]!);
    rows.push({
      section: SECTION_CATALOGUE,
      db: ctx.kind,
      measure: `  context: ${v.label}`,
      result: `${fmtMs(L.p50)} / ${fmtMs(L.p95)}`,
      reference: '',
      ratio: '',
      target: '',
      status: '',
    });
  }
  // Breakdown of the sorted search: building the visible set alone; the visible set intersected with the
  // term's postings (no item lookups); how many matches each sorted query has to look up and order.
  const visAlone: number[] = [];
  const visTerm: number[] = [];
  const ginMs: number[] = [];
  const ginRows: number[] = [];
  const visSizes: number[] = [];
  const matchCounts: number[] = [];
  const grantsOf = (f: (typeof filters)[number]) =>
    f.kind === 'need_to_know'
      ? sql`select item_seq from access_grants where grantee_id = ${f.userId} and revoked_at is null and expires_at > ${f.at}`
      : null;
  const unionOf = (f: (typeof filters)[number]) => {
    const max = f.kind === 'need_to_know' ? f.maxRank : 1;
    const b = principalsOf(f).map(
      (p) => sql`select seq from item_access where kind = ${p.kind} and ref = ${p.ref} and access_rank <= ${max}`,
    );
    const g = grantsOf(f);
    return sql.join(g ? [...b, g] : b, sql` union all `);
  };
  for (let i = 0; i < people.length; i++) {
    const f = filters[i]!;
    const t = COMMON_TERMS[i % COMMON_TERMS.length]!;
    const [ms1, n1] = await timed(() =>
      sql<{ n: number | string }>`select count(*) as n from (${unionOf(f)}) v`.execute(db),
    );
    // as pageSeqs tests membership on PostgreSQL (principals and grants as two hashed sets); SQLite: one list
    const g = grantsOf(f);
    const member =
      ctx.kind === 'postgres' && g
        ? sql`(t.seq in (${sql.join(
            principalsOf(f).map(
              (p) =>
                sql`select seq from item_access where kind = ${p.kind} and ref = ${p.ref} and access_rank <= ${f.kind === 'need_to_know' ? f.maxRank : 1}`,
            ),
            sql` union all `,
          )}) or t.seq in (${g}))`
        : sql`t.seq in (${unionOf(f)})`;
    const [ms2] = await timed(() =>
      sql<{ n: number | string }>`select count(*) as n from item_terms t where t.term = ${t} and ${member}`.execute(db),
    );
    const v = commonVariants[i % commonVariants.length]!;
    const extra = [
      v.filters.status ? sql`i.status = ${v.filters.status}` : null,
      v.filters.level ? sql`i.level = ${v.filters.level}` : null,
    ].filter((x) => x !== null);
    const m = await sql<{
      n: number | string;
    }>`select count(*) as n from item_terms t join secret_items i on i.seq = t.seq
      where t.term = ${t} and t.seq in (${unionOf(f)}) and i.access_rank <= ${f.kind === 'need_to_know' ? f.maxRank : 1}${extra.length ? sql` and ${sql.join(extra, sql` and `)}` : sql``}`.execute(
      db,
    );
    if (ctx.kind === 'postgres') {
      // The step migration 005 gives the sorted search: the GIN index on (search_terms, principals) yields
      // the items holding the term and one of the person's principals; they are read from the table (no
      // rank, filter or sort yet). Grants add a handful by seq.
      const tokens = principalsOf(f).map(principalToken);
      const [ms3, n3] = await timed(() =>
        sql<{
          n: number | string;
        }>`select count(*) as n from secret_items i where i.principals && ${tokens}::text[] and i.search_terms @> ${[t]}::text[]`.execute(
          db,
        ),
      );
      ginMs.push(ms3);
      ginRows.push(Number(n3.rows[0]!.n));
    }
    visAlone.push(ms1);
    visTerm.push(ms2);
    visSizes.push(Number(n1.rows[0]!.n));
    matchCounts.push(Number(m.rows[0]!.n));
  }
  const med = (xs: number[]) => sortNum(xs)[Math.floor(xs.length / 2)]!;
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `  breakdown: the visible set alone (median ${med(visSizes).toLocaleString('en-US')} seqs)`,
    result: `${fmtMs(lat(visAlone).p50)} / ${fmtMs(lat(visAlone).p95)}`,
    reference: '',
    ratio: '',
    target: '',
    status: '',
  });
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `  breakdown: visible set ∩ the term's postings, counted (median ${med(matchCounts).toLocaleString('en-US')} matches to look up and sort)${ctx.kind === 'postgres' ? '; the plan before migration 005' : ''}`,
    result: `${fmtMs(lat(visTerm).p50)} / ${fmtMs(lat(visTerm).p95)}`,
    reference: '',
    ratio: '',
    target: '',
    status: '',
  });
  const gin = ginMs.length ? { ms: lat(ginMs).p50, rows: med(ginRows) } : null;
  if (gin) {
    rows.push({
      section: SECTION_CATALOGUE,
      db: ctx.kind,
      measure: `  breakdown: GIN index (search_terms, principals): the term's items holding one of the person's principals, read and counted (median ${gin.rows.toLocaleString('en-US')} rows)`,
      result: `${fmtMs(gin.ms)} / ${fmtMs(lat(ginMs).p95)}`,
      reference: '',
      ratio: '',
      target: '',
      status: '',
    });
  }
  facts.lines.push(
    `${ctx.kind}: sorted search (b): median visible set ${med(visSizes).toLocaleString('en-US')} seqs, median ${med(matchCounts).toLocaleString('en-US')} visible matches of the term and filter to look up and order; visible set alone p50 ${fmtMs(lat(visAlone).p50)}, visible ∩ postings p50 ${fmtMs(lat(visTerm).p50)}${gin ? `, GIN step (term ∧ principal, median ${gin.rows.toLocaleString('en-US')} rows read) p50 ${fmtMs(gin.ms)}` : ''}, whole query p50 ${fmtMs(C.p50)}.`,
  );
  sortedSearch.push({
    kind: ctx.kind,
    p50: C.p50,
    visAlone: lat(visAlone).p50,
    visTerm: lat(visTerm).p50,
    vis: med(visSizes),
    matches: med(matchCounts),
    gin,
    withRows: NaN,
    pass: C.p50 <= CLASSIFICATION_TARGET.commonSearchMs,
  });
  const NO = lat(numberOrder);
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `  context: ${numberVariant.label}`,
    result: `${fmtMs(NO.p50)} / ${fmtMs(NO.p95)}`,
    reference: '',
    ratio: '',
    target: '',
    status: '',
  });
  if (ctx.kind === 'sqlite') {
    // Context only: the same sorted searches with a 64 MiB page cache instead of the server's 2 MiB default.
    const raw = sqliteOf(db)!;
    raw.pragma('cache_size = -65536');
    try {
      const big: number[] = [];
      for (let i = 0; i < people.length; i++) {
        const v = commonVariants[i % commonVariants.length]!;
        await searchOnce(i, COMMON_TERMS[i % COMMON_TERMS.length]!, v.filters, v.page);
      }
      for (let r = 0; r < ROUNDS; r++) {
        for (let i = 0; i < people.length; i++) {
          const v = commonVariants[(i + r) % commonVariants.length]!;
          big.push(
            (await timed(() => searchOnce(i, COMMON_TERMS[(i + r) % COMMON_TERMS.length]!, v.filters, v.page)))[0],
          );
        }
      }
      const B = lat(big);
      rows.push({
        section: SECTION_CATALOGUE,
        db: ctx.kind,
        measure: '  context: the same with a 64 MiB page cache (server: 2 MiB)',
        result: `${fmtMs(B.p50)} / ${fmtMs(B.p95)}`,
        reference: '',
        ratio: '',
        target: '',
        status: '',
      });
    } finally {
      raw.pragma('cache_size = -2000');
    }
  }
  const CW = lat(commonWithRows);
  sortedSearch[sortedSearch.length - 1]!.withRows = CW.p50;
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: '  context: with the 50 rows (+ itemsBySeq)',
    result: `${fmtMs(CW.p50)} / ${fmtMs(CW.p95)}`,
    reference: '',
    ratio: '',
    target: '',
    status: '',
  });
  facts.lines.push(`${ctx.kind}: common terms searched (share of items): ${dfs}.`);
  log(
    `${ctx.kind}: (b) common term p50 ${fmtMs(C.p50)} p95 ${fmtMs(C.p95)} [${commonVariants.map((v, vi) => `${v.label}: ${fmtMs(lat(perVariant[vi]!).p50)}`).join('; ')}]`,
  );

  // (c) a two-character Chinese term, default order.
  for (let i = 0; i < people.length; i++) await searchOnce(i, CHINESE_TERMS[i % CHINESE_TERMS.length]!, {}, first);
  const zh: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < people.length; i++) {
      const t = CHINESE_TERMS[(i * 7 + r * 3) % CHINESE_TERMS.length]!;
      zh.push((await timed(() => searchOnce(i, t, {}, first)))[0]);
    }
  }
  const Z = lat(zh);
  const zdf = CHINESE_TERMS.map((t) => cat.df.get(t) ?? 0).sort((a, b) => a - b);
  rows.push({
    section: SECTION_CATALOGUE,
    db: ctx.kind,
    measure: `(c) search a two-character Chinese term (parseQuery + pageSeqs): p50 / p95`,
    result: `${fmtMs(Z.p50)} / ${fmtMs(Z.p95)}`,
    reference: '',
    ratio: '',
    target: `<= ${CLASSIFICATION_TARGET.chineseSearchMs} ms`,
    status: atMost(Z.p50, CLASSIFICATION_TARGET.chineseSearchMs),
  });
  facts.lines.push(
    `${ctx.kind}: ${CHINESE_TERMS.length} two-character terms searched, in ${(zdf[0]! * 100).toFixed(2)}% to ${(zdf[zdf.length - 1]! * 100).toFixed(1)}% of the items: ${CHINESE_TERMS.join(' ')}.`,
  );
  log(`${ctx.kind}: (c) Chinese term p50 ${fmtMs(Z.p50)} p95 ${fmtMs(Z.p95)}`);

  if (process.env.BENCH_EXPLAIN === '1') await printPlans(ctx, filters[0]!);
}

async function printPlans(ctx: AppContext, f: ReturnType<typeof itemListFilter>): Promise<void> {
  const cases: [string, ItemFilters, string, PageRequest][] = [
    ['page', {}, '', { sort: 'number', order: 'desc', limit: 50, cursor: null }],
    [
      'common+filter+sort',
      { status: 'in_force' },
      '合同',
      { sort: 'secrecyUntil', order: 'asc', limit: 50, cursor: null },
    ],
    ['common+level+number', { level: 'secret' }, '报告', { sort: 'number', order: 'desc', limit: 50, cursor: null }],
    ['common+level sort', { status: 'in_force' }, '方案', { sort: 'level', order: 'desc', limit: 50, cursor: null }],
    ['chinese rare', {}, '专利', { sort: 'number', order: 'desc', limit: 50, cursor: null }],
    ['chinese common', {}, '报告', { sort: 'number', order: 'desc', limit: 50, cursor: null }],
  ];
  for (const [label, filt, q, pg] of cases) {
    const cq = await compiledPageSeqs(ctx.db, f, filt, q, pg);
    console.log(
      `--- ${ctx.kind} ${label}: ${cq.sql}\n    params ${JSON.stringify(cq.parameters).slice(0, 400)}\n${await explainPlan(ctx, cq)}`,
    );
  }
}

/** The statement pageSeqs would run, captured instead of executed. */
async function compiledPageSeqs(
  db: Db,
  f: ReturnType<typeof itemListFilter>,
  filt: ItemFilters,
  q: string,
  pg: PageRequest,
): Promise<CompiledQuery> {
  let captured: CompiledQuery | null = null;
  const real = db.getExecutor();
  const spy = new Proxy(real, {
    get(t, p) {
      if (p === 'executeQuery') {
        return async (cq: CompiledQuery) => {
          captured = cq;
          return { rows: [] };
        };
      }
      const v = Reflect.get(t, p, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  await pageSeqs({ getExecutor: () => spy } as unknown as Db, f, filt, q ? parseQuery(q) : null, pg);
  if (!captured) throw new Error('pageSeqs ran no statement');
  return captured;
}

// =========================================================================================================

export async function benchCatalogue(
  kind: Kind,
  pgServer: BenchPostgres | null,
  scale: number,
  rows: Row[],
  log: Log,
): Promise<void> {
  const nItems = Math.max(10_000, Math.round(1_000_000 * scale));
  facts.items = nItems;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `baomi-bench-catalogue-${kind}-`));
  let ctx: AppContext | null = null;
  try {
    const databaseUrl = kind === 'postgres' ? await pgServer!.createDatabase('baomi_bench_catalogue') : undefined;
    const config = loadConfig({}, { dataDir, databaseUrl, logLevel: 'silent', jobsEnabled: false });
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    log(`${kind}: generating and loading a catalogue of ${nItems.toLocaleString('en-US')} secret items`);
    const cat = await loadCatalogue(ctx, nItems, log);
    await measureCatalogue(ctx, cat, rows, log);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`[bench] ${kind} catalogue failed: ${e instanceof Error ? e.stack : msg}`);
    rows.push({
      section: SECTION_CATALOGUE,
      db: kind,
      measure: msg.split('\n')[0]!.slice(0, 160),
      result: '',
      reference: '',
      ratio: '',
      target: '',
      status: 'ERROR',
    });
  } finally {
    if (ctx) await ctx.handle.close().catch(() => undefined);
    if (kind === 'postgres' && pgServer) await dropDatabase(pgServer, 'baomi_bench_catalogue').catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Appends what the classification sections measure (and what this run found) to docs/benchmarks.md. */
export function appendClassificationDocs(file: string): void {
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `${text.trimEnd()}\n\n${classificationDocs()}`);
}

function missText(): string {
  const missed = sortedSearch.filter((x) => !x.pass);
  if (missed.length === 0) return '';
  const parts = missed.map((x) =>
    x.gin
      ? `${x.kind}: p50 ${fmtMs(x.p50)}, of which the GIN step (the term's items holding one of the person's principals, median ${x.gin.rows.toLocaleString('en-US')} rows read from the table and counted) takes ${fmtMs(x.gin.ms)}; the rest, about ${fmtMs(Math.max(0, x.p50 - x.gin.ms))}, goes to the rank and filter check of those rows (median ${x.matches.toLocaleString('en-US')} kept), the grants' branch and the ordering`
      : `${x.kind}: p50 ${fmtMs(x.p50)}, of which building the visible set (median ${x.vis.toLocaleString('en-US')} seqs) takes ${fmtMs(x.visAlone)}, building it and intersecting it with the term's postings (set built and postings counted, no item row read) ${fmtMs(x.visTerm)}; the rest, about ${fmtMs(Math.max(0, x.p50 - x.visTerm))}, goes to looking up the ${x.matches.toLocaleString('en-US')} matching items (rank, filter, sort key) and ordering them`,
  );
  const pg = missed.some((x) => x.gin);
  const other = missed.some((x) => !x.gin);
  return `   **Why (b) misses** (${parts.join('; ')}). A sort other than registration order cannot stop early: every
   visible match must be found and ordered before the first 50 are known.${
     other
       ? ` With the item_terms/item_access tables (SQLite) that means either one index probe per visible item
   (tens of thousands at 1% need-to-know plus the open items) or one read per posting of the term (a common
   term has 50,000 to 200,000 postings at 1,000,000 items), and then one lookup per match; a larger SQLite
   page cache did not help (the context row with 64 MiB), the pages come from the OS cache already.`
       : ''
   }${
     pg
       ? ` On PostgreSQL the GIN index of migration 005 already hands back only the items holding the term and
   one of the person's principals, but each of them is one random page of secret_items: the bench's
   PostgreSQL runs with the default shared_buffers (128 MB), well below the table, so most pages come from
   the OS cache (in development runs about 3-4 µs a page, about twice the cost of the same query with the
   pages in shared buffers; compare the context row with the 50 rows, which runs right after the same
   search). Moving the list filters (status, level) into the index too was measured and did not pay: fewer
   rows read, but the index scan with frequent keys cost as much more. What is left is the number of rows
   read per search; a narrower copy of the searchable columns in a table of its own, or a larger
   shared_buffers, would cut the page cost, not the structure.`
       : ''
   }
`;
}

/** What the sorted search costs on PostgreSQL when it meets the target (the miss text explains a miss). */
export function ginNoteOf(x: {
  p50: number;
  gin: { ms: number; rows: number } | null;
  matches: number;
  withRows: number;
}): string {
  if (!x.gin) return '';
  return `   **(b) on PostgreSQL** (p50 ${fmtMs(x.p50)}): the GIN step, the term's items holding one of the person's
   principals (median ${x.gin.rows.toLocaleString('en-US')} rows, of which median ${x.matches.toLocaleString('en-US')} pass the rank and the filter), read and counted, takes
   ${fmtMs(x.gin.ms)} of it. Each of those rows is one random page of secret_items; the bench's PostgreSQL runs with the
   default shared_buffers (128 MB), well below the table, so most of them come from the OS cache: the same
   search run again right after, with its 50 rows, takes ${fmtMs(x.withRows)} (the context row). In development runs on
   the same data the p50 was 17-20 ms, so the margin to the target is small on this 2-core machine. Moving
   the status and level filters into the index as well was measured and did not pay (fewer rows read, but a
   slower index scan with such frequent keys).
`;
}

function passNote(): string {
  return sortedSearch
    .filter((x) => x.pass && x.gin)
    .map(ginNoteOf)
    .join('');
}

function classificationDocs(): string {
  const lv = SHAPE.levels.map(([l, w]) => `${l} ${w}%`).join(', ');
  const st = SHAPE.statuses.map(([s, w]) => `${s} ${w}%`).join(', ');
  return `## Classification measures (sections 5 and 6)

${facts.loads.length || facts.lines.length ? `This run:\n\n${[...facts.loads, ...facts.lines].map((l) => `- ${l}`).join('\n')}\n\n` : ''}5. **Access decision** (target: \`can\` p50 <= 1 µs). \`can(actor, 'item.read', item)\` from src/domain/policy.ts
   over 1000 prepared (person, item) inputs: people with a department path of 3 (leaf, division, root) and one
   or two business roles; items with a scope of one to three entries (department, division, role or people),
   a custodian, and on about a third of them a grant (in force, expired or revoked). Half of the inputs pair a
   person with an item of their own department. The reference is node-casbin (\`casbin\`, pinned in
   package.json) deciding the same inputs with \`enforceSync\` on bench/casbin-model.conf: a role hierarchy
   (\`g\`: person -> department -> parent department, person -> business role), one policy line per scope
   entry and per granted action (with its expiry), and an ABAC matcher for clearance >= level, open items and
   the custodian. Each item has its own enforcer holding only that item's lines (the same facts \`can\` is
   handed; casbin checks every policy line of an enforcer, so one enforcer for a whole catalogue would grow
   with it; shown for context with the lines of the ${'400'} input items). Both engines must agree on every
   input (checked before timing). Timing: batches of all 1000 calls timed with \`process.hrtime.bigint()\`
   and divided by 1000, after a JIT warm-up of both; rounds of the two engines alternate; p50 over the
   batches. Ratio = can / casbin.
6. **Catalogue queries** at ${facts.items.toLocaleString('en-US')} secret items (scales with \`BENCH_SCALE\`,
   at least 10,000), generated by bench/classification-data.ts into a database of their own, once per database
   per run: 111 departments (a root, 10 divisions, 100 leaf departments), 2,000 people (20 per leaf
   department; heads, officers and leadership cleared 绝密, others mostly 机密 or 秘密). Items: Chinese titles
   from a vocabulary with skewed frequencies (报告, 方案, 合同, 财务 common; 专利, 股权 rarer), numbers
   BM-<year>-<seq>, bases naming the regulation; levels ${lv}; statuses ${st}. Scopes: the item's
   own leaf department (${SHAPE.primaryScope[0][1]}%), its division (${SHAPE.primaryScope[1][1]}%), a business role (${SHAPE.primaryScope[2][1]}%) or named people of the
   department (${SHAPE.primaryScope[3][1]}%); a quarter name one more person anywhere, 5% one more department. So a person of one leaf
   department is in scope of about 1% of the catalogue. Custodians are people of the item's department
   cleared for its level; about 0.5% of items in force have a grant (a third of them in force). The
   need-to-know index (\`item_access\`) and the search index (\`item_terms\`, \`search_text\`), and on
   PostgreSQL their copies on the item row (\`principals\`, \`search_terms\`, migration 005), are filled
   exactly as \`writeAccessIndex\` and \`writeSearchTerms\` fill them, from the same functions
   (\`accessEntriesOf\`, \`searchTermsOf\`, \`searchTextOf\`, \`principalToken\`), inserted in bulk (multi-row statements in
   transactions of 20,000 items; on SQLite with synchronous=OFF and foreign keys off during the load only;
   on PostgreSQL one \`unnest\` insert per table and chunk; the secondary indexes of the three tables (the GIN index too), and on
   PostgreSQL the primary keys of \`item_access\` and \`item_terms\`, are dropped for the load and rebuilt
   from their own definitions after it). After the load the statistics are refreshed as
   after any bulk import: \`ANALYZE\` on SQLite, \`VACUUM (ANALYZE)\` on PostgreSQL (autovacuum would do the
   same after such an insert; the vacuum also sets the visibility map index-only scans need). The measures
   then run with the server's own settings (SQLite: WAL, synchronous=FULL, the default 2 MiB page cache).
   32 people of 32 departments (ordinary members and some heads/officers, mixed clearances) are measured,
   each 8 times per measure, after a warm-up pass; latencies are wall time around the awaited calls through
   Kysely, p50 / p95 over all samples; the target is judged on the p50.
   - (a) target: page <= 3x the reference. What \`listItems\` does for the first page (sort by number,
     newest first, 50 rows): \`pageSeqs\` with the filter from \`itemListFilter\`, then \`itemsBySeq\`. The
     reference fetches the same 50 rows by key with the same \`itemsBySeq\` (same columns and names joined);
     the page minus the reference is the cost of the policy filter. For context: the filter alone, the next
     page (cursor), and a plain \`select * from secret_items where id in (...)\` of the same 50 rows.
   - (b) target: <= 20 ms. \`parseQuery\` + \`pageSeqs\` for a common term (${COMMON_TERMS.join(', ')}) with a
     filter and a sort other than registration order (so every visible match must be found and ordered
     before the first 50 are known), rotating over: status=in_force sorted by secrecy period ascending;
     level=confidential sorted by secrecy period descending; status=in_force sorted by level. For context:
     level=secret in the default order, and the same search with its 50 rows (+ \`itemsBySeq\`).
   - (c) target: <= 10 ms. \`parseQuery\` + \`pageSeqs\` for a two-character Chinese term, default order
     (number, newest first), rotating over ${CHINESE_TERMS.length} terms from common to rare.
${missText()}${passNote()}   **Changes made for these measures** (behaviour identical: in a development check on this catalogue, 218
   pages per database of random people, terms, filters, sorts, orders and cursors came out the same as from
   the previous statements; the classification integration tests pass): migration 003 adds \`item_access_cover_idx\` (kind, ref, seq,
   access_rank), so every principal range of the list filter is read from the index alone (the primary key
   lacks access_rank, which cost a table row per entry), and \`secret_items_seq_cover_idx\` (seq, access_rank,
   status, level, category, secrecy_until), so joining a candidate to its rank, filters and sort key reads
   one small index entry. \`pageSeqs\`, for a search in registration order, walks the term's postings
   newest-first and keeps the visible ones, stopping after 51 (before, it joined the whole visible set to the
   postings and sorted: about 100 ms at 1,000,000 items on SQLite in development runs). SQLite keeps its plan
   for other orders (visible set first, one probe per visible item), the cheaper one there.
   Migration 005 (PostgreSQL only) gives \`secret_items\` two arrays, \`search_terms\` (the item's item_terms
   rows) and \`principals\` (its item_access rows as 'kind:ref': user, department, role, custodian,
   everyone), written by writeSearchTerms and writeAccessIndex in the same transaction as the tables, and
   one GIN index on both, \`secret_items_search_gin\` (search_terms, principals) with fastupdate off. A search
   in another order is then \`search_terms @> terms and principals && the person's principals and
   access_rank <= clearance and filters\`, plus a branch for items seen only through an active grant (by
   seq), ordered and limited: the GIN index intersects the term and the principals inside one scan and only
   those rows are read (the previous plan scanned the term's postings against the hashed visible set, then
   looked up each match: p50 49.6 ms in the run before). Two single-column GIN indexes ANDed as bitmaps
   were slower than that previous plan in development runs (the common term's whole bitmap, 170,000
   entries, is built first), hence one index over both columns. The count of a search uses the same
   predicate (in development runs p50 about 13 ms instead of 68 ms). A search in registration order keeps
   its walk (the GIN form reads every match before ordering: no faster for common terms, in development runs
   the same p50 over the 22 terms of (c)). The same results are checked by the property test
   (test/integration/classification/item-filter-property-*.test.ts): random worlds, every person, searches (words, fragments
   across words, single characters, phrases, words found nowhere) with every sort, order, filters and
   cursor paging, against \`can\` and a plain string match, on both databases; and on PostgreSQL the arrays
   against item_terms/item_access after writes and rewrites.
   Knobs: \`BENCH_CLASSIFICATION=0\` skips sections 5 and 6, \`BENCH_CLASSIFICATION=only\` runs only them;
   \`BENCH_EXPLAIN=1\` prints the SQL and plans of the catalogue queries.
`;
}
