import { describe, expect, it } from 'vitest';
import type { AccessProfile, Actor } from '../../../src/kernel/actor.js';
import {
  CARRIER_STATUSES,
  HANDLER_DUTIES,
  type CarrierStatus,
  type HandlerDuty,
} from '../../../src/kernel/carriers.js';
import type { ScopeEntry } from '../../../src/kernel/secret-item.js';
import { rankOf, type Level } from '../../../src/kernel/levels.js';
import {
  CARRIER_ACTIONS,
  CARRIER_TARGETLESS_ACTIONS,
  carrierDepartmentRefusal,
  carrierListFilter,
  showsParticulars,
  type CarrierAction,
  type CarrierDepartmentResource,
  type CarrierListFilter,
  type CarrierRefusal,
  type CarrierResource,
  type CarrierTargetlessAction,
} from '../../../src/policy/carriers.js';
import type { ItemListFilter } from '../../../src/policy/classification.js';
import { can, refusal } from '../../../src/policy/index.js';
import type { AdminRole, BusinessRole } from '../../../src/kernel/roles.js';

/**
 * The carrier policy (src/policy/carriers.ts), table by table: who may do what with one carrier, in which
 * statuses, the actions without a carrier (ledgers, locations, handlers, settings), the register's list filter
 * and which listed rows show their particulars. Every row states the refusal code `refusal` gives, or null.
 *
 * The carrier belongs to d-team, under d-division, under d-root. 'me' is the actor; by default an employee of
 * d-other (outside the carrier's departments) cleared for secret (rank 3), and the carrier is secret (rank 3).
 */
const AT = '2026-03-02T08:00:00.000Z';
const TEAM_PATH = ['d-team', 'd-division', 'd-root'];
const DIVISION_PATH = ['d-division', 'd-root'];
const SUB_PATH = ['d-team-sub', ...TEAM_PATH];
const OTHER_PATH = ['d-other', 'd-root'];

type R = CarrierRefusal | 'inactive' | 'wrong_target' | null;

const PATHS: Record<string, string[]> = {
  'd-team': TEAM_PATH,
  'd-division': DIVISION_PATH,
  'd-team-sub': SUB_PATH,
  'd-other': OTHER_PATH,
  'd-root': ['d-root'],
};

interface Who {
  dept?: keyof typeof PATHS | null;
  roles?: BusinessRole[];
  admin?: AdminRole;
  rank?: number;
  status?: Actor['status'];
  /** No access profile attached (a service that forgot withAccess): every decision fails closed. */
  noAccess?: boolean;
}

function actor(w: Who = {}): Actor {
  const dept = w.dept === undefined ? 'd-other' : w.dept;
  const access: AccessProfile = { departmentPath: dept ? PATHS[dept]! : [], clearanceRank: w.rank ?? 3 };
  const a: Actor = {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: dept,
    adminRole: w.admin ?? null,
    businessRoles: w.roles ?? ['employee'],
    clearanceClass: 'important',
    status: w.status ?? 'active',
    separationUntil: null,
  };
  return w.noAccess ? a : { ...a, access };
}

function carrier(over: Partial<Omit<CarrierResource, 'kind'>> = {}): CarrierResource {
  const level: Level = over.level ?? 'secret';
  return {
    kind: 'carrier',
    id: 'c1',
    status: 'in_store',
    custodianId: 'cust',
    borrowerId: null,
    bearerId: null,
    recipientId: null,
    readerIds: [],
    departmentPath: TEAM_PATH,
    scope: [],
    linkedItemKnown: null,
    duties: [],
    ...over,
    level,
    accessRank: over.accessRank ?? rankOf(level),
  };
}

const user = (ref: string): ScopeEntry => ({ kind: 'user', ref });
const dept = (ref: string): ScopeEntry => ({ kind: 'department', ref });
const role = (ref: string): ScopeEntry => ({ kind: 'role', ref });

type Expect = Record<CarrierAction, R>;
const every = (r: R): Expect => Object.fromEntries(CARRIER_ACTIONS.map((a) => [a, r])) as Expect;

