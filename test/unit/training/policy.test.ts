import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/kernel/actor.js';
import type { AdminRole, BusinessRole } from '../../../src/kernel/roles.js';
import {
  TRAINING_ACTIONS,
  TRAINING_TARGETLESS_ACTIONS,
  sessionDepartmentRefusal,
  trainingListFilter,
  type TrainingPersonAction,
  type TrainingRefusal,
  type TrainingTargetlessAction,
} from '../../../src/policy/training.js';
import { ACTIONS, TARGETLESS_ACTIONS, can, refusal, type Resource } from '../../../src/policy/index.js';

/**
 * The training policy (src/policy/training.ts), table by table [TRN-02][TRN-03]: everyone (the three administrators
 * too) sees and takes their own training; only the security administrator manages courses, campaigns, awareness
 * messages and settings, records completions and follow-up tasks, and sees everyone; department heads run sessions
 * for their department and below; the organiser takes a session's attendance; heads and officers read their
 * department and its sub-departments. Departments: d-team under d-division under d-root; d-team-sub under d-team.
 */
const PATHS: Record<string, string[]> = {
  'd-team': ['d-team', 'd-division', 'd-root'],
  'd-division': ['d-division', 'd-root'],
  'd-team-sub': ['d-team-sub', 'd-team', 'd-division', 'd-root'],
  'd-other': ['d-other', 'd-root'],
};

interface Who {
  dept?: string | null;
  roles?: BusinessRole[];
  admin?: AdminRole;
  status?: Actor['status'];
  id?: string;
}
const actor = (w: Who = {}): Actor => ({
  id: w.id ?? 'me',
  username: 'me',
  displayName: 'Me',
  departmentId: w.dept === undefined ? 'd-team' : w.dept,
  adminRole: w.admin ?? null,
  businessRoles: w.roles ?? ['employee'],
  clearanceClass: null,
  status: w.status ?? 'active',
  separationUntil: null,
});
const employee = actor();
const secadmin = actor({ admin: 'secadmin', dept: null, id: 'sec' });
const sysadmin = actor({ admin: 'sysadmin', dept: null });
const auditor = actor({ admin: 'auditor', dept: null });
const head = actor({ roles: ['dept_head'], id: 'head' });
const officer = actor({ roles: ['dept_officer'] });
const leader = actor({ roles: ['leadership'] });

const person = (userId: string, dept: string): Resource => ({
  kind: 'training_person',
  userId,
  departmentPath: PATHS[dept]!,
});
const session = (organiserId: string, dept: string | null): Resource => ({
  kind: 'training_session',
  organiserId,
  departmentPath: dept ? PATHS[dept]! : [],
});
const department = (dept: string): Resource => ({
  kind: 'training_department',
  departmentId: dept,
  departmentPath: PATHS[dept]!,
});

describe('training actions the UI asks about', () => {
  const who: [string, Actor][] = [
    ['employee', employee],
    ['secadmin', secadmin],
    ['sysadmin', sysadmin],
    ['auditor', auditor],
    ['dept_head', head],
    ['dept_officer', officer],
    ['leadership', leader],
  ];
  const allowed: Record<TrainingTargetlessAction, string[]> = {
    'training.view_own': who.map(([n]) => n),
    'training.view_courses': who.map(([n]) => n),
    'training.take': who.map(([n]) => n),
    'training.record_external': who.map(([n]) => n),
    'training.view_campaigns': who.map(([n]) => n),
    'training.manage_courses': ['secadmin'],
    'training.manage_sessions': ['secadmin', 'dept_head'],
    'training.record_completion': ['secadmin'],
    'training.assign': ['secadmin'],
    'training.manage_campaigns': ['secadmin'],
    'training.manage_awareness': ['secadmin'],
    'training.manage_settings': ['secadmin'],
    'training.view_reports': ['secadmin', 'dept_head', 'dept_officer'],
    'training.export_reports': ['secadmin', 'dept_head', 'dept_officer'],
  };
  const rows = TRAINING_TARGETLESS_ACTIONS.flatMap((action) =>
    who.map(([name, a]) => [action, name, a, allowed[action].includes(name)] as const),
  );
  it.each(rows)('%s by %s: %s', (action, _name, a, expected) => {
    expect(can(a, action)).toBe(expected);
  });

  it('a disabled or departed account may do nothing', () => {
    for (const action of TRAINING_ACTIONS)
      for (const status of ['disabled', 'departed'] as const)
        expect(can(actor({ admin: 'secadmin', status }), action, person('x', 'd-team'))).toBe(false);
  });

  it('every training action is one of the policy, and every targetless one an ability', () => {
    for (const a of TRAINING_ACTIONS) expect(ACTIONS).toContain(a);
    for (const a of TRAINING_TARGETLESS_ACTIONS) expect(TARGETLESS_ACTIONS).toContain(a);
  });
});

