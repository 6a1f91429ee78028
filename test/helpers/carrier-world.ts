/**
 * A seeded random organisation state of carriers for the carriers property tests: the carriers test
 * organisation (departments A with its sub-department and B, people at every role and clearance) plus more
 * ledger keepers and handlers, secret items of the catalogue with their own scopes, and random operations
 * (register, lend, return, transmit, sign for, circulate, sign off, transfer, finalise) driven through the API.
 * Each operation picks its carrier and people with the policy (`can` on the carrier as the service loads it), so
 * it is expected to succeed; an unexpected refusal fails the test with the operation that was tried.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './api.js';
import { json, type Person } from './people.js';
import { addPerson, classify, type Admin } from './classification-org.js';
import { designate, setupCarrierOrg, type CarrierOrg } from './carrier-org.js';
import { versionOf } from './carrier-movements.js';
import type { Actor } from '../../src/kernel/actor.js';
import { HANDLER_DUTIES, type CarrierStatus } from '../../src/kernel/carriers.js';
import { rankOf, type Level } from '../../src/kernel/levels.js';
import type { ScopeEntry } from '../../src/kernel/secret-item.js';
import { can, type Action } from '../../src/policy/index.js';
import type { CarrierResource } from '../../src/policy/carriers.js';
import { findUserById, toActor } from '../../src/modules/identity/index.js';
import { withAccess, todayOf } from '../../src/platform/organisation.js';
import { loadCarrierResource } from '../../src/modules/carriers/services/carrier-access.js';
import type { CarrierRow } from '../../src/modules/carriers/repositories/carrier-repo.js';
import { addDays } from '../../src/modules/carriers/domain/movement-rules.js';
import type { CarrierSummary } from '../../src/modules/carriers/contracts/carriers.js';

// ---- seeded random choices (mulberry32: the same seed, the same world on both databases)

export interface Rng {
  (): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  int(min: number, max: number): number;
  subset<T>(xs: readonly T[], max: number): T[];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }) as Rng;
  next.pick = <T>(xs: readonly T[]) => {
    if (xs.length === 0) throw new Error('pick from nothing');
    return xs[Math.floor(next() * xs.length)]!;
  };
  next.chance = (p) => next() < p;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.subset = <T>(xs: readonly T[], max: number) => {
    const pool = [...xs];
    const out: T[] = [];
    for (let n = next.int(0, Math.min(max, pool.length)); n > 0; n--)
      out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
    return out;
  };
  return next;
}

// ---- the world

export type WorldPerson = Person | Admin;

export interface World {
  t: TestApp;
  org: CarrierOrg;
  /** Every person with an agent (the three administrators included), in a fixed order. */
  people: WorldPerson[];
  /** Department id -> its parent (the root's is null). */
  parents: Map<string, string | null>;
  /** Producing handlers by department (designated for every duty there). */
  handlers: Map<string, WorldPerson[]>;
  /** Secret items of the catalogue, each with the handler who may register carriers of it (its custodian). */
  items: { id: string; level: Level; registrar: WorldPerson; departments: string[] }[];
  /** Uncapped safes (any level). */
  safes: string[];
  /** Actors as the policy sees them, reloaded after a person's clearance or status changed. */
  actors: Map<string, Actor>;
  /** Names of the people (display name = username in the tests) by id and back. */
  nameOf: Map<string, string>;
  idOfName: Map<string, string>;
}

export async function actorFor(t: TestApp, userId: string): Promise<Actor> {
  const row = await findUserById(t.ctx.db, userId);
  if (!row) throw new Error(`no user ${userId}`);
  return withAccess(t.ctx, toActor(row));
}

export async function reloadActors(w: World): Promise<void> {
  for (const p of w.people) w.actors.set(p.userId, await actorFor(w.t, p.userId));
}

