import { describe, expect, it } from 'vitest';
import type { AccessProfile, Actor } from '../../../src/kernel/actor.js';
import {
  ITEM_ACTIONS,
  requestRevealsItem,
  requestShowsItemFacts,
  type ItemAction,
  type ItemResource,
} from '../../../src/policy/classification.js';
import type { Level } from '../../../src/kernel/levels.js';
import { can, type Resource } from '../../../src/policy/index.js';
import { USER_STATUSES, type AdminRole, type BusinessRole } from '../../../src/kernel/roles.js';
import {
  accessRankOf,
  grantActive,
  isOpenRank,
  scopeMatches,
  scopeProblem,
  unfitNamedPeople,
  type GrantAction,
  type GrantView,
  type ItemStatus,
  type ScopeEntry,
} from '../../../src/kernel/secret-item.js';

const AT = '2025-06-01T12:00:00.000Z';
const BEFORE = '2025-05-01T00:00:00.000Z';
const AFTER = '2025-07-01T00:00:00.000Z';

/** 'me' works in d-team, a sub-department of d-division, itself under d-root. */
const MY_PATH = ['d-team', 'd-division', 'd-root'];

function actor(
  over: Partial<Actor> = {},
  access: AccessProfile | null = { departmentPath: MY_PATH, clearanceRank: 3 },
): Actor {
  const a: Actor = {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: 'd-team',
    adminRole: null,
    businessRoles: ['employee'],
    clearanceClass: 'important',
    status: 'active',
    separationUntil: null,
    ...over,
  };
  return access ? { ...a, access } : a;
}
const cleared = (clearanceRank: number, over: Partial<Actor> = {}) =>
  actor(over, { departmentPath: MY_PATH, clearanceRank });
const admin = (adminRole: AdminRole, clearanceRank = 4) => cleared(clearanceRank, { adminRole });

function item(over: Partial<Omit<ItemResource, 'kind'>> = {}): ItemResource {
  const level: Level = over.level ?? 'secret';
  const status: ItemStatus = over.status ?? 'in_force';
  return {
    kind: 'item',
    id: 'i1',
    custodianId: 'cust',
    classifierId: 'clf',
    scope: [],
    grants: [],
    at: AT,
    ...over,
    level,
    status,
    accessRank: over.accessRank ?? accessRankOf(level, status),
  };
}
const grant = (actions: GrantAction[], over: Partial<GrantView> = {}): GrantView => ({
  granteeId: 'me',
  actions,
  expiresAt: AFTER,
  revokedAt: null,
  ...over,
});
const user = (ref: string): ScopeEntry => ({ kind: 'user', ref });
const dept = (ref: string): ScopeEntry => ({ kind: 'department', ref });
const role = (ref: string): ScopeEntry => ({ kind: 'role', ref });

// Expected sets, spelled out from the rules rather than taken from the implementation.
const SEE = ['item.view_metadata', 'item.read', 'item.download', 'item.print'] as const;
const OPEN_CONTENT = [...SEE, 'item.copy', 'item.excerpt', 'item.lend'] as const;
const ASK = ['item.request_access', 'item.emergency_access'] as const;
const NOTHING: ItemAction[] = [];

function expectExactly(a: Actor, it: ItemResource, allowed: readonly ItemAction[]): void {
  const got = ITEM_ACTIONS.filter((action) => can(a, action, it));
  expect(got).toEqual(ITEM_ACTIONS.filter((action) => allowed.includes(action)));
}

