import { describe, expect, it } from 'vitest';
import type { AccessProfile, Actor } from '../../../src/kernel/actor.js';
import { itemListFilter, type ItemListFilter, type ItemResource } from '../../../src/policy/classification.js';
import { LEVELS, type Level } from '../../../src/kernel/levels.js';
import { can, type Action, type Resource } from '../../../src/policy/index.js';
import type { AdminRole, BusinessRole } from '../../../src/kernel/roles.js';
import { accessRankOf, type GrantView, type ItemStatus, type ScopeEntry } from '../../../src/kernel/secret-item.js';

const AT = '2025-06-01T12:00:00.000Z';
const BEFORE = '2025-05-01T00:00:00.000Z';
const AFTER = '2025-07-01T00:00:00.000Z';
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
const cleared = (clearanceRank: number, over: Partial<Actor> = {}, departmentPath: string[] = MY_PATH) =>
  actor(over, { departmentPath, clearanceRank });

describe('itemListFilter: shape', () => {
  it.each<[string, Actor, ItemListFilter]>([
    [
      'an employee: need-to-know up to the clearance',
      cleared(3),
      { kind: 'need_to_know', maxRank: 3, userId: 'me', departmentIds: MY_PATH, roles: ['employee'], at: AT },
    ],
    [
      'a department head without a department',
      cleared(2, { businessRoles: ['employee', 'dept_head'] }, []),
      { kind: 'need_to_know', maxRank: 2, userId: 'me', departmentIds: [], roles: ['employee', 'dept_head'], at: AT },
    ],
    [
      'the secadmin: everything up to its clearance',
      cleared(4, { adminRole: 'secadmin' }),
      { kind: 'up_to_rank', maxRank: 4 },
    ],
    ['the secadmin with secret clearance', cleared(3, { adminRole: 'secadmin' }), { kind: 'up_to_rank', maxRank: 3 }],
    ['the sysadmin: open items only', cleared(4, { adminRole: 'sysadmin' }), { kind: 'open_only' }],
    ['the auditor: open items only', cleared(1, { adminRole: 'auditor' }), { kind: 'open_only' }],
    ['a disabled person: nothing', cleared(4, { status: 'disabled' }), { kind: 'none' }],
    ['a departed secadmin: nothing', cleared(4, { status: 'departed', adminRole: 'secadmin' }), { kind: 'none' }],
    ['no access profile: nothing', actor({}, null), { kind: 'none' }],
    ['the secadmin without an access profile: nothing', actor({ adminRole: 'secadmin' }, null), { kind: 'none' }],
  ])('%s', (_label, a, filter) => {
    expect(itemListFilter(a, AT)).toEqual(filter);
  });
});

/**
 * What the filter means, as the repository reads it (item_access principals plus active grants), written
 * here independently of `canOnItem`: no read-up, then open to everyone, or custodian, or in scope by name,
 * department (the person's department path) or role, or holding an active grant at the filter's instant.
 */
function visible(f: ItemListFilter, it: ItemResource): boolean {
  switch (f.kind) {
    case 'none':
      return false;
    case 'open_only':
      return it.accessRank <= 1;
    case 'up_to_rank':
      return it.accessRank <= f.maxRank;
    case 'need_to_know': {
      if (it.accessRank > f.maxRank) return false;
      if (it.accessRank <= 1 || it.custodianId === f.userId) return true;
      const inScope = it.scope.some(
        (s) =>
          (s.kind === 'user' && s.ref === f.userId) ||
          (s.kind === 'department' && f.departmentIds.includes(s.ref)) ||
          (s.kind === 'role' && f.roles.includes(s.ref)),
      );
      return inScope || it.grants.some((g) => g.granteeId === f.userId && g.revokedAt === null && g.expiresAt > f.at);
    }
  }
}

