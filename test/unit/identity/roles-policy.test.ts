import { CARRIER_TARGETLESS_ACTIONS } from '../../../src/policy/carriers.js';
import { AGREEMENT_TARGETLESS_ACTIONS } from '../../../src/policy/people.js';
import { TRAINING_TARGETLESS_ACTIONS } from '../../../src/policy/training.js';
import { describe, expect, it } from 'vitest';
import { actorRoleLabel, type Actor } from '../../../src/kernel/actor.js';
import { abilitiesOf, auditScope, can, type Action, type Resource } from '../../../src/policy/index.js';
import {
  ADMIN_ROLES,
  BUSINESS_ROLES,
  excludedFromContent,
  INCOMPATIBLE_ADMIN_ROLES,
  USER_STATUSES,
  isAdminRole,
  violatesSeparation,
  type AdminRole,
  type BusinessRole,
} from '../../../src/kernel/roles.js';

/** The foundation's actions (item, approval and classification actions have their own tests). */
const ALL_ACTIONS = [
  'department.view',
  'department.manage',
  'user.view',
  'user.manage',
  'user.assign_admin_role',
  'user.assign_clearance',
  'user.view_holdings',
  'user.hand_over',
  'settings.view',
  'settings.manage',
  'organisation.view_roles',
  'organisation.manage_roles',
  'otp_token.manage',
  'mfa.require',
  'audit.read_own',
  'audit.review_users',
  'audit.review_admins',
  'audit.verify',
  'audit.export',
  'audit.manage_settings',
] as const satisfies readonly Action[];
type FoundationAction = (typeof ALL_ACTIONS)[number];

function actor(over: Partial<Actor> = {}): Actor {
  return {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: 'd1',
    adminRole: null,
    businessRoles: ['employee'],
    clearanceClass: null,
    status: 'active',
    separationUntil: null,
    ...over,
  };
}

describe('roles', () => {
  it('declares the three admin roles and the business roles', () => {
    expect(ADMIN_ROLES).toEqual(['sysadmin', 'secadmin', 'auditor']);
    expect(BUSINESS_ROLES).toEqual(['employee', 'dept_officer', 'dept_head', 'leadership']);
  });

  // Every pair of admin roles: the 三员 may never be combined in one account.
  const pairs: [AdminRole, AdminRole][] = ADMIN_ROLES.flatMap((a) =>
    ADMIN_ROLES.filter((b) => b !== a).map((b) => [a, b] as [AdminRole, AdminRole]),
  );
  it.each(pairs)('violatesSeparation([%s, %s]) reports the pair', (a, b) => {
    const v = violatesSeparation([a, b]);
    expect(v).not.toBeNull();
    expect([...v!].sort()).toEqual([a, b].sort());
  });

  it.each<[AdminRole[]]>([[[]], [['sysadmin']], [['secadmin']], [['auditor']], [['auditor', 'auditor']]])(
    'violatesSeparation(%j) = null',
    (roles) => {
      expect(violatesSeparation(roles)).toBeNull();
    },
  );

  it('all three together violate separation', () => {
    expect(violatesSeparation(['sysadmin', 'secadmin', 'auditor'])).not.toBeNull();
  });

  it('every unordered pair is listed as incompatible', () => {
    const listed = new Set(INCOMPATIBLE_ADMIN_ROLES.map((p) => [...p].sort().join('+')));
    expect(listed).toEqual(new Set(['auditor+sysadmin', 'auditor+secadmin', 'secadmin+sysadmin']));
  });

  it.each<[unknown, boolean]>([
    ['sysadmin', true],
    ['secadmin', true],
    ['auditor', true],
    ['Sysadmin', false],
    ['employee', false],
    ['', false],
    [null, false],
    [1, false],
  ])('isAdminRole(%j) = %s', (v, ok) => {
    expect(isAdminRole(v)).toBe(ok);
  });

  it.each<[AdminRole | null, BusinessRole[], string]>([
    ['sysadmin', ['leadership'], 'sysadmin'],
    ['auditor', [], 'auditor'],
    [null, ['employee', 'dept_officer'], 'dept_officer'],
    [null, ['dept_officer', 'dept_head'], 'dept_head'],
    [null, ['employee', 'leadership', 'dept_head'], 'leadership'],
    [null, ['employee'], 'employee'],
    [null, [], 'employee'],
  ])('actorRoleLabel(%s, %j) = %s', (adminRole, businessRoles, label) => {
    expect(actorRoleLabel({ adminRole, businessRoles })).toBe(label);
  });
});