/** Someone who may know the carrier and holds no role on it (in scope, say), with the carrier in store. */
const KNOWER: Expect = {
  'carrier.view_entry': null,
  'carrier.view': null,
  'carrier.edit': 'not_custodian',
  'carrier.finalise': 'not_custodian',
  'carrier.archive': 'not_custodian',
  'carrier.lend': 'not_custodian',
  'carrier.return': 'not_custodian',
  'carrier.extend_loan': 'not_yours',
  'carrier.circulate': 'not_custodian',
  'carrier.sign_circulation': 'not_yours',
  'carrier.show_outside': 'not_custodian',
  'carrier.dispatch': 'not_designated',
  'carrier.transmit': 'not_designated',
  'carrier.sign_for': 'not_yours',
  'carrier.carry_out': 'not_designated',
  'carrier.record_carry_out': 'not_custodian',
  'carrier.transfer': 'not_permitted',
};
/** Someone who may not know it at all: not even its ledger entry. */
const STRANGER = every('not_in_scope');
/** Below the carrier's level (no read-up), without a ledger to see its entry in. */
const READ_UP = { ...every('above_clearance'), 'carrier.view_entry': 'not_in_scope' } satisfies Expect;
/** Below the level, but keeping its ledger: the entry (number, level, custodian, location) and nothing else. */
const ENTRY_ONLY = { ...every('above_clearance'), 'carrier.view_entry': null } satisfies Expect;
/** The department head or confidentiality officer of the carrier's department (or a parent), carrier in store. */
const LEDGER_KEEPER: Expect = {
  ...KNOWER,
  'carrier.lend': null,
  'carrier.return': 'wrong_status', // theirs to take back, once it is on loan
  'carrier.show_outside': null,
  'carrier.record_carry_out': null,
  'carrier.transfer': null,
};

function expectRefusals(a: Actor, c: CarrierResource, expected: Expect): void {
  const got = Object.fromEntries(CARRIER_ACTIONS.map((action) => [action, refusal(a, action, c)]));
  expect(got).toEqual(expected);
  // `can` is "no refusal".
  for (const action of CARRIER_ACTIONS) expect(can(a, action, c)).toBe(expected[action] === null);
}