/**
 * The organisation: setupCarrierOrg (officer.a handles for A, head.b for B) plus an officer and a head of the
 * sub-department (the head cleared for confidential only, so rows above show their entry only), an officer of B
 * cleared for confidential, a core-cleared handler of B, handlers of the sub-department, and four secret items
 * with scopes of their own.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const org = await setupCarrierOrg(t);
  const [keeperB, officerSubA] = await Promise.all([
    addPerson(org, 'keeper.b', { departmentId: org.deptB, clearance: 'core' }),
    addPerson(org, 'officer.suba', { departmentId: org.subA, roles: ['dept_officer'], clearance: 'core' }),
    addPerson(org, 'head.suba', { departmentId: org.subA, roles: ['dept_head'], clearance: 'general' }),
    addPerson(org, 'officer.b', { departmentId: org.deptB, roles: ['dept_officer'], clearance: 'general' }),
    // Cleared core, then lowered below the top secret carriers they keep (list-filter property).
    addPerson(org, 'demoted.a', { departmentId: org.deptA, clearance: 'core' }),
    // Disabled while keeping carriers (list-filter property).
    addPerson(org, 'leaver.a', { departmentId: org.deptA, clearance: 'important' }),
  ]);
  // A handler works in the department (or one under it): the sub-department names its own.
  for (const duty of HANDLER_DUTIES) {
    await designate(org, org.headA, org.deptA, org.seniorA.userId, duty);
    await designate(org, org.headA, org.subA, officerSubA.userId, duty);
    await designate(org, org.headA, org.subA, org.memberSubA.userId, duty);
    await designate(org, org.headB, org.deptB, keeperB.userId, duty);
  }
  const handlers = new Map<string, WorldPerson[]>([
    [org.deptA, [org.officerA, org.seniorA]],
    [org.subA, [officerSubA, org.memberSubA]],
    [org.deptB, [org.headB, keeperB]],
  ]);
  const item = async (proposer: WorldPerson, level: Level, scope: ScopeEntry[], departments: string[]) => {
    const i = await classify(org, proposer, { level, scope });
    expect(i.status).toBe('in_force');
    return { id: i.id, level, registrar: proposer, departments };
  };
  const items = [
    await item(
      org.officerA,
      'secret',
      [
        { kind: 'department', ref: org.subA },
        { kind: 'user', ref: org.insiderA.userId },
      ],
      [org.deptA],
    ),
    await item(
      org.seniorA,
      'top_secret',
      [
        { kind: 'user', ref: officerSubA.userId },
        { kind: 'role', ref: 'dept_head' },
      ],
      [org.deptA],
    ),
    await item(org.headB, 'confidential', [{ kind: 'department', ref: org.deptB }], [org.deptB]),
    await item(
      org.headB,
      'secret',
      [
        { kind: 'user', ref: org.outsiderB.userId },
        { kind: 'user', ref: org.insiderA.userId },
      ],
      [org.deptB],
    ),
  ];
  // In a fixed order (people were created side by side): the same seed gives the same state on both databases.
  const people = ([...org.byId.values()] as WorldPerson[]).sort((a, b) => a.username.localeCompare(b.username));
  const parents = new Map<string, string | null>([
    [t.rootDepartmentId, null],
    [org.deptA, t.rootDepartmentId],
    [org.subA, org.deptA],
    [org.deptB, t.rootDepartmentId],
  ]);
  const w: World = {
    t,
    org,
    people,
    parents,
    handlers,
    items,
    safes: [org.safeA.id, org.safeB.id],
    actors: new Map(),
    nameOf: new Map(),
    idOfName: new Map(),
  };
  for (const p of people) {
    const u = await findUserById(t.ctx.db, p.userId);
    w.nameOf.set(p.userId, u!.display_name);
    w.idOfName.set(u!.display_name, p.userId);
  }
  await reloadActors(w);
  return w;
}

/** The department and every department under it, from the world's tree (not the repository's). */
export function subtreeOf(w: World, departmentId: string): string[] {
  const out = [departmentId];
  for (let i = 0; i < out.length; i++)
    for (const [d, parent] of w.parents) if (parent === out[i] && !out.includes(d)) out.push(d);
  return out;
}

export function pathOf(w: World, departmentId: string | null): string[] {
  const out: string[] = [];
  for (let d = departmentId; d; d = w.parents.get(d) ?? null) out.push(d);
  return out;
}

// ---- reading the state as the service does

export async function carrierRows(t: TestApp): Promise<CarrierRow[]> {
  return t.ctx.db.selectFrom('carriers').selectAll().orderBy('seq').execute();
}

/** The carrier as the policy sees it for this actor, loaded exactly as the service loads it. */
export async function resourceFor(t: TestApp, row: CarrierRow, actor: Actor): Promise<CarrierResource> {
  return (await loadCarrierResource(t.ctx, t.ctx.db, row, actor)).resource;
}

const activeCleared = (a: Actor, level: Level) =>
  a.status === 'active' &&
  a.adminRole !== 'sysadmin' &&
  a.adminRole !== 'auditor' &&
  (a.access?.clearanceRank ?? 0) >= rankOf(level);

/**
 * Who could do something with a carrier besides anyone who may know it: its custodian, the ledgers' keepers
 * (department heads and officers, the security administrator) and its department's handlers. Asking the policy
 * about these only keeps the operations quick; the policy still decides.
 */
