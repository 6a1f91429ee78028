/**
 * The register's list filter in SQL (carrier-query.ts over the carrier_access index) and the one policy agree:
 * for every person of a seeded random organisation state, GET /api/carriers (every page), its count, and each
 * ledger the person may open (personal, each department's, the unit's) list exactly the carriers for which
 * `can(actor, 'carrier.view_entry', carrier)` holds, and a row shows its title exactly when `carrier.view` holds
 * (rows above the reader's clearance in a ledger they keep show the entry only). The carriers are loaded as the
 * service loads them (loadCarrierResource, the actor from identity's toActor with its access profile), so the
 * comparison is of the SQL filter against the pure policy.
 *
 * The state: carriers of random levels in departments A, its sub-department and B, random custodians and own
 * scopes (people, departments, roles), some linked to secret items of the catalogue with scopes of their own,
 * and movements in flight (loans, circulations, transmissions, transfers). A second round changes scopes, lowers
 * a custodian's clearance below what they keep, disables a custodian, closes and opens movements, and checks
 * again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { approveAll, setClearance, setStatus } from '../../helpers/classification-org.js';
import {
  buildWorld,
  carrierRows,
  listAll,
  MOVEMENTS,
  pathOf,
  registerRandom,
  reloadActors,
  rescopeRandom,
  resourceFor,
  rng,
  subtreeOf,
  type Rng,
  type World,
  type WorldPerson,
} from '../../helpers/carrier-world.js';
import { can } from '../../../src/policy/index.js';
import type { CarrierResource } from '../../../src/policy/carriers.js';
import type { CarrierRow } from '../../../src/modules/carriers/repositories/carrier-repo.js';

const SEED = 20260302;

/**
 * The catalogue changes who may know two linked items (a wider scope, a lower level), each through its approval
 * chain: their carriers' rows must follow (the copies of the item's readers, platform/linked-items.ts). A carrier
 * of the confidential item is registered first, so that the wider scope shows it to someone it was hidden from.
 */
