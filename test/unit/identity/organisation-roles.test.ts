/**
 * The organisation's roles as pure rules: the leader in charge walks up the department tree, a functional role's
 * code and when it may be deleted; identity's problem codes have text in both languages.
 */
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_FUNCTIONAL_ROLES,
  FUNCTIONAL_ROLE_CODE,
  functionalRoleDeleteProblem,
  nearestLeaderInCharge,
  type DepartmentLeader,
} from '../../../src/modules/identity/domain/organisation-roles.js';
import { IDENTITY_PROBLEMS } from '../../../src/modules/identity/contracts/problems.js';
import { zhCN } from '../../../web/src/modules/identity/i18n/zh-CN.js';
import { enUS } from '../../../web/src/modules/identity/i18n/en-US.js';

// root (gm) → rd (vp) → sw (none) → qa (none); root → fin (none); loop-a ↔ loop-b (bad data).
const TREE = new Map<string, DepartmentLeader>([
  ['root', { parentId: null, leaderId: 'gm' }],
  ['rd', { parentId: 'root', leaderId: 'vp' }],
  ['sw', { parentId: 'rd', leaderId: null }],
  ['qa', { parentId: 'sw', leaderId: null }],
  ['fin', { parentId: 'root', leaderId: null }],
  ['orphan', { parentId: 'gone', leaderId: null }],
  ['loop-a', { parentId: 'loop-b', leaderId: null }],
  ['loop-b', { parentId: 'loop-a', leaderId: null }],
]);

describe('nearestLeaderInCharge', () => {
  it.each<[string | null, string | null]>([
    ['rd', 'vp'],
    ['sw', 'vp'],
    ['qa', 'vp'],
    ['fin', 'gm'],
    ['root', 'gm'],
    ['unknown', null],
    ['orphan', null],
    ['loop-a', null],
    [null, null],
  ])('%s → %s', (dept, leader) => {
    expect(nearestLeaderInCharge(TREE, dept)).toBe(leader);
  });

  it('no leader anywhere: null', () => {
    const none = new Map([...TREE].map(([id, d]) => [id, { ...d, leaderId: null }]));
    expect(nearestLeaderInCharge(none, 'qa')).toBeNull();
  });
});

describe('functional roles', () => {
  it.each<[string, boolean]>([
    ['finance_supervisor', true],
    ['it_head', true],
    ['a1', true],
    ['x'.repeat(40), true],
    ['x'.repeat(41), false],
    ['a', false],
    ['1abc', false],
    ['_abc', false],
    ['Finance', false],
    ['fin-sup', false],
    ['fin sup', false],
    ['财务', false],
    ['', false],
  ])('code %j valid: %s', (code, ok) => {
    expect(FUNCTIONAL_ROLE_CODE.test(code)).toBe(ok);
  });

  it('the built-in codes are valid codes', () => {
    expect(BUILT_IN_FUNCTIONAL_ROLES).toEqual([
      'finance_supervisor',
      'administration_office',
      'it_head',
      'archive_keeper',
    ]);
    for (const c of BUILT_IN_FUNCTIONAL_ROLES) expect(FUNCTIONAL_ROLE_CODE.test(c)).toBe(true);
  });

  it.each<[boolean, number, string | null]>([
    [true, 0, 'built_in_role'],
    [true, 3, 'built_in_role'],
    [false, 1, 'role_has_members'],
    [false, 0, null],
  ])('deleting (built in %s, %i members) → %s', (builtIn, members, problem) => {
    expect(functionalRoleDeleteProblem({ builtIn, members })).toBe(problem);
  });
});

describe("identity's problem codes", () => {
  it.each(IDENTITY_PROBLEMS)('%s has zh-CN and en-US text', (code) => {
    expect((zhCN.problem as Record<string, string>)[code]?.trim()).toBeTruthy();
    expect((enUS.problem as Record<string, string>)[code]?.trim()).toBeTruthy();
  });

  it('the web translates only declared codes', () => {
    expect(Object.keys(zhCN.problem).filter((k) => !(IDENTITY_PROBLEMS as readonly string[]).includes(k))).toEqual([]);
  });
});