describe('carrier actions: who may do what (carrier in the status its holder implies)', () => {
  const officer: BusinessRole[] = ['employee', 'dept_officer'];
  const head: BusinessRole[] = ['employee', 'dept_head'];
  it.each<[string, Who, Partial<CarrierResource>, Expect]>([
    [
      'custodian, in store',
      {},
      { custodianId: 'me' },
      {
        ...KNOWER,
        'carrier.edit': null,
        'carrier.finalise': 'wrong_status',
        'carrier.archive': null,
        'carrier.lend': null,
        'carrier.return': 'wrong_status',
        'carrier.circulate': null,
        'carrier.show_outside': null,
        // the custodian asks to carry out (the bearer named must be designated: the service checks)
        'carrier.carry_out': null,
        'carrier.record_carry_out': null,
        // custody changes hands through the ledger's keeper, not the custodian
        'carrier.transfer': 'not_permitted',
      },
    ],
    [
      'custodian, draft',
      {},
      { custodianId: 'me', status: 'draft' },
      {
        ...KNOWER,
        'carrier.edit': null,
        'carrier.finalise': null,
        'carrier.archive': 'wrong_status',
        'carrier.lend': 'wrong_status',
        'carrier.return': 'wrong_status',
        'carrier.circulate': 'wrong_status',
        'carrier.show_outside': null,
        'carrier.carry_out': 'wrong_status',
        'carrier.record_carry_out': null,
      },
    ],
    [
      'custodian, on loan to someone else',
      {},
      { custodianId: 'me', status: 'on_loan', borrowerId: 'bor' },
      {
        ...KNOWER,
        'carrier.edit': 'wrong_status',
        'carrier.finalise': 'wrong_status',
        'carrier.archive': 'wrong_status',
        'carrier.lend': 'wrong_status',
        'carrier.return': null,
        'carrier.circulate': 'wrong_status',
        'carrier.show_outside': 'wrong_status',
        'carrier.carry_out': 'wrong_status',
        'carrier.record_carry_out': null,
      },
    ],
    [
      'borrower (CAR-11: holds it on a registered loan)',
      {},
      { status: 'on_loan', borrowerId: 'me' },
      { ...KNOWER, 'carrier.extend_loan': null },
    ],
    [
      'bearer of a carry-out',
      {},
      { status: 'carried_out', bearerId: 'me' },
      { ...KNOWER, 'carrier.record_carry_out': null },
    ],
    [
      'internal recipient before signing for it',
      {},
      { status: 'in_transit', recipientId: 'me' },
      { ...KNOWER, 'carrier.sign_for': null },
    ],
    [
      'reader of its circulation who has not signed off',
      {},
      { status: 'circulating', readerIds: ['you', 'me'] },
      { ...KNOWER, 'carrier.sign_circulation': null },
    ],
    [
      'reader who has signed off (no longer listed), not in scope',
      {},
      { status: 'circulating', readerIds: ['you'] },
      STRANGER,
    ],
    ['borrower of an earlier loan (the loan is closed)', {}, { status: 'in_store', borrowerId: null }, STRANGER],
    ['in scope by name', {}, { scope: [user('me')] }, KNOWER],
    ['in scope by own department', { dept: 'd-team' }, { scope: [dept('d-team')] }, KNOWER],
    ['in scope by a parent department', { dept: 'd-team-sub' }, { scope: [dept('d-team')] }, KNOWER],
    ['in scope by role', {}, { scope: [role('employee')] }, KNOWER],
    ['only a sub-department of mine in scope', { dept: 'd-team' }, { scope: [dept('d-team-sub')] }, STRANGER],
    ['someone else named in scope', {}, { scope: [user('you'), dept('d-team'), role('dept_head')] }, STRANGER],
    ['knows its linked secret item', {}, { linkedItemKnown: true }, KNOWER],
    ['does not know its linked secret item', {}, { linkedItemKnown: false }, STRANGER],
    ['not knowing the linked item, but in its own scope', {}, { linkedItemKnown: false, scope: [user('me')] }, KNOWER],
    [
      'an employee of its department, not in scope (membership alone is not need-to-know)',
      { dept: 'd-team' },
      {},
      STRANGER,
    ],
    ['cleared above its level, in scope', { rank: 4 }, { scope: [user('me')] }, KNOWER],
    ['leadership, not in scope (a role alone is not need-to-know)', { roles: ['leadership'], rank: 4 }, {}, STRANGER],
    ['department officer of its department', { dept: 'd-team', roles: officer }, {}, LEDGER_KEEPER],
    ['department head of its department', { dept: 'd-team', roles: head }, {}, LEDGER_KEEPER],
    ['department officer of a parent department', { dept: 'd-division', roles: officer }, {}, LEDGER_KEEPER],
    ['department head of a parent department', { dept: 'd-division', roles: head }, {}, LEDGER_KEEPER],
    ['department head of the root department', { dept: 'd-root', roles: head }, {}, LEDGER_KEEPER],
    ['department officer of a sub-department of its department', { dept: 'd-team-sub', roles: officer }, {}, STRANGER],
    ['department officer of another department', { dept: 'd-other', roles: officer }, {}, STRANGER],
    ['department head of another department', { dept: 'd-other', roles: head, rank: 4 }, {}, STRANGER],
    ['department officer without a department', { dept: null, roles: officer }, {}, STRANGER],
    [
      'department officer of its department, carrier on loan',
      { dept: 'd-team', roles: officer },
      { status: 'on_loan', borrowerId: 'bor' },
      {
        ...KNOWER,
        'carrier.lend': 'wrong_status',
        'carrier.return': null,
        'carrier.show_outside': 'wrong_status',
        'carrier.record_carry_out': null,
        'carrier.transfer': 'wrong_status',
      },
    ],
    [
      'the security administrator (the unit ledger)',
      { admin: 'secadmin', rank: 4 },
      {},
      {
        ...KNOWER,
        'carrier.edit': null,
        'carrier.show_outside': null,
        'carrier.transfer': null,
        // lending and taking back are the department's (custodian or its officer), not the security office's
      },
    ],
    ['the security administrator below its level: the entry only', { admin: 'secadmin', rank: 2 }, {}, ENTRY_ONLY],
    [
      'the system administrator (三员: no classified content)',
      { admin: 'sysadmin', rank: 4 },
      {},
      every('content_excluded'),
    ],
    [
      'the system administrator named custodian and in scope',
      { admin: 'sysadmin', rank: 4, dept: 'd-team', roles: officer },
      { custodianId: 'me', scope: [user('me')] },
      every('content_excluded'),
    ],
    ['the auditor (三员)', { admin: 'auditor', rank: 4 }, { scope: [user('me')] }, every('content_excluded')],
    ['a disabled custodian', { status: 'disabled' }, { custodianId: 'me' }, every('inactive')],
    ['a departed borrower', { status: 'departed' }, { status: 'on_loan', borrowerId: 'me' }, every('inactive')],
    ['a disabled security administrator', { admin: 'secadmin', status: 'disabled', rank: 4 }, {}, every('inactive')],
    ['no access profile (fail closed)', { noAccess: true }, { custodianId: 'me' }, every('no_access_profile')],
    ['in scope without any clearance (rank 1)', { rank: 1 }, { scope: [user('me')] }, READ_UP],
    ['in scope, cleared for confidential only', { rank: 2 }, { scope: [user('me')] }, READ_UP],
    // They still see the entry of what they physically have (their personal ledger), never its particulars.
    ['custodian whose clearance was lowered below its level', { rank: 2 }, { custodianId: 'me' }, ENTRY_ONLY],
    ['borrower below its level', { rank: 2 }, { status: 'on_loan', borrowerId: 'me' }, ENTRY_ONLY],
    [
      'department officer of its department below its level',
      { dept: 'd-team', roles: officer, rank: 2 },
      {},
      ENTRY_ONLY,
    ],
    [
      'department head of a parent department below its level',
      { dept: 'd-division', roles: head, rank: 1 },
      {},
      ENTRY_ONLY,
    ],
  ])('%s', (_label, who, over, expected) => {
    expectRefusals(actor(who), carrier(over), expected);
  });
});