describe('secret-item helpers', () => {
  it.each<[Level, ItemStatus, number]>([
    ['top_secret', 'in_force', 4],
    ['secret', 'proposed', 3],
    ['confidential', 'rejected', 2],
    ['core_commercial', 'withdrawn', 3],
    ['internal', 'in_force', 1],
    ['top_secret', 'declassified', 0], // no longer secret
    ['confidential', 'declassified', 0],
  ])('accessRankOf(%s, %s) = %i', (level, status, rank) => {
    expect(accessRankOf(level, status)).toBe(rank);
  });

  it.each<[number, boolean]>([
    [0, true],
    [1, true],
    [2, false],
    [4, false],
  ])('isOpenRank(%i) = %s', (rank, open) => {
    expect(isOpenRank(rank)).toBe(open);
  });

  it.each<[string, string | null, boolean]>([
    [AFTER, null, true],
    [BEFORE, null, false],
    [AT, null, false], // expires exactly now: over
    ['2025-06-01T12:00:00.001Z', null, true],
    [AFTER, BEFORE, false],
    [AFTER, AT, false],
  ])('grantActive(expiresAt %s, revokedAt %s) at AT = %s', (expiresAt, revokedAt, active) => {
    expect(grantActive({ expiresAt, revokedAt }, AT)).toBe(active);
  });

  const me = { id: 'me', departmentPath: MY_PATH, roles: ['employee', 'dept_officer'] as BusinessRole[] };
  it.each<[string, ScopeEntry[], boolean]>([
    ['empty scope', [], false],
    ['named', [user('me')], true],
    ['someone else named', [user('you')], false],
    ['own department', [dept('d-team')], true],
    ['parent department (covers sub-departments)', [dept('d-division')], true],
    ['root department', [dept('d-root')], true],
    ['a sub-department of mine does not cover me', [dept('d-team-sub')], false],
    ['a sibling department', [dept('d-other')], false],
    ['my role', [role('dept_officer')], true],
    ['a role I do not hold', [role('leadership')], false],
    ['a user id in a department entry does not match', [dept('me')], false],
    ['a department id in a user entry does not match', [user('d-team')], false],
    ['one match among others', [user('you'), dept('d-other'), role('employee')], true],
  ])('scopeMatches: %s -> %s', (_label, scope, matches) => {
    expect(scopeMatches(scope, me)).toBe(matches);
  });

  it('scopeMatches: a person without a department matches only by name or role', () => {
    const p = { id: 'me', departmentPath: [], roles: ['employee'] as BusinessRole[] };
    expect(scopeMatches([dept('d-root')], p)).toBe(false);
    expect(scopeMatches([user('me')], p)).toBe(true);
  });

  it.each<[Level, ScopeEntry[], ReturnType<typeof scopeProblem>]>([
    ['secret', [], 'scope_required'],
    ['top_secret', [], 'scope_required'],
    ['ordinary_commercial', [], 'scope_required'],
    ['secret', [user('a')], null],
    ['internal', [], null],
    ['public', [], null],
    ['secret', [user('a'), user('a')], 'scope_duplicate'],
    ['internal', [dept('d'), dept('d')], 'scope_duplicate'],
    ['secret', [user('a'), dept('a'), role('a')], null], // same ref, different kinds
  ])('scopeProblem(%s, %j) = %s', (level, scope, problem) => {
    expect(scopeProblem(level, scope)).toBe(problem);
  });

  // People named anew: active and cleared for the level (ranks: confidential 2, secret 3, top secret 4).
  const person = (id: string, clearanceRank: number, active = true) => ({ id, active, clearanceRank });
  it.each<[string, Level, ReturnType<typeof person>[], string[]]>([
    ['cleared exactly for the level', 'secret', [person('a', 3)], []],
    ['cleared above it', 'confidential', [person('a', 4)], []],
    ['one rank short', 'secret', [person('a', 2)], ['a']],
    ['no clearance at all', 'confidential', [person('a', 1)], ['a']],
    ['not active (disabled or departed)', 'secret', [person('a', 4, false)], ['a']],
    ['only the unfit are named', 'top_secret', [person('a', 4), person('b', 3), person('c', 4, false)], ['b', 'c']],
    ['open items need no clearance', 'internal', [person('a', 0), person('b', 0, false)], []],
    ['commercial secrets rank like state ones', 'core_commercial', [person('a', 2), person('b', 3)], ['a']],
  ])('unfitNamedPeople: %s', (_label, level, people, unfit) => {
    expect(unfitNamedPeople(level, people)).toEqual(unfit);
  });
});