describe('[CAR-05] itemListFilter agrees with can(item.view_metadata)', () => {
  const SCOPES: [string, ScopeEntry[]][] = [
    ['no scope', []],
    ['me named', [{ kind: 'user', ref: 'me' }]],
    ['someone else named', [{ kind: 'user', ref: 'you' }]],
    ['own department', [{ kind: 'department', ref: 'd-team' }]],
    ['parent department', [{ kind: 'department', ref: 'd-division' }]],
    ['a sub-department', [{ kind: 'department', ref: 'd-team-sub' }]],
    ['a sibling department', [{ kind: 'department', ref: 'd-other' }]],
    ['role employee', [{ kind: 'role', ref: 'employee' }]],
    ['role dept_head', [{ kind: 'role', ref: 'dept_head' }]],
    [
      'role leadership + someone else',
      [
        { kind: 'role', ref: 'leadership' },
        { kind: 'user', ref: 'you' },
      ],
    ],
  ];
  const GRANTS: [string, GrantView[]][] = [
    ['no grant', []],
    ['my read grant', [{ granteeId: 'me', actions: ['read'], expiresAt: AFTER, revokedAt: null }]],
    ['my copy grant', [{ granteeId: 'me', actions: ['read', 'copy'], expiresAt: AFTER, revokedAt: null }]],
    ['my expired grant', [{ granteeId: 'me', actions: ['read'], expiresAt: BEFORE, revokedAt: null }]],
    ['my grant expiring now', [{ granteeId: 'me', actions: ['read'], expiresAt: AT, revokedAt: null }]],
    ['my revoked grant', [{ granteeId: 'me', actions: ['read'], expiresAt: AFTER, revokedAt: BEFORE }]],
    ['someone else’s grant', [{ granteeId: 'you', actions: ['read', 'lend'], expiresAt: AFTER, revokedAt: null }]],
  ];
  const STATUSES: ItemStatus[] = ['proposed', 'in_force', 'declassified', 'rejected', 'withdrawn'];
  const CUSTODIANS = ['me', 'you'];

  const items: { label: string; item: ItemResource }[] = [];
  for (const level of LEVELS as readonly Level[])
    for (const status of STATUSES)
      for (const [s, scope] of SCOPES)
        for (const [g, grants] of GRANTS)
          for (const custodianId of CUSTODIANS)
            items.push({
              label: `${level}/${status}/${s}/${g}/custodian ${custodianId}`,
              item: {
                kind: 'item',
                id: 'i',
                level,
                status,
                accessRank: accessRankOf(level, status),
                custodianId,
                classifierId: 'me',
                scope,
                grants,
                at: AT,
              },
            });

  const ACTORS: [string, Actor][] = [
    ['uncleared employee', cleared(1, { clearanceClass: null })],
    ['employee, confidential clearance', cleared(2, { clearanceClass: 'general' })],
    ['employee, secret clearance', cleared(3)],
    ['employee, top secret clearance', cleared(4, { clearanceClass: 'core' })],
    ['employee without a department', cleared(4, {}, [])],
    ['employee in a sibling department', cleared(3, {}, ['d-other', 'd-root'])],
    ['dept head, secret clearance', cleared(3, { businessRoles: ['employee', 'dept_head'] })],
    ['leadership, top secret clearance', cleared(4, { businessRoles: ['leadership'] as BusinessRole[] })],
    ['secadmin, top secret clearance', cleared(4, { adminRole: 'secadmin' })],
    ['secadmin, confidential clearance', cleared(2, { adminRole: 'secadmin' })],
    ...(['sysadmin', 'auditor'] as AdminRole[]).map((r): [string, Actor] => [
      `${r} with top secret clearance`,
      cleared(4, { adminRole: r }),
    ]),
    ['disabled employee', cleared(4, { status: 'disabled' })],
    ['departed secadmin', cleared(4, { status: 'departed', adminRole: 'secadmin' })],
    ['employee without an access profile', actor({}, null)],
  ];

  it(`covers ${items.length} items`, () => {
    expect(items.length).toBe(LEVELS.length * STATUSES.length * SCOPES.length * GRANTS.length * CUSTODIANS.length);
  });

  it.each(ACTORS)('%s', (_label, a) => {
    const f = itemListFilter(a, AT);
    const disagreements = items
      .filter(({ item }) => visible(f, item) !== can(a, 'item.view_metadata', item))
      .map(({ label, item }) => `${label}: filter ${visible(f, item)}, can ${can(a, 'item.view_metadata', item)}`);
    expect(disagreements).toEqual([]);
  });

  it('the comparison is not vacuous: every active actor with access sees some items, and only the top-cleared secadmin sees all', () => {
    for (const [label, a] of ACTORS.filter(([, a]) => a.status === 'active' && a.access)) {
      const n = items.filter(({ item }) => can(a, 'item.view_metadata', item)).length;
      expect(n, label).toBeGreaterThan(0);
      if (label === 'secadmin, top secret clearance') expect(n, label).toBe(items.length);
      else expect(n, label).toBeLessThan(items.length);
    }
  });
});