describe('[CAR-03] designated handlers (指定人员): the duty is checked on the action itself', () => {
  const inScope = { dept: 'd-team' as const };
  const scoped = (duties: HandlerDuty[], over: Partial<CarrierResource> = {}) =>
    carrier({ scope: [dept('d-team')], duties, ...over });
  it.each<[string, HandlerDuty[], Partial<Expect>]>([
    ['no duty', [], {}],
    ['produce only (producing is checked when registering)', ['produce'], {}],
    ['dispatch', ['dispatch'], { 'carrier.dispatch': null }],
    ['transmit', ['transmit'], { 'carrier.transmit': null }],
    ['carry out', ['carry_out'], { 'carrier.carry_out': null }],
    [
      'every duty',
      [...HANDLER_DUTIES],
      { 'carrier.dispatch': null, 'carrier.transmit': null, 'carrier.carry_out': null },
    ],
  ])('in scope, %s', (_label, duties, allowed) => {
    expectRefusals(actor(inScope), scoped(duties), { ...KNOWER, ...allowed });
  });

  it.each<[string, Who, Partial<CarrierResource>, Expect]>([
    ['every duty, but not in scope: the duty is not need-to-know', inScope, { duties: [...HANDLER_DUTIES] }, STRANGER],
    [
      'every duty, in scope, below its level',
      { ...inScope, rank: 2 },
      { scope: [dept('d-team')], duties: [...HANDLER_DUTIES] },
      READ_UP,
    ],
    [
      'every duty, carrier on loan',
      inScope,
      { scope: [dept('d-team')], duties: [...HANDLER_DUTIES], status: 'on_loan', borrowerId: 'bor' },
      {
        ...KNOWER,
        'carrier.dispatch': 'wrong_status',
        'carrier.transmit': 'wrong_status',
        'carrier.carry_out': 'wrong_status',
      },
    ],
    [
      'the department officer without a duty may not dispatch, transmit or carry out',
      { dept: 'd-team', roles: ['dept_officer'] },
      {},
      LEDGER_KEEPER,
    ],
    [
      'the department head with the dispatch duty',
      { dept: 'd-team', roles: ['dept_head'] },
      { duties: ['dispatch'] },
      { ...LEDGER_KEEPER, 'carrier.dispatch': null },
    ],
    [
      'the security administrator is no handler unless designated',
      { admin: 'secadmin', rank: 4 },
      {},
      { ...KNOWER, 'carrier.edit': null, 'carrier.show_outside': null, 'carrier.transfer': null },
    ],
    [
      'the custodian without the carry-out duty still asks to carry it out, but does not dispatch',
      {},
      { custodianId: 'me' },
      {
        ...KNOWER,
        'carrier.edit': null,
        'carrier.finalise': 'wrong_status',
        'carrier.archive': null,
        'carrier.lend': null,
        'carrier.return': 'wrong_status',
        'carrier.circulate': null,
        'carrier.show_outside': null,
        'carrier.carry_out': null,
        'carrier.record_carry_out': null,
      },
    ],
  ])('%s', (_label, who, over, expected) => {
    expectRefusals(actor(who), carrier(over), expected);
  });
});

