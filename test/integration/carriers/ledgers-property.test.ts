/**
 * The three ledgers are views of the same rows (账物相符): seeded random sequences of operations through the API
 * (register, lend, return, transmit, sign for, circulate, sign off, transfer, finalise), and after each sequence
 * (a) every person's personal ledger holds exactly the carriers they keep or hold (custodian, borrower, recipient,
 *     reader who has not signed off), so the union of the personal ledgers is every carrier held by someone;
 * (b) each department's ledger is the unit ledger restricted to the department and those under it, row for row,
 *     read by the security administrator and by the department's head;
 * (c) a recount from each carrier's history (its events replayed: who keeps it, who holds it, its status, its
 *     department) equals its current state — and both equal the state the test expects from the operations it
 *     ran (the model).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import {
  buildWorld,
  listAll,
  MOVEMENTS,
  registerRandom,
  rng,
  subtreeOf,
  type Done,
  type OpName,
  type Rng,
  type World,
  type WorldPerson,
} from '../../helpers/carrier-world.js';
import type { CarrierStatus } from '../../../src/kernel/carriers.js';
import type { CarrierDetail, CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';

const SEED = 20260303;
const SEQUENCES = 4;
const OPS_PER_SEQUENCE = 16;

/** Who keeps a carrier, who holds it besides, its status and department. */
interface State {
  custodian: string;
  department: string;
  status: CarrierStatus;
  borrower: string | null;
  recipient: string | null;
  /** Readers of its open circulation who have not signed off, in any order. */
  readers: string[];
}

const holdersOf = (s: State) => [s.custodian, s.borrower, s.recipient, ...s.readers].filter((x): x is string => !!x);
const normal = (s: State) => ({ ...s, readers: [...s.readers].sort() });

/** The state the operations the test ran should have left (the model). */
function apply(w: World, model: Map<string, State>, d: Done): void {
  const departmentOf = (userId: string, fallback: string) => w.actors.get(userId)?.departmentId ?? fallback;
  for (const id of d.carrierIds) {
    if (d.op === 'register') {
      model.set(id, {
        custodian: d.to![0]!,
        department: d.departmentId!,
        status: d.status!,
        borrower: null,
        recipient: null,
        readers: [],
      });
      continue;
    }
    const s = model.get(id)!;
    switch (d.op) {
      case 'lend':
        Object.assign(s, { status: 'on_loan', borrower: d.to![0]! });
        break;
      case 'return':
        Object.assign(s, { status: 'in_store', borrower: null });
        break;
      case 'transmit':
        Object.assign(s, { status: 'in_transit', recipient: d.to![0]! });
        break;
      case 'sign_for':
        Object.assign(s, {
          status: 'in_store',
          custodian: d.by,
          department: departmentOf(d.by, s.department),
          recipient: null,
        });
        break;
      case 'circulate':
        Object.assign(s, { status: 'circulating', readers: [...d.to!] });
        break;
      case 'sign_off':
        s.readers = s.readers.filter((r) => r !== d.by);
        if (s.readers.length === 0) s.status = 'in_store';
        break;
      case 'transfer':
        Object.assign(s, { custodian: d.to![0]!, department: departmentOf(d.to![0]!, s.department) });
        break;
      case 'finalise':
        s.status = 'in_store';
        break;
    }
  }
}

