import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/kernel/actor.js';
import type { AdminRole, BusinessRole, ClearanceClass } from '../../../src/kernel/roles.js';
import { classificationRefusal } from '../../../src/policy/classification.js';
import { abilitiesOf, can, type Action } from '../../../src/policy/index.js';
import { DEFAULT_ACCOUNT_POLICY } from '../../../src/kernel/account-policy.js';
import { publicPasswordRules } from '../../../src/modules/identity/domain/password-rules.js';

function actor(adminRole: AdminRole | null, roles: BusinessRole[], clearanceClass: ClearanceClass | null): Actor {
  return {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: 'd',
    adminRole,
    businessRoles: roles,
    clearanceClass,
    status: 'active',
    separationUntil: null,
  };
}

describe('item.ask_access: who may ask for access to classified items at all (issue 18)', () => {
  it.each<[string, Actor, string | null]>([
    ['the system administrator, even cleared', actor('sysadmin', ['employee'], 'core'), 'content_excluded'],
    ['the security auditor, even cleared', actor('auditor', ['employee'], 'core'), 'content_excluded'],
    ['the security administrator, cleared', actor('secadmin', ['employee'], 'core'), null],
    ['an employee without a clearance class', actor(null, ['employee'], null), 'no_clearance'],
    ['a department head without a clearance class', actor(null, ['dept_head'], null), 'no_clearance'],
    ['an employee cleared general (up to 秘密)', actor(null, ['employee'], 'general'), null],
    ['leadership, core', actor(null, ['leadership'], 'core'), null],
  ])('%s -> %s', (_who, a, refusal) => {
    expect(classificationRefusal(a, 'item.ask_access', null)).toBe(refusal);
    expect(abilitiesOf(a)['item.ask_access']).toBe(refusal === null);
  });
});

describe('publicPasswordRules: lengths and character classes, nothing else of the policy', () => {
  it.each([
    [10, 3],
    [8, 1],
    [128, 4],
  ])('min length %i, %i classes', (passwordMinLength, passwordMinClasses) => {
    const rules = publicPasswordRules({ ...DEFAULT_ACCOUNT_POLICY, passwordMinLength, passwordMinClasses });
    expect(rules).toEqual({
      minLength: passwordMinLength,
      maxLength: 256,
      minClasses: passwordMinClasses,
      classes: ['lower', 'upper', 'digit', 'symbol'],
    });
  });
});

describe('abilitiesOf is remembered per actor, never across a change', () => {
  it.each<[string, Partial<Actor>]>([
    ['a new admin role', { adminRole: 'secadmin' }],
    ['a new business role', { businessRoles: ['dept_officer'] }],
    ['a lost clearance', { clearanceClass: null }],
    ['a disabled account', { status: 'disabled' }],
  ])('answers anew after %s', (_what, change) => {
    const before = actor(null, ['employee'], 'general');
    const first = abilitiesOf(before);
    expect(abilitiesOf({ ...before })).toBe(first);
    const after = { ...before, ...change };
    const fresh = Object.fromEntries(
      Object.keys(first).map((a) => [
        a,
        can(
          after,
          a as Action,
          a.startsWith('user.assign') ? { kind: 'user', id: '\u0000', adminRole: null } : undefined,
        ),
      ]),
    );
    expect(fresh).not.toEqual(first);
    expect(abilitiesOf(after)).toEqual(fresh);
  });
});