describe('carrier actions by status', () => {
  /**
   * For each action, someone entitled to it and the statuses it is possible in; in every other status the
   * refusal is wrong_status.
   */
  const custodian = { custodianId: 'me' };
  const allDuties = { custodianId: 'me', duties: [...HANDLER_DUTIES] };
  const ALL = CARRIER_STATUSES;
  it.each<[CarrierAction, Who, Partial<CarrierResource>, readonly CarrierStatus[]]>([
    ['carrier.view_entry', {}, custodian, ALL],
    ['carrier.view', {}, custodian, ALL],
    ['carrier.edit', {}, custodian, ['draft', 'in_store']],
    ['carrier.finalise', {}, custodian, ['draft']],
    ['carrier.archive', {}, custodian, ['in_store']],
    ['carrier.lend', {}, custodian, ['in_store']],
    ['carrier.return', {}, custodian, ['on_loan']],
    ['carrier.extend_loan', {}, { borrowerId: 'me' }, ['on_loan']],
    ['carrier.circulate', {}, custodian, ['in_store']],
    ['carrier.sign_circulation', {}, { readerIds: ['me'] }, ['circulating']],
    ['carrier.show_outside', {}, custodian, ['draft', 'in_store', 'circulating']],
    ['carrier.dispatch', {}, allDuties, ['in_store']],
    ['carrier.transmit', {}, allDuties, ['in_store']],
    ['carrier.sign_for', {}, { recipientId: 'me' }, ['in_transit']],
    ['carrier.carry_out', {}, custodian, ['in_store']],
    // Recording a carry-out's departure or return: the carry-out's own state decides (the service), not the carrier's.
    ['carrier.record_carry_out', {}, { bearerId: 'me' }, ALL],
    ['carrier.transfer', { dept: 'd-team', roles: ['dept_officer'] }, {}, ['draft', 'in_store', 'archived']],
    ['carrier.transfer', { admin: 'secadmin', rank: 4 }, {}, ['draft', 'in_store', 'archived']],
  ])('%s (%j %j): possible in %j', (action, who, over, allowed) => {
    const a = actor(who);
    const got = Object.fromEntries(
      CARRIER_STATUSES.map((status) => [status, refusal(a, action, carrier({ ...over, status }))]),
    );
    const want = Object.fromEntries(CARRIER_STATUSES.map((s) => [s, allowed.includes(s) ? null : 'wrong_status']));
    expect(got).toEqual(want);
  });

  it('the role is checked before the status: a stranger to the role hears not_custodian, whatever the status', () => {
    for (const status of CARRIER_STATUSES)
      expect(refusal(actor(), 'carrier.lend', carrier({ status, scope: [user('me')] }))).toBe('not_custodian');
  });
});

describe('no read-up across the levels of both schemes', () => {
  it.each<[number, Level, boolean]>([
    [2, 'confidential', true],
    [2, 'ordinary_commercial', true],
    [2, 'secret', false],
    [2, 'core_commercial', false],
    [3, 'secret', true],
    [3, 'core_commercial', true],
    [3, 'top_secret', false],
    [4, 'top_secret', true],
    [1, 'confidential', false],
  ])('clearance rank %i, custodian of a %s carrier: may view it = %s', (rank, level, ok) => {
    const a = actor({ rank });
    const c = carrier({ level, custodianId: 'me' });
    expect(refusal(a, 'carrier.view', c)).toBe(ok ? null : 'above_clearance');
    expect(refusal(a, 'carrier.lend', c)).toBe(ok ? null : 'above_clearance');
  });
});

describe('a carrier action needs a carrier', () => {
  it.each(CARRIER_ACTIONS)('%s without a target is wrong_target', (action) => {
    expect(refusal(actor({ admin: 'secadmin', rank: 4 }), action)).toBe('wrong_target');
  });
});

// ---- carrierDepartmentRefusal: the ledgers, locations, handlers and settings

const team: CarrierDepartmentResource = {
  kind: 'carrier_department',
  departmentId: 'd-team',
  departmentPath: TEAM_PATH,
};
const sub: CarrierDepartmentResource = {
  kind: 'carrier_department',
  departmentId: 'd-team-sub',
  departmentPath: SUB_PATH,
};
const division: CarrierDepartmentResource = {
  kind: 'carrier_department',
  departmentId: 'd-division',
  departmentPath: DIVISION_PATH,
};
const other: CarrierDepartmentResource = {
  kind: 'carrier_department',
  departmentId: 'd-other',
  departmentPath: OTHER_PATH,
};