describe('item actions: a cleared employee (clearance secret) on a secret item in force', () => {
  it.each<[string, Partial<ItemResource>, readonly ItemAction[]]>([
    ['no basis at all', {}, ASK],
    ['named in scope', { scope: [user('me')] }, [...SEE, ...ASK]],
    ['own department in scope', { scope: [dept('d-team')] }, [...SEE, ...ASK]],
    ['parent department in scope', { scope: [dept('d-division')] }, [...SEE, ...ASK]],
    ['root department in scope', { scope: [dept('d-root')] }, [...SEE, ...ASK]],
    ['only a sub-department of mine in scope', { scope: [dept('d-team-sub')] }, ASK],
    ['a sibling department in scope', { scope: [dept('d-other')] }, ASK],
    ['my role in scope', { scope: [role('employee')] }, [...SEE, ...ASK]],
    ['another role in scope', { scope: [role('dept_head')] }, ASK],
    ['someone else named', { scope: [user('you')] }, ASK],
    // Everything but handing the item to someone else: that is the confidentiality office's.
    ['custodian', { custodianId: 'me' }, ITEM_ACTIONS.filter((a) => a !== 'item.transfer_custody')],
    ['classifier only', { classifierId: 'me' }, ['item.reclassify', ...ASK]],
    ['read grant', { grants: [grant(['read'])] }, ['item.view_metadata', 'item.read', ...ASK]],
    ['read+download+print grant', { grants: [grant(['read', 'download', 'print'])] }, [...SEE, ...ASK]],
    [
      'read+copy grant',
      { grants: [grant(['read', 'copy'])] },
      ['item.view_metadata', 'item.read', 'item.copy', ...ASK],
    ],
    [
      'read+excerpt grant',
      { grants: [grant(['read', 'excerpt'])] },
      ['item.view_metadata', 'item.read', 'item.excerpt', ...ASK],
    ],
    [
      'read+lend grant',
      { grants: [grant(['read', 'lend'])] },
      ['item.view_metadata', 'item.read', 'item.lend', ...ASK],
    ],
    [
      'full grant',
      { grants: [grant(['read', 'download', 'print', 'copy', 'excerpt', 'lend'])] },
      [...OPEN_CONTENT, ...ASK],
    ],
    [
      'two grants add up',
      { grants: [grant(['read']), grant(['read', 'print'])] },
      ['item.view_metadata', 'item.read', 'item.print', ...ASK],
    ],
    ['expired grant', { grants: [grant(['read', 'copy'], { expiresAt: BEFORE })] }, ASK],
    ['grant expiring exactly now', { grants: [grant(['read'], { expiresAt: AT })] }, ASK],
    ['revoked grant', { grants: [grant(['read', 'copy'], { revokedAt: BEFORE })] }, ASK],
    ['someone else’s grant', { grants: [grant(['read', 'copy', 'lend'], { granteeId: 'you' })] }, ASK],
    ['in scope: copy, excerpt, lend still need a grant', { scope: [dept('d-division'), user('me')] }, [...SEE, ...ASK]],
    [
      'in scope with a copy grant',
      { scope: [user('me')], grants: [grant(['read', 'copy'])] },
      [...SEE, 'item.copy', ...ASK],
    ],
  ])('[CAR-05] %s', (_label, over, allowed) => {
    expectExactly(cleared(3), item(over), allowed);
  });

  it.each<BusinessRole[]>([['dept_head'], ['leadership'], ['dept_officer', 'dept_head', 'leadership']])(
    'a business role alone gives no need-to-know: %j',
    (...roles) => {
      expectExactly(cleared(4, { businessRoles: roles }), item({ scope: [user('you')] }), ASK);
    },
  );
});