/** The carrier's history replayed from its registration (the department starts where it was registered). */
function replay(w: World, detail: CarrierDetail, registeredIn: string): State {
  const s: State = {
    custodian: '',
    department: registeredIn,
    status: 'draft',
    borrower: null,
    recipient: null,
    readers: [],
  };
  const fail = (msg: string) => {
    throw new Error(`${detail.number}: ${msg} (history ${JSON.stringify(detail.history)})`);
  };
  for (const e of detail.history) {
    const x = e.details as {
      custodianId: string;
      status: CarrierStatus;
      borrowerId: string;
      recipientId: string;
      from: string;
      to: string;
      toDepartmentId: string;
      readerIds: string[];
      closed: boolean;
    };
    switch (e.event) {
      case 'produced':
      case 'received':
        Object.assign(s, { custodian: x.custodianId, status: x.status });
        break;
      case 'finalised':
        if (s.status !== 'draft') fail('finalised when not a draft');
        s.status = 'in_store';
        break;
      case 'lent':
        Object.assign(s, { status: 'on_loan', borrower: x.borrowerId });
        break;
      case 'returned':
        if (x.borrowerId !== s.borrower) fail(`returned by ${x.borrowerId}, lent to ${s.borrower}`);
        Object.assign(s, { status: 'in_store', borrower: null });
        break;
      case 'transmitted':
        Object.assign(s, { status: 'in_transit', recipient: x.recipientId });
        break;
      case 'signed_for':
        if (x.to !== s.recipient || x.from !== s.custodian) fail('signed for by someone it was not passed to');
        Object.assign(s, { status: 'in_store', custodian: x.to, department: x.toDepartmentId, recipient: null });
        break;
      case 'circulated':
        Object.assign(s, { status: 'circulating', readers: [...x.readerIds] });
        break;
      case 'circulation_signed': {
        // The reader is the event's actor (display names are the usernames here).
        const reader = w.idOfName.get(e.actorName ?? '');
        if (!reader || !s.readers.includes(reader)) fail(`signed off by ${e.actorName}, not a reader`);
        s.readers = s.readers.filter((r) => r !== reader);
        if (x.closed !== (s.readers.length === 0)) fail('closed before the last reader, or not at the last');
        if (x.closed) s.status = 'in_store';
        break;
      }
      case 'transferred':
        if (x.from !== s.custodian) fail(`transferred from ${x.from}, kept by ${s.custodian}`);
        Object.assign(s, { custodian: x.to, department: x.toDepartmentId });
        break;
      case 'updated':
        break;
      default:
        fail(`unexpected event ${e.event}`);
    }
  }
  return s;
}

/** The carrier's current state as its detail shows it. */
function current(detail: CarrierDetail): State {
  const d = detail.dispatch;
  return {
    custodian: detail.custodianId,
    department: detail.departmentId,
    status: detail.status,
    borrower: detail.loan?.borrowerId ?? null,
    recipient: d && d.direction === 'internal' && d.status === 'awaiting' ? d.recipientId : null,
    readers: (detail.circulation?.readers ?? []).filter((r) => r.signedAt === null).map((r) => r.id),
  };
}

const idsOf = (xs: readonly { id: string }[]) => xs.map((x) => x.id);
const sorted = (xs: readonly string[]) => [...xs].sort();
/** A row as every reader of it sees the entry (number, level, custodian, department, location, status). */
const entryOf = (s: CarrierSummary) => ({
  id: s.id,
  number: s.number,
  level: s.level,
  status: s.status,
  custodianId: s.custodianId,
  departmentId: s.departmentId,
  locationId: s.locationId,
  version: s.version,
});