describe('carrierDepartmentRefusal: actions without a carrier', () => {
  type Row = Record<CarrierTargetlessAction, R>;
  const everyone: Row = {
    'carrier.view_register': null,
    'carrier.view_department_ledger': 'not_permitted',
    'carrier.view_unit_ledger': 'not_permitted',
    'carrier.view_locations': null,
    'carrier.manage_locations': 'not_permitted',
    'carrier.manage_handlers': 'not_permitted',
    'carrier.manage_settings': 'not_permitted',
  };
  const excluded = Object.fromEntries(CARRIER_TARGETLESS_ACTIONS.map((a) => [a, 'content_excluded'])) as Row;
  const inactive = Object.fromEntries(CARRIER_TARGETLESS_ACTIONS.map((a) => [a, 'inactive'])) as Row;
  it.each<[string, Who, Row]>([
    ['an employee', { dept: 'd-team' }, everyone],
    ['an employee without clearance or access profile', { dept: 'd-team', rank: 1, noAccess: true }, everyone],
    ['leadership', { roles: ['leadership'], rank: 4 }, everyone],
    [
      'a department officer (some department ledger, no handlers)',
      { dept: 'd-team', roles: ['dept_officer'] },
      { ...everyone, 'carrier.view_department_ledger': null },
    ],
    [
      'a department head (ledger and handlers)',
      { dept: 'd-team', roles: ['dept_head'] },
      { ...everyone, 'carrier.view_department_ledger': null, 'carrier.manage_handlers': null },
    ],
    [
      'the security administrator: everything',
      { admin: 'secadmin', rank: 4 },
      Object.fromEntries(CARRIER_TARGETLESS_ACTIONS.map((a) => [a, null])) as Row,
    ],
    ['the system administrator', { admin: 'sysadmin', rank: 4 }, excluded],
    ['the auditor', { admin: 'auditor' }, excluded],
    ['a disabled department head', { dept: 'd-team', roles: ['dept_head'], status: 'disabled' }, inactive],
    ['a departed security administrator', { admin: 'secadmin', status: 'departed' }, inactive],
  ])('%s', (_label, who, expected) => {
    const a = actor(who);
    const got = Object.fromEntries(CARRIER_TARGETLESS_ACTIONS.map((action) => [action, refusal(a, action)]));
    expect(got).toEqual(expected);
    // carrierDepartmentRefusal itself (without the active check of `refusal`) for the active ones.
    if (a.status === 'active')
      for (const action of CARRIER_TARGETLESS_ACTIONS)
        expect(carrierDepartmentRefusal(a, action, null)).toBe(expected[action]);
  });

  const officer: BusinessRole[] = ['employee', 'dept_officer'];
  const head: BusinessRole[] = ['employee', 'dept_head'];
  it.each<[string, Who, CarrierDepartmentResource, R, R]>([
    // [actor, department, view_department_ledger, manage_handlers]
    ['officer of the department', { dept: 'd-team', roles: officer }, team, null, 'not_permitted'],
    ['officer of a parent, its sub-department', { dept: 'd-team', roles: officer }, sub, null, 'not_permitted'],
    [
      'officer of a sub-department, the parent',
      { dept: 'd-team-sub', roles: officer },
      team,
      'not_permitted',
      'not_permitted',
    ],
    ['officer, another department', { dept: 'd-team', roles: officer }, other, 'not_permitted', 'not_permitted'],
    ['officer, a sibling’s parent', { dept: 'd-team', roles: officer }, division, 'not_permitted', 'not_permitted'],
    ['head of the department', { dept: 'd-team', roles: head }, team, null, null],
    ['head of the department, its sub-department', { dept: 'd-team', roles: head }, sub, null, null],
    ['head of the parent department, a department under it', { dept: 'd-division', roles: head }, team, null, null],
    [
      'head of a sub-department, the parent',
      { dept: 'd-team-sub', roles: head },
      team,
      'not_permitted',
      'not_permitted',
    ],
    ['head of another department', { dept: 'd-other', roles: head }, team, 'not_permitted', 'not_permitted'],
    ['head without a department', { dept: null, roles: head }, team, 'not_permitted', 'not_permitted'],
    ['head and officer at once', { dept: 'd-team', roles: ['dept_officer', 'dept_head'] }, sub, null, null],
    ['an employee of the department', { dept: 'd-team' }, team, 'not_permitted', 'not_permitted'],
    ['leadership', { dept: 'd-root', roles: ['leadership'], rank: 4 }, team, 'not_permitted', 'not_permitted'],
    ['the security administrator, any department', { admin: 'secadmin', dept: null }, other, null, null],
    [
      'the system administrator',
      { admin: 'sysadmin', dept: 'd-team', roles: head },
      team,
      'content_excluded',
      'content_excluded',
    ],
    ['the auditor', { admin: 'auditor', dept: 'd-team', roles: head }, team, 'content_excluded', 'content_excluded'],
    [
      'a disabled head of the department',
      { dept: 'd-team', roles: head, status: 'disabled' },
      team,
      'inactive',
      'inactive',
    ],
  ])('department ledger and handlers: %s', (_label, who, d, ledger, handlers) => {
    const a = actor(who);
    expect(refusal(a, 'carrier.view_department_ledger', d)).toBe(ledger);
    expect(refusal(a, 'carrier.manage_handlers', d)).toBe(handlers);
  });

  it('actions about the whole unit ignore a department given as the target', () => {
    const head = actor({ dept: 'd-team', roles: ['dept_head'] });
    expect(refusal(head, 'carrier.view_unit_ledger', team)).toBe('not_permitted');
    expect(refusal(head, 'carrier.manage_settings', team)).toBe('not_permitted');
    expect(refusal(head, 'carrier.view_register', team)).toBe(null);
  });
});