describe('item actions by status', () => {
  const custodianAll = [...OPEN_CONTENT, 'item.destroy', 'item.manage_grants'] as const;
  it.each<[string, ItemStatus, Partial<ItemResource>, readonly ItemAction[]]>([
    ['custodian, proposed', 'proposed', { custodianId: 'me' }, [...custodianAll, 'item.edit']],
    ['custodian, declassified', 'declassified', { custodianId: 'me' }, custodianAll],
    ['custodian, rejected', 'rejected', { custodianId: 'me' }, custodianAll],
    ['custodian, withdrawn', 'withdrawn', { custodianId: 'me' }, custodianAll],
    ['classifier, proposed', 'proposed', { classifierId: 'me' }, NOTHING],
    ['in scope, proposed', 'proposed', { scope: [user('me')] }, SEE],
    ['in scope, rejected', 'rejected', { scope: [user('me')] }, SEE],
    ['stranger, proposed', 'proposed', {}, NOTHING],
    ['stranger, rejected', 'rejected', {}, NOTHING],
    ['stranger, declassified: open to all', 'declassified', {}, OPEN_CONTENT],
  ])('%s', (_label, status, over, allowed) => {
    expectExactly(cleared(3), item({ status, ...over }), allowed);
  });
});

describe('open items (internal, public, declassified)', () => {
  it.each<[string, Actor, Partial<ItemResource>, readonly ItemAction[]]>([
    ['uncleared stranger, internal', cleared(1, { clearanceClass: null }), { level: 'internal' }, OPEN_CONTENT],
    ['uncleared stranger, public', cleared(1, { clearanceClass: null }), { level: 'public' }, OPEN_CONTENT],
    [
      'uncleared stranger, declassified top secret',
      cleared(1, { clearanceClass: null }),
      { level: 'top_secret', status: 'declassified' },
      OPEN_CONTENT,
    ],
    [
      'custodian of an internal item in force',
      cleared(1),
      { level: 'internal', custodianId: 'me' },
      ITEM_ACTIONS.filter(
        (a) => a !== 'item.request_access' && a !== 'item.emergency_access' && a !== 'item.transfer_custody',
      ),
    ],
    ['uncleared stranger, proposed internal', cleared(1), { level: 'internal', status: 'proposed' }, OPEN_CONTENT],
  ])('%s', (_label, a, over, allowed) => {
    expectExactly(a, item(over), allowed);
  });
});

describe('no read-up: clearance below the level refuses every action, whatever the basis', () => {
  const full = grant(['read', 'download', 'print', 'copy', 'excerpt', 'lend']);
  const everything: Partial<ItemResource> = {
    custodianId: 'me',
    classifierId: 'me',
    scope: [user('me'), dept('d-team')],
    grants: [full],
  };
  it.each<[string, number, Level, Partial<Actor>]>([
    ['confidential clearance, secret item', 2, 'secret', {}],
    ['secret clearance, top secret item', 3, 'top_secret', {}],
    ['no clearance class, confidential item', 1, 'confidential', { clearanceClass: null }],
    ['confidential clearance, core commercial item (rank of secret)', 2, 'core_commercial', {}],
    ['a leader with confidential clearance, top secret item', 2, 'top_secret', { businessRoles: ['leadership'] }],
    ['the secadmin with secret clearance, top secret item', 3, 'top_secret', { adminRole: 'secadmin' }],
  ])('%s', (_label, rank, level, over) => {
    expectExactly(cleared(rank, over), item({ level, ...everything }), NOTHING);
  });

  it.each<[number, Level]>([
    [2, 'confidential'],
    [2, 'ordinary_commercial'],
    [3, 'secret'],
    [3, 'core_commercial'],
    [4, 'top_secret'],
    [4, 'confidential'],
  ])('clearance rank %i reads a %s item in scope', (rank, level) => {
    expectExactly(cleared(rank), item({ level, scope: [user('me')] }), [...SEE, ...ASK]);
  });
});