describe('targetless classification actions', () => {
  type Row = [string, Actor];
  const ACTORS: Row[] = [
    ['employee', cleared(3)],
    ['dept_officer', cleared(3, { businessRoles: ['employee', 'dept_officer'] })],
    ['dept_head', cleared(3, { businessRoles: ['dept_head'] })],
    ['leadership', cleared(3, { businessRoles: ['leadership'] })],
    ['secadmin', cleared(3, { adminRole: 'secadmin' })],
    ['sysadmin with dept_head role', cleared(3, { adminRole: 'sysadmin', businessRoles: ['dept_head'] })],
    ['auditor with leadership role', cleared(3, { adminRole: 'auditor', businessRoles: ['leadership'] })],
  ];
  const T = true;
  const F = false;
  // [item.propose (no target), classification.view, classification.manage, review.manage]
  const EXPECTED: Record<string, [boolean, boolean, boolean, boolean]> = {
    employee: [F, T, F, F],
    dept_officer: [T, T, F, F],
    dept_head: [T, T, F, F],
    leadership: [T, T, F, F],
    secadmin: [T, T, T, T],
    'sysadmin with dept_head role': [F, T, F, F],
    'auditor with leadership role': [F, T, F, F],
  };
  const ACTIONS = [
    'item.propose',
    'classification.view',
    'classification.manage',
    'review.manage',
  ] as const satisfies readonly Action[];

  it.each(ACTORS)('%s', (label, a) => {
    expect(ACTIONS.map((action) => can(a, action))).toEqual(EXPECTED[label]);
    // an inactive person can do none of it
    expect(ACTIONS.map((action) => can({ ...a, status: 'disabled' }, action))).toEqual([F, F, F, F]);
  });

  // Proposing at a level needs clearance for that level (a dept head with secret clearance: rank 3).
  it.each<[string, Actor, Level, boolean]>([
    ['dept head proposes secret', cleared(3, { businessRoles: ['dept_head'] }), 'secret', true],
    [
      'dept head proposes core commercial (rank of secret)',
      cleared(3, { businessRoles: ['dept_head'] }),
      'core_commercial',
      true,
    ],
    ['dept head proposes confidential', cleared(3, { businessRoles: ['dept_head'] }), 'confidential', true],
    ['dept head proposes internal', cleared(3, { businessRoles: ['dept_head'] }), 'internal', true],
    [
      'dept head proposes top secret above its clearance',
      cleared(3, { businessRoles: ['dept_head'] }),
      'top_secret',
      false,
    ],
    [
      'dept officer with confidential clearance proposes secret',
      cleared(2, { businessRoles: ['dept_officer'] }),
      'secret',
      false,
    ],
    [
      'secadmin with top secret clearance proposes top secret',
      cleared(4, { adminRole: 'secadmin' }),
      'top_secret',
      true,
    ],
    ['employee proposes internal', cleared(3), 'internal', false],
    [
      'sysadmin with leadership role proposes public',
      cleared(4, { adminRole: 'sysadmin', businessRoles: ['leadership'] }),
      'public',
      false,
    ],
    [
      'dept head without an access profile proposes internal',
      actor({ businessRoles: ['dept_head'] }, null),
      'internal',
      false,
    ],
    [
      'departed dept head proposes internal',
      cleared(4, { businessRoles: ['dept_head'], status: 'departed' }),
      'internal',
      false,
    ],
  ])('%s -> %s', (_label, a, level, allowed) => {
    const target: Resource = { kind: 'new_item', level };
    expect(can(a, 'item.propose', target)).toBe(allowed);
  });
});