// ---- carrierListFilter and showsParticulars

describe('carrierListFilter: shape', () => {
  const SUBTREE = ['d-team', 'd-team-sub'];
  const items = (over: Who = {}): ItemListFilter => ({
    kind: 'need_to_know',
    maxRank: over.rank ?? 3,
    userId: 'me',
    departmentIds: PATHS[over.dept ?? 'd-team']!,
    roles: over.roles ?? ['employee'],
    at: AT,
  });
  it.each<[string, Who, CarrierListFilter]>([
    [
      'an employee: need-to-know up to the clearance, no ledger',
      { dept: 'd-team' },
      {
        kind: 'scoped',
        maxRank: 3,
        userId: 'me',
        departmentIds: TEAM_PATH,
        roles: ['employee'],
        ledgerDepartmentIds: [],
        items: items({ dept: 'd-team' }),
      },
    ],
    [
      'a department officer: also the ledger of the department and those under it',
      { dept: 'd-team', roles: ['employee', 'dept_officer'], rank: 2 },
      {
        kind: 'scoped',
        maxRank: 2,
        userId: 'me',
        departmentIds: TEAM_PATH,
        roles: ['employee', 'dept_officer'],
        ledgerDepartmentIds: SUBTREE,
        items: items({ dept: 'd-team', roles: ['employee', 'dept_officer'], rank: 2 }),
      },
    ],
    [
      'a department head',
      { dept: 'd-team', roles: ['dept_head'], rank: 4 },
      {
        kind: 'scoped',
        maxRank: 4,
        userId: 'me',
        departmentIds: TEAM_PATH,
        roles: ['dept_head'],
        ledgerDepartmentIds: SUBTREE,
        items: items({ dept: 'd-team', roles: ['dept_head'], rank: 4 }),
      },
    ],
    [
      'leadership: no ledger',
      { dept: 'd-team', roles: ['leadership'], rank: 4 },
      {
        kind: 'scoped',
        maxRank: 4,
        userId: 'me',
        departmentIds: TEAM_PATH,
        roles: ['leadership'],
        ledgerDepartmentIds: [],
        items: items({ dept: 'd-team', roles: ['leadership'], rank: 4 }),
      },
    ],
    [
      'the security administrator: every row, particulars up to the clearance',
      { admin: 'secadmin', rank: 4 },
      { kind: 'all', maxRank: 4 },
    ],
    ['the security administrator cleared for secret', { admin: 'secadmin', rank: 3 }, { kind: 'all', maxRank: 3 }],
    ['the system administrator: nothing', { admin: 'sysadmin', rank: 4 }, { kind: 'none' }],
    ['the auditor: nothing', { admin: 'auditor', rank: 4 }, { kind: 'none' }],
    ['a disabled officer: nothing', { dept: 'd-team', roles: ['dept_officer'], status: 'disabled' }, { kind: 'none' }],
    ['a departed secadmin: nothing', { admin: 'secadmin', status: 'departed' }, { kind: 'none' }],
    ['no access profile: nothing', { dept: 'd-team', noAccess: true }, { kind: 'none' }],
  ])('%s', (_label, who, filter) => {
    expect(carrierListFilter(actor(who), SUBTREE, AT)).toEqual(filter);
  });
});

describe('showsParticulars: a listed row shows its title up to the reader’s clearance', () => {
  const scoped = carrierListFilter(actor({ dept: 'd-team', roles: ['dept_officer'] }), ['d-team'], AT);
  it.each<[string, CarrierListFilter, number, boolean]>([
    ['nothing listed', { kind: 'none' }, 2, false],
    ['nothing listed, open rank', { kind: 'none' }, 0, false],
    ['unit ledger, below the clearance', { kind: 'all', maxRank: 3 }, 2, true],
    ['unit ledger, at the clearance', { kind: 'all', maxRank: 3 }, 3, true],
    ['unit ledger, above the clearance', { kind: 'all', maxRank: 3 }, 4, false],
    ['department ledger, at the clearance', scoped, 3, true],
    ['department ledger, above the clearance', scoped, 4, false],
    ['department ledger, confidential', scoped, 2, true],
  ])('%s (rank %i): %s', (_label, filter, rank, shows) => {
    expect(showsParticulars(filter, rank)).toBe(shows);
  });
});