describe('三员: administrators', () => {
  const secadmin = admin('secadmin', 4);
  it.each<[string, Partial<ItemResource>, readonly ItemAction[]]>([
    [
      'secret in force, no need-to-know: metadata and administration only',
      {},
      [
        'item.view_metadata',
        'item.reclassify',
        'item.destroy',
        'item.review',
        'item.manage_grants',
        'item.transfer_custody',
        ...ASK,
      ],
    ],
    [
      'top secret in force, no need-to-know',
      { level: 'top_secret' },
      [
        'item.view_metadata',
        'item.reclassify',
        'item.destroy',
        'item.review',
        'item.manage_grants',
        'item.transfer_custody',
        ...ASK,
      ],
    ],
    [
      'secret in force, in scope: reads content too',
      { scope: [user('me')] },
      [...SEE, 'item.reclassify', 'item.destroy', 'item.review', 'item.manage_grants', 'item.transfer_custody', ...ASK],
    ],
    [
      'secret proposed, no need-to-know',
      { status: 'proposed' },
      ['item.view_metadata', 'item.destroy', 'item.manage_grants'],
    ],
    [
      'secret declassified: nothing to hand over',
      { status: 'declassified' },
      [...OPEN_CONTENT, 'item.destroy', 'item.manage_grants'],
    ],
    [
      'internal in force',
      { level: 'internal' },
      [
        ...OPEN_CONTENT,
        'item.reclassify',
        'item.destroy',
        'item.review',
        'item.manage_grants',
        'item.transfer_custody',
      ],
    ],
  ])('secadmin (top secret clearance): %s', (_label, over, allowed) => {
    expectExactly(secadmin, item(over), allowed);
  });

  const OPEN_SEE = SEE;
  const full = grant(['read', 'download', 'print', 'copy', 'excerpt', 'lend']);
  const rows: [string, Partial<ItemResource>, readonly ItemAction[]][] = [
    ['internal', { level: 'internal' }, OPEN_SEE],
    ['public', { level: 'public' }, OPEN_SEE],
    ['declassified secret', { level: 'secret', status: 'declassified' }, OPEN_SEE],
    ['internal, as custodian', { level: 'internal', custodianId: 'me' }, OPEN_SEE],
    [
      'confidential, custodian, in scope, full grant',
      { level: 'confidential', custodianId: 'me', scope: [user('me')], grants: [full] },
      NOTHING,
    ],
    ['secret, in scope', { scope: [dept('d-team')] }, NOTHING],
    ['top secret, custodian', { level: 'top_secret', custodianId: 'me' }, NOTHING],
    ['proposed confidential, custodian', { level: 'confidential', status: 'proposed', custodianId: 'me' }, NOTHING],
  ];
  it.each(
    (['sysadmin', 'auditor'] as const).flatMap((r) =>
      rows.map(([label, over, allowed]) => [r, label, over, allowed] as const),
    ),
  )('%s (even with top secret clearance): %s', (r, _label, over, allowed) => {
    expectExactly(admin(r, 4), item(over), allowed);
  });
});

describe('fail closed', () => {
  const full = grant(['read', 'download', 'print', 'copy', 'excerpt', 'lend']);
  const kinds: [string, Partial<Actor>][] = [
    ['employee', {}],
    ['leadership', { businessRoles: ['leadership'] }],
    ['secadmin', { adminRole: 'secadmin' }],
    ['sysadmin', { adminRole: 'sysadmin' }],
    ['auditor', { adminRole: 'auditor' }],
  ];
  const items: [string, Partial<ItemResource>][] = [
    [
      'custodian of a confidential item in scope with a full grant',
      { level: 'confidential', custodianId: 'me', scope: [user('me')], grants: [full] },
    ],
    ['a public item', { level: 'public' }],
    ['a declassified item', { status: 'declassified', custodianId: 'me' }],
  ];
  const rows = kinds.flatMap(([k, over]) => items.map(([label, it]) => [k, label, over, it] as const));

  it.each(rows)('without an access profile, %s: %s -> nothing', (_k, _label, over, it) => {
    expectExactly(actor(over, null), item(it), NOTHING);
  });

  const inactive = USER_STATUSES.filter((s) => s !== 'active');
  it.each(inactive.flatMap((status) => rows.map((r) => [status, ...r] as const)))(
    '[PER-07] a %s %s: %s -> nothing',
    (status, _k, _label, over, it) => {
      expectExactly(cleared(4, { ...over, status }), item(it), NOTHING);
    },
  );

  it.each<[string, Resource | undefined]>([
    ['no resource', undefined],
    ['kind none', { kind: 'none' }],
    ['a user', { kind: 'user', id: 'me', adminRole: null }],
    ['a new item', { kind: 'new_item', level: 'public' }],
  ])('an item action on %s is refused', (_label, resource) => {
    const a = cleared(4, { adminRole: 'secadmin' });
    for (const action of ITEM_ACTIONS) expect(can(a, action, resource), action).toBe(false);
  });
});