async function check(w: World, model: Map<string, State>, registeredIn: Map<string, string>, r: Rng, label: string) {
  const { org } = w;
  const sec = org.sec as WorldPerson;
  const limit = () => r.pick([7, 20, 100]);

  // The unit ledger holds every carrier of the register.
  const unit = await listAll(sec, 'ledger=unit', limit());
  expect(sorted(idsOf(unit)), `${label}: the unit ledger is the register`).toEqual(sorted([...model.keys()]));
  const unitById = new Map(unit.map((s) => [s.id, s]));

  // (c) the history recounted, the current state and the model agree, carrier by carrier.
  for (const s of unit) {
    const detail = json<CarrierDetail>(await sec.get(`/api/carriers/${s.id}`));
    const now = current(detail);
    expect(
      normal(replay(w, detail, registeredIn.get(s.id)!)),
      `${label}: ${s.number} recounted from its history`,
    ).toEqual(normal(now));
    expect(normal(now), `${label}: ${s.number} as the operations left it`).toEqual(normal(model.get(s.id)!));
    // The ledger row is the same row as the detail.
    expect(entryOf(s), `${label}: ${s.number} in the unit ledger`).toEqual(entryOf(detail));
  }

  // (a) every person's personal ledger: exactly what they keep or hold; together, every carrier held.
  const union = new Set<string>();
  for (const p of w.people) {
    const a = w.actors.get(p.userId)!;
    if (a.adminRole === 'sysadmin' || a.adminRole === 'auditor') continue;
    const mine = await listAll(p, 'ledger=personal', limit());
    const held = [...model].filter(([, st]) => holdersOf(st).includes(p.userId)).map(([id]) => id);
    expect(sorted(idsOf(mine)), `${label}: the personal ledger of ${p.username}`).toEqual(sorted(held));
    for (const s of mine) {
      union.add(s.id);
      expect(entryOf(s), `${label}: ${s.number} in ${p.username}'s ledger`).toEqual(entryOf(unitById.get(s.id)!));
    }
  }
  const heldBySomeone = [...model].filter(([, st]) => holdersOf(st).length > 0).map(([id]) => id);
  expect(sorted([...union]), `${label}: the personal ledgers together`).toEqual(sorted(heldBySomeone));
  expect(heldBySomeone.length, 'every carrier has its custodian').toBe(model.size);

  // (b) each department's ledger is the unit ledger restricted to its subtree: for the security office row for
  // row, for the department's head the same entries (titles as the head's clearance allows).
  const heads: [string, WorldPerson][] = [
    [w.t.rootDepartmentId, org.chief],
    [org.deptA, org.headA],
    [org.subA, org.headA],
    [org.deptB, org.headB],
  ];
  for (const [d, head] of heads) {
    const subtree = subtreeOf(w, d);
    const expected = unit.filter((s) => subtree.includes(s.departmentId));
    const bySec = await listAll(sec, `ledger=department&departmentId=${d}`, limit());
    expect(bySec, `${label}: the ledger of ${d} read by the security office`).toEqual(expected);
    const byHead = await listAll(head, `ledger=department&departmentId=${d}`, limit());
    expect(byHead.map(entryOf), `${label}: the ledger of ${d} read by ${head.username}`).toEqual(expected.map(entryOf));
    const count = json<{ total: number }>(await head.get(`/api/carriers/count?ledger=department&departmentId=${d}`));
    expect(count.total).toBe(expected.length);
  }
}

const WEIGHTS: [OpName, number][] = [
  ['register', 2],
  ['lend', 3],
  ['return', 2],
  ['transmit', 2],
  ['sign_for', 2],
  ['circulate', 2],
  ['sign_off', 3],
  ['transfer', 2],
  ['finalise', 1],
];
const BAG = WEIGHTS.flatMap(([op, n]) => Array<OpName>(n).fill(op));

describe.each(DB_KINDS)('the ledgers are views of the same rows (property) on %s', (kind) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(kind);
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it(
    `[CAR-02] [CAR-04] random sequences of movements: personal, department and unit ledgers and the recount from history agree (seed ${SEED})`,
    { timeout: 180_000 },
    async () => {
      const r = rng(SEED);
      const model = new Map<string, State>();
      const registeredIn = new Map<string, string>();
      const counts: Record<string, number> = {};
      const record = (d: Done | null) => {
        if (!d) return;
        counts[d.op] = (counts[d.op] ?? 0) + 1;
        if (d.op === 'register') for (const id of d.carrierIds) registeredIn.set(id, d.departmentId!);
        apply(w, model, d);
      };
      const started = Date.now();
      for (let i = 0; i < 10; i++) record(await registerRandom(w, r));
      for (let seq = 1; seq <= SEQUENCES; seq++) {
        for (let i = 0; i < OPS_PER_SEQUENCE; i++) {
          const op = r.pick(BAG);
          record(op === 'register' ? await registerRandom(w, r) : await MOVEMENTS[op](w, r));
          t.advance(1_000);
        }
        await check(w, model, registeredIn, r, `after sequence ${seq}`);
      }
      console.info(
        `[${kind}] ${model.size} carriers in ${Date.now() - started} ms; operations ${JSON.stringify(counts)}`,
      );
      // Every kind of operation ran, most of them several times.
      for (const [op] of WEIGHTS) expect(counts[op] ?? 0, op).toBeGreaterThan(op === 'finalise' ? 0 : 2);
    },
  );
});