describe("one person's training", () => {
  it.each<[string, Actor, TrainingPersonAction, Resource, TrainingRefusal | null]>([
    ['the person views their own', employee, 'training.view_person', person('me', 'd-team'), null],
    ['an employee views a colleague', employee, 'training.view_person', person('x', 'd-team'), 'not_in_department'],
    ['the office views anyone', secadmin, 'training.view_person', person('x', 'd-other'), null],
    ['a head views their department', head, 'training.view_person', person('x', 'd-team'), null],
    ['a head views a sub-department', head, 'training.view_person', person('x', 'd-team-sub'), null],
    [
      'a head does not view the parent department',
      head,
      'training.view_person',
      person('x', 'd-division'),
      'not_in_department',
    ],
    ['an officer views their department', officer, 'training.view_person', person('x', 'd-team'), null],
    ['an officer does not view another', officer, 'training.view_person', person('x', 'd-other'), 'not_in_department'],
    ['the auditor does not view people', auditor, 'training.view_person', person('x', 'd-team'), 'not_in_department'],
    ['the person takes their own course', employee, 'training.take', person('me', 'd-team'), null],
    ["nobody takes someone else's, the office neither", secadmin, 'training.take', person('x', 'd-team'), 'not_yours'],
    ['a head does not sign in for a member', head, 'training.take', person('x', 'd-team'), 'not_yours'],
    ['the person records an external certificate', employee, 'training.record_external', person('me', 'd-team'), null],
    ['the office records one for someone', secadmin, 'training.record_external', person('x', 'd-team'), null],
    ["a head does not record a member's", head, 'training.record_external', person('x', 'd-team'), 'not_yours'],
    ['the office records a completion', secadmin, 'training.record_completion', person('x', 'd-team'), null],
    ['never its own', secadmin, 'training.record_completion', person('sec', 'd-team'), 'own_record'],
    ['a head records no completion', head, 'training.record_completion', person('x', 'd-team'), 'not_permitted'],
    ['the office assigns a follow-up task', secadmin, 'training.assign', person('x', 'd-team'), null],
    ['never to itself', secadmin, 'training.assign', person('sec', 'd-team'), 'own_record'],
    ['an employee assigns nothing', employee, 'training.assign', person('x', 'd-team'), 'not_permitted'],
  ])('%s', (_name, a, action, resource, expected) => {
    expect(refusal(a, action, resource)).toBe(expected);
  });
});

describe('sessions', () => {
  it.each<[string, Actor, Resource, string | null]>([
    ['the organiser runs it', employee, session('me', null), null],
    ['the office runs any', secadmin, session('x', 'd-other'), null],
    ["a head runs their department's", head, session('x', 'd-team'), null],
    ["a head runs a sub-department's", head, session('x', 'd-team-sub'), null],
    ["a head does not run another department's", head, session('x', 'd-other'), 'not_permitted'],
    ['a head does not run an organisation-wide one of someone else', head, session('x', null), 'not_permitted'],
    ["an officer does not run their department's", officer, session('x', 'd-team'), 'not_permitted'],
    ['an employee does not take attendance', employee, session('x', 'd-team'), 'not_permitted'],
  ])('%s', (_name, a, resource, expected) => {
    expect(refusal(a, 'training.manage_session', resource)).toBe(expected);
    expect(refusal(a, 'training.record_attendance', resource)).toBe(expected);
  });

  it.each<[string, Actor, string | null, TrainingRefusal | null]>([
    ['the office, for the whole organisation', secadmin, null, null],
    ['the office, for a department', secadmin, 'd-other', null],
    ['a head, for their department', head, 'd-team', null],
    ['a head, for a sub-department', head, 'd-team-sub', null],
    ['a head, for the whole organisation', head, null, 'not_in_department'],
    ['a head, for another department', head, 'd-other', 'not_in_department'],
    ['an officer', officer, 'd-team', 'not_permitted'],
    ['an employee', employee, 'd-team', 'not_permitted'],
  ])('creating a session: %s', (_name, a, dept, expected) => {
    expect(sessionDepartmentRefusal(a, dept ? PATHS[dept]! : [])).toBe(expected);
  });
});

describe('reports and the list filter', () => {
  it.each<[string, Actor, string, string | null]>([
    ['the office, any department', secadmin, 'd-other', null],
    ['a head, their own', head, 'd-team', null],
    ['a head, a sub-department', head, 'd-team-sub', null],
    ['a head, another', head, 'd-other', 'not_in_department'],
    ['an officer, their own', officer, 'd-team', null],
    ['an employee', employee, 'd-team', 'not_permitted'],
    ['the auditor', auditor, 'd-team', 'not_permitted'],
  ])('%s', (_name, a, dept, expected) => {
    expect(refusal(a, 'training.view_reports', department(dept))).toBe(expected);
    expect(refusal(a, 'training.export_reports', department(dept))).toBe(expected);
  });

  it.each<[string, Actor, ReturnType<typeof trainingListFilter>]>([
    ['the office: everyone', secadmin, { kind: 'all' }],
    ['a head: the subtree', head, { kind: 'departments', departmentIds: ['d-team', 'd-team-sub'] }],
    ['an officer: the subtree', officer, { kind: 'departments', departmentIds: ['d-team', 'd-team-sub'] }],
    ['an employee: nobody', employee, { kind: 'none' }],
    ['leadership: nobody', leader, { kind: 'none' }],
    ['a disabled office account: nobody', actor({ admin: 'secadmin', status: 'disabled' }), { kind: 'none' }],
  ])('%s', (_name, a, expected) => {
    expect(trainingListFilter(a, ['d-team', 'd-team-sub'])).toEqual(expected);
  });
});