/**
 * What the filter means, as carrier-query.ts reads it over the carrier_access index (written here apart from
 * `carrierRefusal`): no filter, everything, or the person's own principals at or below the clearance (custodian,
 * holder, own scope by name / department path / role, a linked item they know) or the ledger's departments at any
 * rank. Checked against `carrier.view_entry` over every combination of a small world; showsParticulars against
 * `carrier.view` on the visible rows. (test/integration/carriers/list-filter-property.test.ts checks the SQL.)
 */
function listed(f: CarrierListFilter, c: CarrierResource, departmentId: string): boolean {
  if (f.kind === 'none') return false;
  if (f.kind === 'all') return true;
  if (f.ledgerDepartmentIds.includes(departmentId)) return true;
  // What one keeps or holds is listed at any rank (an entry above one's clearance).
  const holders = [c.borrowerId, c.bearerId, c.recipientId, ...c.readerIds];
  if (c.custodianId === f.userId || holders.includes(f.userId)) return true;
  if (c.accessRank > f.maxRank) return false;
  const principal = c.scope.some(
    (s) =>
      (s.kind === 'user' && s.ref === f.userId) ||
      (s.kind === 'department' && f.departmentIds.includes(s.ref)) ||
      (s.kind === 'role' && (f.roles as readonly string[]).includes(s.ref)),
  );
  return c.custodianId === f.userId || holders.includes(f.userId) || principal || c.linkedItemKnown === true;
}

describe('the list filter means carrier.view_entry, and its particulars carrier.view', () => {
  const SUBTREES: Record<string, string[]> = {
    'd-team': ['d-team', 'd-team-sub'],
    'd-division': ['d-division', 'd-team', 'd-team-sub'],
    'd-team-sub': ['d-team-sub'],
    'd-other': ['d-other'],
    'd-root': ['d-root', 'd-other', 'd-division', 'd-team', 'd-team-sub'],
  };
  const actors: Who[] = [];
  for (const d of ['d-team', 'd-division', 'd-team-sub', 'd-other', null] as const)
    for (const roles of [['employee'], ['dept_officer'], ['dept_head'], ['leadership']] as BusinessRole[][])
      for (const rank of [1, 2, 3, 4]) actors.push({ dept: d, roles, rank });
  actors.push({ admin: 'secadmin', rank: 2 }, { admin: 'secadmin', rank: 4 }, { admin: 'sysadmin', rank: 4 });
  actors.push({ admin: 'auditor' }, { status: 'disabled', dept: 'd-team', roles: ['dept_head'] }, { noAccess: true });

  const carriers: [CarrierResource, string][] = [];
  for (const [d, path] of [
    ['d-team', TEAM_PATH],
    ['d-team-sub', SUB_PATH],
    ['d-other', OTHER_PATH],
  ] as const)
    for (const level of ['confidential', 'secret', 'top_secret', 'core_commercial'] as Level[])
      for (const who of [
        {},
        { custodianId: 'me' },
        { borrowerId: 'me', status: 'on_loan' as const },
        { bearerId: 'me', status: 'carried_out' as const },
        { recipientId: 'me', status: 'in_transit' as const },
        { readerIds: ['me'], status: 'circulating' as const },
        { readerIds: ['you'], status: 'circulating' as const },
        { scope: [user('me')] },
        { scope: [dept('d-team')] },
        { scope: [dept('d-root')] },
        { scope: [role('dept_officer')] },
        { scope: [user('you'), dept('d-team-sub')] },
        { linkedItemKnown: true },
        { linkedItemKnown: false },
      ])
        carriers.push([carrier({ level, departmentPath: path, ...who }), d]);

  it(`agrees for ${actors.length} actors × ${carriers.length} carriers`, () => {
    let visible = 0;
    let entryOnly = 0;
    for (const w of actors) {
      const a = actor(w);
      const f = carrierListFilter(a, a.departmentId ? SUBTREES[a.departmentId]! : [], AT);
      for (const [c, d] of carriers) {
        const label = `${JSON.stringify(w)} on ${JSON.stringify(c)}`;
        const entry = can(a, 'carrier.view_entry', c);
        expect(listed(f, c, d), label).toBe(entry);
        if (!entry) continue;
        visible++;
        expect(showsParticulars(f, c.accessRank), label).toBe(can(a, 'carrier.view', c));
        if (!can(a, 'carrier.view', c)) entryOnly++;
      }
    }
    // Both sides of each decision are reached.
    expect(visible).toBeGreaterThan(1000);
    expect(entryOnly).toBeGreaterThan(100);
  });
});