describe("requestRevealsItem: who sees the title and level of a request's item", () => {
  // The item is secret (rank 3); viewers are cleared for secret unless a row says otherwise.
  const base = {
    requesterId: 'asker',
    subjectId: null as string | null,
    chainApprovers: ['custodian', 'office'],
    itemAccessRank: 3,
  };
  it.each<[string, Partial<Parameters<typeof requestRevealsItem>[0]>, string, number, boolean]>([
    ['a change request, to its requester', { type: 'classification.reclassify', status: 'pending' }, 'asker', 3, true],
    [
      'a change request, to its requester whose clearance fell below the item',
      { type: 'classification.reclassify', status: 'pending' },
      'asker',
      2,
      false,
    ],
    [
      'a pending access request, to an approver',
      { type: 'classification.access_grant', status: 'pending' },
      'office',
      3,
      true,
    ],
    [
      'a pending access request, to an approver no longer cleared',
      { type: 'classification.access_grant', status: 'pending' },
      'office',
      2,
      false,
    ],
    [
      'a pending access request, to its requester',
      { type: 'classification.access_grant', status: 'pending' },
      'asker',
      3,
      false,
    ],
    [
      'an approved access request for oneself, to its requester',
      { type: 'classification.access_grant', status: 'approved' },
      'asker',
      3,
      true,
    ],
    [
      'an approved access request for oneself, to its requester no longer cleared',
      { type: 'classification.access_grant', status: 'approved' },
      'asker',
      2,
      false,
    ],
    [
      'a rejected access request, to its requester',
      { type: 'classification.access_grant', status: 'rejected' },
      'asker',
      3,
      false,
    ],
    [
      'an expired access request, to its requester',
      { type: 'classification.access_grant', status: 'expired' },
      'asker',
      3,
      false,
    ],
    [
      'an approved access request for someone else, to the one who asked',
      { type: 'classification.access_grant', status: 'approved', subjectId: 'member' },
      'asker',
      3,
      false,
    ],
    [
      'an approved access request for someone else, to its subject',
      { type: 'classification.access_grant', status: 'approved', subjectId: 'member' },
      'member',
      3,
      true,
    ],
    [
      'a pending access request for someone else, to its subject',
      { type: 'classification.access_grant', status: 'pending', subjectId: 'member' },
      'member',
      3,
      false,
    ],
    [
      'a declassified item (rank 0), to its uncleared requester',
      { type: 'classification.declassify', status: 'approved', itemAccessRank: 0 },
      'asker',
      1,
      true,
    ],
  ])('%s', (_label, over, viewer, clearanceRank, expected) => {
    expect(
      requestRevealsItem(
        { ...base, type: 'classification.access_grant', status: 'pending', ...over },
        { id: viewer, clearanceRank },
      ),
    ).toBe(expected);
  });
});

describe('requestShowsItemFacts: who reads the particulars a request decides on', () => {
  it.each<[string, string, string, number, boolean]>([
    ['a classification proposal, to an approver', 'classify', 'office', 3, true],
    ['a classification proposal, to an approver no longer cleared', 'classify', 'office', 2, false],
    ['a classification proposal, to its proposer', 'classify', 'asker', 3, true],
    ['a classification proposal, to someone else', 'classify', 'other', 4, false],
    ['a reclassification, to its requester', 'reclassify', 'asker', 3, true],
    ['an access request, to an approver', 'access_grant', 'custodian', 3, true],
    ['an access request, to the one who asked', 'access_grant', 'asker', 4, false],
  ])('%s', (_label, type, viewer, clearanceRank, expected) => {
    expect(
      requestShowsItemFacts(
        {
          type: `classification.${type}`,
          requesterId: 'asker',
          chainApprovers: ['custodian', 'office'],
          itemAccessRank: 3,
        },
        { id: viewer, clearanceRank },
      ),
    ).toBe(expected);
  });
});