describe('policy: can', () => {
  type Kind = AdminRole | BusinessRole;
  const KINDS: Kind[] = [...ADMIN_ROLES, ...BUSINESS_ROLES];
  const asActor = (k: Kind): Actor =>
    isAdminRole(k) ? actor({ adminRole: k, businessRoles: ['employee'] }) : actor({ businessRoles: [k] });

  const otherUser: Resource = { kind: 'user', id: 'someone-else', adminRole: null };
  const otherAdmin: Resource = { kind: 'user', id: 'another-admin', adminRole: 'auditor' };
  const self: Resource = { kind: 'user', id: 'me', adminRole: null };

  /** The expected table, written out independently of the implementation. [no target, other user, self] */
  const T = true;
  const F = false;
  const EXPECTED: Record<
    FoundationAction,
    Record<'sysadmin' | 'secadmin' | 'auditor' | 'business', [boolean, boolean, boolean]>
  > = {
    'department.view': { sysadmin: [T, T, T], secadmin: [T, T, T], auditor: [T, T, T], business: [T, T, T] },
    'user.view': { sysadmin: [T, T, T], secadmin: [T, T, T], auditor: [T, T, T], business: [T, T, T] },
    'department.manage': { sysadmin: [T, T, T], secadmin: [F, F, F], auditor: [F, F, F], business: [F, F, F] },
    'settings.manage': { sysadmin: [T, T, T], secadmin: [F, F, F], auditor: [F, F, F], business: [F, F, F] },
    'settings.view': { sysadmin: [T, T, T], secadmin: [T, T, T], auditor: [T, T, T], business: [F, F, F] },
    'user.manage': { sysadmin: [T, T, F], secadmin: [F, F, F], auditor: [F, F, F], business: [F, F, F] },
    'user.assign_admin_role': { sysadmin: [F, F, F], secadmin: [F, T, F], auditor: [F, F, F], business: [F, F, F] },
    'user.assign_clearance': { sysadmin: [F, F, F], secadmin: [F, T, F], auditor: [F, F, F], business: [F, F, F] },
    // Departure: the sysadmin records it, the secadmin hands things over; nobody about their own holdings.
    'user.view_holdings': { sysadmin: [T, T, F], secadmin: [T, T, F], auditor: [F, F, F], business: [F, F, F] },
    'user.hand_over': { sysadmin: [F, F, F], secadmin: [T, T, F], auditor: [F, F, F], business: [F, F, F] },
    'organisation.view_roles': { sysadmin: [T, T, T], secadmin: [T, T, T], auditor: [T, T, T], business: [T, T, T] },
    // The security administrator gives organisation roles, never to itself (nor to an admin account, below).
    'organisation.manage_roles': { sysadmin: [F, F, F], secadmin: [T, T, F], auditor: [F, F, F], business: [F, F, F] },
    // Hardware tokens are account equipment (sysadmin); the second factor each class needs is a security decision.
    'otp_token.manage': { sysadmin: [T, T, T], secadmin: [F, F, F], auditor: [F, F, F], business: [F, F, F] },
    'mfa.require': { sysadmin: [F, F, F], secadmin: [T, T, T], auditor: [F, F, F], business: [F, F, F] },
    // 三员: the security administrator reviews ordinary users, the auditor the administrators (policy/audit.ts).
    'audit.review_users': { sysadmin: [F, F, F], secadmin: [T, T, T], auditor: [F, F, F], business: [F, F, F] },
    'audit.review_admins': { sysadmin: [F, F, F], secadmin: [F, F, F], auditor: [T, T, T], business: [F, F, F] },
    'audit.verify': { sysadmin: [F, F, F], secadmin: [F, F, F], auditor: [T, T, T], business: [F, F, F] },
    'audit.export': { sysadmin: [F, F, F], secadmin: [T, T, T], auditor: [T, T, T], business: [F, F, F] },
    'audit.manage_settings': { sysadmin: [F, F, F], secadmin: [T, T, T], auditor: [F, F, F], business: [F, F, F] },
    'audit.read_own': { sysadmin: [T, T, T], secadmin: [T, T, T], auditor: [T, T, T], business: [F, F, F] },
  };

  const rows = KINDS.flatMap((k) => ALL_ACTIONS.map((a) => [k, a] as [Kind, FoundationAction]));
  it.each(rows)('%s × %s', (kind, action) => {
    const col = isAdminRole(kind) ? kind : 'business';
    const [none, other, mine] = EXPECTED[action][col];
    const a = asActor(kind);
    expect(can(a, action), 'no target').toBe(none);
    expect(can(a, action, otherUser), 'another user').toBe(other);
    // Admin accounts are out of reach of the sysadmin's account management (三员), and hold no organisation role.
    expect(can(a, action, otherAdmin), 'another admin').toBe(
      action === 'user.manage' || action === 'organisation.manage_roles' ? false : other,
    );
    expect(can(a, action, self), 'self').toBe(mine);
  });

  it.each(rows)('an admin role decides, not business roles: %s × %s with every business role', (kind, action) => {
    const base = asActor(kind);
    const loaded = { ...base, businessRoles: [...BUSINESS_ROLES] };
    expect(can(loaded, action, otherUser)).toBe(can(base, action, otherUser));
  });

  const inactive = USER_STATUSES.filter((s) => s !== 'active');
  it.each(inactive.flatMap((status) => KINDS.map((k) => [status, k] as const)))(
    '[PER-07] a %s %s can do nothing at all',
    (status, kind) => {
      const a = { ...asActor(kind), status };
      for (const action of ALL_ACTIONS) {
        for (const r of [undefined, otherUser, self]) expect(can(a, action, r), action).toBe(false);
      }
      expect(auditScope(a, { auditorReadsAll: true })).toEqual({ kind: 'none' });
      expect(Object.values(abilitiesOf(a)).every((v) => v === false)).toBe(true);
    },
  );

  describe('no self-assignment', () => {
    const secadmin = actor({ id: 'sa', adminRole: 'secadmin' });
    const sysadmin = actor({ id: 'sy', adminRole: 'sysadmin' });
    it.each<[string, Action, Actor, Resource, boolean]>([
      [
        'secadmin grants itself an admin role',
        'user.assign_admin_role',
        secadmin,
        { kind: 'user', id: 'sa', adminRole: 'secadmin', newAdminRole: 'sysadmin' },
        false,
      ],
      [
        'secadmin drops its own admin role',
        'user.assign_admin_role',
        secadmin,
        { kind: 'user', id: 'sa', adminRole: 'secadmin', newAdminRole: null },
        false,
      ],
      [
        'secadmin sets its own clearance',
        'user.assign_clearance',
        secadmin,
        { kind: 'user', id: 'sa', adminRole: 'secadmin', newClearance: 'core' },
        false,
      ],
      [
        'secadmin sets another user clearance',
        'user.assign_clearance',
        secadmin,
        { kind: 'user', id: 'u2', adminRole: null, newClearance: 'core' },
        true,
      ],
      [
        'secadmin makes another user auditor',
        'user.assign_admin_role',
        secadmin,
        { kind: 'user', id: 'u2', adminRole: null, newAdminRole: 'auditor' },
        true,
      ],
      [
        'sysadmin edits itself via the admin path',
        'user.manage',
        sysadmin,
        { kind: 'user', id: 'sy', adminRole: 'sysadmin', newBusinessRoles: ['leadership'] },
        false,
      ],
      [
        'sysadmin grants another user business roles',
        'user.manage',
        sysadmin,
        { kind: 'user', id: 'u2', adminRole: null, newBusinessRoles: ['dept_head'] },
        true,
      ],
      [
        'sysadmin assigns an admin role',
        'user.assign_admin_role',
        sysadmin,
        { kind: 'user', id: 'u2', adminRole: null, newAdminRole: 'sysadmin' },
        false,
      ],
      [
        'sysadmin assigns clearance',
        'user.assign_clearance',
        sysadmin,
        { kind: 'user', id: 'u2', adminRole: null, newClearance: 'general' },
        false,
      ],
    ])('%s -> %s', (_label, action, a, resource, allowed) => {
      expect(can(a, action, resource)).toBe(allowed);
    });
  });

  describe('abilitiesOf', () => {
    it.each(KINDS)('%s: offers exactly what `can` allows without a specific target', (kind) => {
      const a = asActor(kind);
      const abilities = abilitiesOf(a);
      expect(Object.keys(abilities).sort()).toEqual(
        [
          ...ALL_ACTIONS,
          'item.propose',
          'item.request_for_team',
          'item.ask_access',
          'approval.participate',
          'approval.manage_chains',
          'approval.record_paper',
          'classification.view',
          'classification.manage',
          'review.manage',
          ...CARRIER_TARGETLESS_ACTIONS,
          ...AGREEMENT_TARGETLESS_ACTIONS,
          ...TRAINING_TARGETLESS_ACTIONS,
        ].sort(),
      );
      const col = isAdminRole(kind) ? kind : 'business';
      for (const action of ALL_ACTIONS) {
        const [none, other] = EXPECTED[action][col];
        // assignment actions are probed against "some other user", everything else without a target
        expect(abilities[action], action).toBe(action.startsWith('user.assign') ? other : none);
      }
    });
  });

  describe('auditScope', () => {
    it.each<[Kind, boolean, ReturnType<typeof auditScope>]>([
      ['auditor', false, { kind: 'some', actorId: 'me', classes: ['admins'] }],
      ['auditor', true, { kind: 'all' }],
      ['sysadmin', false, { kind: 'some', actorId: 'me', classes: [] }],
      ['sysadmin', true, { kind: 'some', actorId: 'me', classes: [] }],
      ['secadmin', false, { kind: 'some', actorId: 'me', classes: ['ordinary'] }],
      ['secadmin', true, { kind: 'some', actorId: 'me', classes: ['ordinary'] }],
      ['employee', true, { kind: 'none' }],
      ['dept_officer', true, { kind: 'none' }],
      ['dept_head', true, { kind: 'none' }],
      ['leadership', true, { kind: 'none' }],
    ])('%s (auditor reads all: %s) -> %j', (kind, auditorReadsAll, scope) => {
      expect(auditScope(asActor(kind), { auditorReadsAll })).toEqual(scope);
    });
  });
});

describe('excludedFromContent (三员: who never holds classified content)', () => {
  it.each([
    ['sysadmin', true],
    ['auditor', true],
    ['secadmin', false],
    [null, false],
    [undefined, false],
    ['', false],
  ] as const)('%s -> %s', (role, expected) => {
    expect(excludedFromContent(role)).toBe(expected);
  });
});