function concerned(w: World, row: CarrierRow): WorldPerson[] {
  const handlers = w.handlers.get(row.department_id) ?? [];
  return w.people.filter((p) => {
    const a = w.actors.get(p.userId)!;
    return (
      p.userId === row.custodian_id ||
      handlers.includes(p) ||
      a.adminRole === 'secadmin' ||
      a.businessRoles.includes('dept_head') ||
      a.businessRoles.includes('dept_officer')
    );
  });
}

/** People (with an agent) the policy allows `action` on the carrier. */
async function allowed(w: World, row: CarrierRow, action: Action, among: readonly WorldPerson[] = w.people) {
  const ok = await Promise.all(
    among.map(async (p) => {
      const a = w.actors.get(p.userId)!;
      return can(a, action, await resourceFor(w.t, row, a));
    }),
  );
  return among.filter((_, i) => ok[i]);
}

/** Every page of a list (following nextCursor). */
export async function listAll(a: WorldPerson, query: string, limit: number): Promise<CarrierSummary[]> {
  const out: CarrierSummary[] = [];
  let cursor: number | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const sep = query ? `${query}&` : '';
    const r: LightMyRequestResponse = await a.get(
      `/api/carriers?${sep}limit=${limit}${cursor !== null ? `&cursor=${cursor}` : ''}`,
    );
    const page: { items: CarrierSummary[]; nextCursor: number | null } = json<{
      items: CarrierSummary[];
      nextCursor: number | null;
    }>(r);
    expect(page.items.length, `a page of ${query}`).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return out;
  }
  throw new Error('paging did not end');
}

// ---- operations

export type OpName =
  'register' | 'lend' | 'return' | 'transmit' | 'sign_for' | 'circulate' | 'sign_off' | 'transfer' | 'finalise';

export interface Done {
  op: OpName;
  carrierIds: string[];
  by: string;
  /** Who else it names (the custodian registered, borrower, recipient, readers, new custodian). */
  to?: string[];
  /** A registration's department and first status. */
  departmentId?: string;
  status?: CarrierStatus;
}

function ok(r: LightMyRequestResponse, what: string, statuses: number[]): void {
  if (!statuses.includes(r.statusCode))
    throw new Error(`${what}: expected ${statuses.join('/')}, got ${r.statusCode}: ${r.body}`);
}

const LEVELS_OWN: Level[] = ['confidential', 'secret', 'top_secret'];
const ROLES = ['employee', 'dept_officer', 'dept_head', 'leadership'];

/** A random own scope; people named in it are active and cleared for the level (the register refuses others). */
function randomScope(w: World, r: Rng, level: Level): ScopeEntry[] {
  const entries = new Map<string, ScopeEntry>();
  const nameable = w.people.filter((p) => activeCleared(w.actors.get(p.userId)!, level));
  for (let n = r.int(0, 3); n > 0; n--) {
    const kind = r.pick(['user', 'user', 'department', 'role'] as const);
    const ref =
      kind === 'user' ? r.pick(nameable).userId : kind === 'department' ? r.pick([...w.parents.keys()]) : r.pick(ROLES);
    entries.set(`${kind}:${ref}`, { kind, ref });
  }
  return [...entries.values()];
}

/** Registers a random carrier (sometimes linked to a secret item, sometimes a draft or received) as a handler. */
export async function registerRandom(w: World, r: Rng): Promise<Done> {
  const { org } = w;
  const department = r.pick([org.deptA, org.deptA, org.subA, org.deptB, org.deptB]);
  const linkable = w.items.filter((i) => i.departments.includes(department));
  const item = linkable.length > 0 && r.chance(0.25) ? r.pick(linkable) : null;
  const level = item ? item.level : r.pick(LEVELS_OWN);
  const registrar = item
    ? item.registrar
    : r.pick(w.handlers.get(department)!.filter((h) => activeCleared(w.actors.get(h.userId)!, level)));
  const custodian = r.pick(w.people.filter((p) => activeCleared(w.actors.get(p.userId)!, level)));
  const numbered = rankOf(level) >= 3;
  const received = r.chance(0.15);
  const body = {
    origin: received ? 'received' : 'produced',
    draft: !received && r.chance(0.15),
    title: `${r.pick(['年度', '季度', '专项', '会议'])}${r.pick(['报告', '纪要', '方案', '图纸'])} ${r.int(1, 999)}`,
    kind: r.pick(['paper_document', 'telegram', 'chart', 'storage_medium', 'meeting_record']),
    itemId: item?.id ?? null,
    level: item ? null : level,
    period: item ? null : { value: 5, unit: 'years' },
    declassifyCondition: null,
    copies: numbered && r.chance(0.25) ? r.int(2, 3) : 1,
    pages: r.int(1, 40),
    originator: r.pick(['研发部', '财务部', '上级机关']),
    departmentId: department,
    custodianId: custodian.userId,
    locationId: r.pick(w.safes),
    scope: randomScope(w, r, level),
    ...(received ? { received: { channel: 'confidential_mail', counterpart: '上级机关', note: null } } : {}),
  };
  const res = await registrar.post('/api/carriers', body);
  ok(res, `register ${JSON.stringify(body)} as ${registrar.username}`, [201]);
  const units = (res.json() as { items: CarrierSummary[] }).items;
  return {
    op: 'register',
    carrierIds: units.map((u) => u.id),
    by: registrar.userId,
    to: [custodian.userId],
    departmentId: department,
    status: body.draft ? 'draft' : 'in_store',
  };
}