async function changeLinkedItems(w: World): Promise<void> {
  const { org } = w;
  const change = async (who: WorldPerson, itemId: string, body: Record<string, unknown>) => {
    const res = await who.post(`/api/items/${itemId}/changes`, body);
    expect(res.statusCode, res.body).toBe(201);
    await approveAll(org, (res.json() as { requestId: string }).requestId);
  };
  const [, topSecret, confidential] = w.items;
  const res = await confidential!.registrar.post('/api/carriers', {
    origin: 'produced',
    title: '财务专项报告 关联件',
    kind: 'paper_document',
    itemId: confidential!.id,
    level: null,
    period: null,
    declassifyCondition: null,
    copies: 1,
    pages: 2,
    originator: '财务部',
    departmentId: org.deptB,
    custodianId: confidential!.registrar.userId,
    locationId: org.safeB.id,
    scope: [],
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id } = (res.json() as { items: { id: string }[] }).items[0]!;
  const lists = async () => (await listAll(org.memberSubA as WorldPerson, '', 100)).some((c) => c.id === id);
  expect(await lists()).toBe(false);
  await change(confidential!.registrar, confidential!.id, {
    type: 'rescope',
    reason: '研发一室需要知悉',
    scope: [
      { kind: 'department', ref: org.deptB },
      { kind: 'department', ref: org.subA },
      { kind: 'role', ref: 'dept_officer' },
    ],
  });
  expect(await lists()).toBe(true);
  await change(topSecret!.registrar, topSecret!.id, {
    type: 'reclassify',
    reason: '调整密级',
    level: 'secret',
    period: { value: 5, unit: 'years' },
    declassifyCondition: null,
  });
}

interface Stats {
  people: number;
  visible: number;
  entryOnly: number;
  refusedInClearance: number;
  refusedReadUp: number;
  byReason: Record<string, number>;
  ledgersOpened: number;
  ledgersRefused: number;
  multiPage: number;
}

/** Why the policy lets the actor see the row (coverage of the generated state). */
function reasonOf(w: World, actorId: string, c: CarrierResource): string {
  const a = w.actors.get(actorId)!;
  if (!can(a, 'carrier.view', c)) return 'entry_only';
  if (a.adminRole === 'secadmin') return 'secadmin';
  if (c.custodianId === actorId) return 'custodian';
  if (c.borrowerId === actorId) return 'borrower';
  if (c.recipientId === actorId) return 'recipient';
  if (c.readerIds.includes(actorId)) return 'reader';
  const path = a.access!.departmentPath;
  for (const s of c.scope) {
    if (s.kind === 'user' && s.ref === actorId) return 'scope_user';
    if (s.kind === 'department' && path.includes(s.ref)) return 'scope_department';
    if (s.kind === 'role' && (a.businessRoles as readonly string[]).includes(s.ref)) return 'scope_role';
  }
  if (c.linkedItemKnown) return 'item';
  return 'ledger';
}

const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

async function checkPerson(w: World, p: WorldPerson, rows: CarrierRow[], r: Rng, stats: Stats): Promise<void> {
  const actor = w.actors.get(p.userId)!;
  const resources = new Map<string, CarrierResource>(
    await Promise.all(rows.map(async (row) => [row.id, await resourceFor(w.t, row, actor)] as const)),
  );
  const res = (row: CarrierRow) => resources.get(row.id)!;
  const newestFirst = [...rows].sort((a, b) => b.seq - a.seq);
  const visible = newestFirst.filter((row) => can(actor, 'carrier.view_entry', res(row)));
  const who = `${p.username} (${actor.status}, ${actor.adminRole ?? actor.businessRoles.join('+')}, rank ${actor.access?.clearanceRank})`;

  if (actor.status !== 'active') {
    expect(visible, `${who} sees nothing`).toEqual([]);
    expect((await p.get('/api/carriers')).statusCode, `${who}: signed out`).toBe(401);
    return;
  }
  if (!can(actor, 'carrier.view_register')) {
    // 三员: the system administrator and the auditor have no register to open at all.
    expect(visible, `${who} sees nothing`).toEqual([]);
    for (const q of ['', 'ledger=personal', 'ledger=unit'])
      expect((await p.get(`/api/carriers?${q}`)).statusCode, `${who}: ${q}`).toBe(403);
    expect((await p.get('/api/carriers/count')).statusCode).toBe(403);
    return;
  }
  stats.people++;
  for (const row of rows) {
    if (can(actor, 'carrier.view_entry', res(row))) {
      stats.visible++;
      const why = reasonOf(w, p.userId, res(row));
      stats.byReason[why] = (stats.byReason[why] ?? 0) + 1;
      if (why === 'entry_only') stats.entryOnly++;
    } else if ((actor.access?.clearanceRank ?? 0) >= row.access_rank) stats.refusedInClearance++;
    else stats.refusedReadUp++;
  }

  /** A list (every page) and its count hold exactly `expected`, in register order, particulars as `can` says. */
  const compare = async (query: string, expected: CarrierRow[], label: string) => {
    const limit = r.pick([4, 10, 50, 50]);
    if (expected.length > limit) stats.multiPage++;
    const got = await listAll(p, query, limit);
    expect(ids(got), `${who}: ${label} (limit ${limit})`).toEqual(ids(expected));
    for (const s of got) {
      const row = rows.find((x) => x.id === s.id)!;
      const full = can(actor, 'carrier.view', res(row));
      expect({ id: s.id, particulars: s.particulars, title: s.title }, `${who}: ${label}, row ${row.number}`).toEqual({
        id: s.id,
        particulars: full,
        title: full ? row.title : null,
      });
      if (!full) expect(s.marking, `${who}: no marking on an entry-only row`).toBe(null);
    }
    const countQuery = query.replace(/(^|&)order=\w+/, '');
    const count = await p.get(`/api/carriers/count${countQuery ? `?${countQuery}` : ''}`);
    expect(count.statusCode, count.body).toBe(200);
    expect((count.json() as { total: number }).total, `${who}: count of ${label}`).toBe(expected.length);
  };

  await compare('', visible, 'the register');
  if (r.chance(0.3)) await compare('order=asc', [...visible].reverse(), 'the register, oldest first');

  const holds = (c: CarrierResource) =>
    c.custodianId === p.userId ||
    c.borrowerId === p.userId ||
    c.bearerId === p.userId ||
    c.recipientId === p.userId ||
    c.readerIds.includes(p.userId);
  await compare(
    'ledger=personal',
    visible.filter((row) => holds(res(row))),
    'the personal ledger',
  );

  for (const d of [...w.parents.keys()]) {
    const dept = { kind: 'carrier_department' as const, departmentId: d, departmentPath: pathOf(w, d) };
    const query = `ledger=department&departmentId=${d}`;
    if (can(actor, 'carrier.view_department_ledger', dept)) {
      stats.ledgersOpened++;
      const subtree = subtreeOf(w, d);
      await compare(
        query,
        visible.filter((row) => subtree.includes(row.department_id)),
        `the ledger of ${d}`,
      );
    } else {
      stats.ledgersRefused++;
      const path = r.chance(0.5) ? '/api/carriers' : '/api/carriers/count';
      expect((await p.get(`${path}?${query}`)).statusCode, `${who}: the ledger of ${d} is not theirs`).toBe(403);
    }
  }
  // The department ledger without a department: the reader's own.
  const own = actor.departmentId;
  const ownDept = { kind: 'carrier_department' as const, departmentId: own ?? '', departmentPath: pathOf(w, own) };
  if (own && can(actor, 'carrier.view_department_ledger', ownDept)) {
    const subtree = subtreeOf(w, own);
    await compare(
      'ledger=department',
      visible.filter((row) => subtree.includes(row.department_id)),
      'the own department’s ledger',
    );
  } else expect((await p.get('/api/carriers?ledger=department')).statusCode, `${who}: no own ledger`).toBe(403);

  if (can(actor, 'carrier.view_unit_ledger')) await compare('ledger=unit', visible, 'the unit ledger');
  else expect((await p.get('/api/carriers?ledger=unit')).statusCode, `${who}: the unit ledger`).toBe(403);
}

async function checkAll(w: World, r: Rng, stats: Stats): Promise<void> {
  const rows = await carrierRows(w.t);
  for (const p of w.people) await checkPerson(w, p, rows, r, stats);
}

async function movements(w: World, r: Rng, n: number, ops: (keyof typeof MOVEMENTS)[]): Promise<number> {
  let done = 0;
  for (let i = 0; i < n; i++) if (await MOVEMENTS[r.pick(ops)](w, r)) done++;
  return done;
}

describe.each(DB_KINDS)('carrier list filter agrees with can (property) on %s', (kind) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(kind);
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it(
    `a random register, then changed: every list, count and ledger shows exactly the carriers can allows (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      const r = rng(SEED);
      const stats: Stats = {
        people: 0,
        visible: 0,
        entryOnly: 0,
        refusedInClearance: 0,
        refusedReadUp: 0,
        byReason: {},
        ledgersOpened: 0,
        ledgersRefused: 0,
        multiPage: 0,
      };
      const { org } = w;
      let started = Date.now();
      // Round 1: a register with movements in flight (loans, circulations, transmissions, transfers, drafts).
      for (let i = 0; i < 28; i++) await registerRandom(w, r);
      const moved = await movements(w, r, 18, ['lend', 'circulate', 'transmit', 'transfer', 'finalise', 'lend']);
      expect(moved).toBeGreaterThan(10);
      await checkAll(w, r, stats);
      console.info(`[${kind}] round 1 in ${Date.now() - started} ms: ${JSON.stringify(stats)}`);

      // Round 2: demoted.a keeps a top secret carrier and is then cleared for secret only; leaver.a keeps one and
      // is disabled; scopes change; loans come back, readers sign off, recipients sign for, more movements.
      started = Date.now();
      const demoted = w.people.find((p) => p.username === 'demoted.a')!;
      const leaver = w.people.find((p) => p.username === 'leaver.a')!;
      for (const [custodian, level] of [
        [demoted, 'top_secret'],
        [leaver, 'secret'],
      ] as const) {
        const res = await org.seniorA.post('/api/carriers', {
          origin: 'produced',
          title: `${custodian.username} 保管件`,
          kind: 'paper_document',
          itemId: null,
          level,
          period: { value: 5, unit: 'years' },
          declassifyCondition: null,
          copies: 1,
          pages: 3,
          originator: '研发部',
          departmentId: org.deptA,
          custodianId: custodian.userId,
          locationId: org.safeA.id,
          scope: [{ kind: 'user', ref: org.seniorA.userId }],
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      for (let i = 0; i < 6; i++) await rescopeRandom(w, r);
      await changeLinkedItems(w);
      await setClearance(org, demoted.userId, 'important');
      await setStatus(org, leaver.userId, 'disable');
      await reloadActors(w);
      for (let i = 0; i < 4; i++) await registerRandom(w, r);
      await movements(w, r, 14, ['return', 'sign_off', 'sign_for', 'sign_off', 'lend', 'transfer', 'circulate']);
      await checkAll(w, r, stats);
      console.info(`[${kind}] round 2 in ${Date.now() - started} ms: ${JSON.stringify(stats)}`);

      // Every way of seeing a row, and both ways of being refused, were reached.
      for (const why of [
        'secadmin',
        'custodian',
        'borrower',
        'recipient',
        'reader',
        'scope_user',
        'scope_department',
        'scope_role',
        'item',
        'ledger',
        'entry_only',
      ])
        expect(stats.byReason[why] ?? 0, why).toBeGreaterThan(0);
      expect(stats.refusedInClearance).toBeGreaterThan(50);
      expect(stats.refusedReadUp).toBeGreaterThan(50);
      expect(stats.ledgersOpened).toBeGreaterThan(10);
      expect(stats.multiPage).toBeGreaterThan(20);
    },
  );
});