async function rowsIn(w: World, statuses: CarrierStatus[]): Promise<CarrierRow[]> {
  return (await carrierRows(w.t)).filter((c) => statuses.includes(c.status as CarrierStatus));
}

const byId = (w: World, id: string) => w.people.find((p) => p.userId === id)!;

async function post(w: World, who: WorldPerson, id: string, path: string, body: Record<string, unknown>) {
  return who.post(`/api/carriers/${id}${path}`, { version: await versionOf(w.t, id), ...body });
}

/** Lends an in-store carrier to someone who may know it, as its custodian or the department's keeper. */
export async function lendRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['in_store']))) {
    const lenders = await allowed(w, row, 'carrier.lend', concerned(w, row));
    const borrowers = (await allowed(w, row, 'carrier.view')).filter(
      (p) => p.userId !== row.custodian_id && activeCleared(w.actors.get(p.userId)!, row.level as Level),
    );
    if (lenders.length === 0 || borrowers.length === 0) continue;
    const lender = r.pick(lenders);
    const borrower = r.pick(borrowers);
    const res = await post(w, lender, row.id, '/loans', { borrowerId: borrower.userId, dueOn: null });
    ok(res, `lend ${row.number} by ${lender.username} to ${borrower.username}`, [201]);
    return { op: 'lend', carrierIds: [row.id], by: lender.userId, to: [borrower.userId] };
  }
  return null;
}

export async function returnRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['on_loan']))) {
    const takers = await allowed(w, row, 'carrier.return', concerned(w, row));
    if (takers.length === 0) continue;
    const loan = await w.t.ctx.db
      .selectFrom('carrier_loans')
      .select('id')
      .where('carrier_id', '=', row.id)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const by = r.pick(takers);
    const res = await post(w, by, row.id, `/loans/${loan.id}/return`, {
      pages: row.pages,
      quantity: row.quantity,
      note: null,
    });
    ok(res, `return ${row.number} by ${by.username}`, [200]);
    return { op: 'return', carrierIds: [row.id], by: by.userId };
  }
  return null;
}

/** A designated handler passes an in-store carrier to a colleague cleared for it (传递). */
export async function transmitRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['in_store']))) {
    const handlers = await allowed(w, row, 'carrier.transmit', concerned(w, row));
    // A transmission goes only to someone who may already know the carrier.
    const recipients = (await allowed(w, row, 'carrier.view')).filter(
      (p) => p.userId !== row.custodian_id && activeCleared(w.actors.get(p.userId)!, row.level as Level),
    );
    if (handlers.length === 0 || recipients.length === 0) continue;
    const by = r.pick(handlers);
    const to = r.pick(recipients);
    const res = await post(w, by, row.id, '/transmissions', { channel: 'by_hand', recipientId: to.userId, note: null });
    ok(res, `transmit ${row.number} by ${by.username} to ${to.username}`, [201]);
    return { op: 'transmit', carrierIds: [row.id], by: by.userId, to: [to.userId] };
  }
  return null;
}

export async function signForRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['in_transit']))) {
    const d = await w.t.ctx.db
      .selectFrom('carrier_dispatches')
      .select(['id', 'recipient_id'])
      .where('carrier_id', '=', row.id)
      .where('status', '=', 'awaiting')
      .where('direction', '=', 'internal')
      .executeTakeFirstOrThrow();
    const recipient = byId(w, d.recipient_id!);
    const a = w.actors.get(recipient.userId)!;
    if (!can(a, 'carrier.sign_for', await resourceFor(w.t, row, a))) continue;
    const res = await post(w, recipient, row.id, `/transmissions/${d.id}/sign`, {
      locationId: r.pick(w.safes),
      note: null,
    });
    ok(res, `sign for ${row.number} by ${recipient.username}`, [200]);
    return { op: 'sign_for', carrierIds: [row.id], by: recipient.userId };
  }
  return null;
}

/** The custodian circulates an in-store carrier to one to three people who may know it (传阅). */
export async function circulateRandom(w: World, r: Rng): Promise<Done | null> {
  const today = await todayOf(w.t.ctx);
  for (const row of shuffled(r, await rowsIn(w, ['in_store']))) {
    const starters = await allowed(w, row, 'carrier.circulate', concerned(w, row));
    const readers = (await allowed(w, row, 'carrier.view')).filter(
      (p) => p.userId !== row.custodian_id && activeCleared(w.actors.get(p.userId)!, row.level as Level),
    );
    if (starters.length === 0 || readers.length === 0) continue;
    const by = r.pick(starters);
    const chosen = r.subset(readers, 3);
    if (chosen.length === 0) chosen.push(r.pick(readers));
    const res = await post(w, by, row.id, '/circulations', {
      readerIds: chosen.map((p) => p.userId),
      dueOn: addDays(today, r.int(0, 5)),
    });
    ok(res, `circulate ${row.number} by ${by.username}`, [201]);
    return { op: 'circulate', carrierIds: [row.id], by: by.userId, to: chosen.map((p) => p.userId) };
  }
  return null;
}

export async function signOffRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['circulating']))) {
    const circulation = await w.t.ctx.db
      .selectFrom('carrier_circulations')
      .select('id')
      .where('carrier_id', '=', row.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const readers = await allowed(w, row, 'carrier.sign_circulation');
    if (readers.length === 0) continue;
    const by = r.pick(readers);
    const res = await post(w, by, row.id, `/circulations/${circulation.id}/sign`, {});
    ok(res, `sign off ${row.number} by ${by.username}`, [200, 204]);
    return { op: 'sign_off', carrierIds: [row.id], by: by.userId };
  }
  return null;
}

/** The ledger's keeper hands a carrier at rest to another custodian cleared for it (移交). */
export async function transferRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['draft', 'in_store', 'archived']))) {
    const keepers = await allowed(w, row, 'carrier.transfer', concerned(w, row));
    const custodians = w.people.filter(
      (p) => p.userId !== row.custodian_id && activeCleared(w.actors.get(p.userId)!, row.level as Level),
    );
    if (keepers.length === 0 || custodians.length === 0) continue;
    const by = r.pick(keepers);
    const to = r.pick(custodians);
    const res = await post(w, by, row.id, '/transfer', {
      custodianId: to.userId,
      locationId: r.pick(w.safes),
      reason: '岗位调整',
    });
    ok(res, `transfer ${row.number} by ${by.username} to ${to.username}`, [200, 204]);
    return { op: 'transfer', carrierIds: [row.id], by: by.userId, to: [to.userId] };
  }
  return null;
}

export async function finaliseRandom(w: World, r: Rng): Promise<Done | null> {
  for (const row of shuffled(r, await rowsIn(w, ['draft']))) {
    const by = await allowed(w, row, 'carrier.finalise', concerned(w, row));
    if (by.length === 0) continue;
    const who = r.pick(by);
    ok(await post(w, who, row.id, '/finalise', {}), `finalise ${row.number} by ${who.username}`, [200]);
    return { op: 'finalise', carrierIds: [row.id], by: who.userId };
  }
  return null;
}

/** The custodian (or the security administrator) changes a carrier's own scope. */
export async function rescopeRandom(w: World, r: Rng): Promise<string | null> {
  for (const row of shuffled(r, await rowsIn(w, ['draft', 'in_store']))) {
    const editors = await allowed(w, row, 'carrier.edit', concerned(w, row));
    if (editors.length === 0) continue;
    const by = r.pick(editors);
    const res = await by.put(`/api/carriers/${row.id}`, {
      version: row.version,
      title: row.title,
      pages: row.pages,
      originator: row.originator,
      scope: randomScope(w, r, row.level as Level),
    });
    ok(res, `rescope ${row.number} by ${by.username}`, [200]);
    return row.id;
  }
  return null;
}

export const MOVEMENTS: Record<Exclude<OpName, 'register'>, (w: World, r: Rng) => Promise<Done | null>> = {
  lend: lendRandom,
  return: returnRandom,
  transmit: transmitRandom,
  sign_for: signForRandom,
  circulate: circulateRandom,
  sign_off: signOffRandom,
  transfer: transferRandom,
  finalise: finaliseRandom,
};

function shuffled<T>(r: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
