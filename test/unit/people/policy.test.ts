import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/kernel/actor.js';
import type { AdminRole, BusinessRole } from '../../../src/kernel/roles.js';
import {
  AGREEMENT_ACTIONS,
  AGREEMENT_PERSON_ACTIONS,
  AGREEMENT_TARGETLESS_ACTIONS,
  agreementListFilter,
  type AgreementPersonAction,
  type AgreementPersonResource,
  type AgreementRefusal,
  type AgreementTargetlessAction,
} from '../../../src/policy/people.js';
import { ACTIONS, TARGETLESS_ACTIONS, abilitiesOf, can, refusal, type Resource } from '../../../src/policy/index.js';

/**
 * The agreements policy (src/policy/people.ts), table by table [PER-01][PER-02]: everyone (the three administrators
 * too) reads and signs their own; only the security administrator manages templates and settings, records paper
 * signatures, withdraws, asks leavers, and sees everyone; department heads and officers read their department and
 * its sub-departments. Departments: d-team under d-division under d-root; d-team-sub under d-team; d-other.
 */
const PATHS: Record<string, string[]> = {
  'd-team': ['d-team', 'd-division', 'd-root'],
  'd-division': ['d-division', 'd-root'],
  'd-team-sub': ['d-team-sub', 'd-team', 'd-division', 'd-root'],
  'd-other': ['d-other', 'd-root'],
  'd-root': ['d-root'],
};

interface Who {
  dept?: string | null;
  roles?: BusinessRole[];
  admin?: AdminRole;
  status?: Actor['status'];
}

function actor(w: Who = {}): Actor {
  return {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: w.dept === undefined ? 'd-team' : w.dept,
    adminRole: w.admin ?? null,
    businessRoles: w.roles ?? ['employee'],
    clearanceClass: null,
    status: w.status ?? 'active',
    separationUntil: null,
  };
}

const person = (userId: string, dept: string): AgreementPersonResource => ({
  kind: 'agreement_person',
  userId,
  departmentPath: PATHS[dept]!,
});
const department = (dept: string): Resource => ({
  kind: 'agreement_department',
  departmentId: dept,
  departmentPath: PATHS[dept]!,
});

type R = AgreementRefusal | 'inactive' | 'wrong_target' | null;

const EMPLOYEE: Who = {};
const HEAD_DIVISION: Who = { dept: 'd-division', roles: ['dept_head'] };
const OFFICER_TEAM: Who = { dept: 'd-team', roles: ['dept_officer'] };
const SECADMIN: Who = { dept: 'd-root', admin: 'secadmin' };
const SYSADMIN: Who = { dept: 'd-root', admin: 'sysadmin' };
const AUDITOR: Who = { dept: 'd-root', admin: 'auditor' };
const LEADER: Who = { dept: 'd-root', roles: ['leadership'] };
const HEAD_NO_DEPT: Who = { dept: null, roles: ['dept_head'] };
const DEPARTED: Who = { status: 'departed' };

describe('agreements policy: actions without a target (abilities)', () => {
  const rows: [string, Who, AgreementTargetlessAction, R][] = [
    // Everyone reads and signs their own, the three administrators included ("administrators are no exception").
    ...([EMPLOYEE, HEAD_DIVISION, SECADMIN, SYSADMIN, AUDITOR, LEADER] as Who[]).flatMap((w) =>
      (['agreement.view_own', 'agreement.sign', 'agreement.read_text'] as const).map(
        (a): [string, Who, AgreementTargetlessAction, R] => [JSON.stringify(w), w, a, null],
      ),
    ),
    ['departed', DEPARTED, 'agreement.view_own', 'inactive'],
    ['departed', DEPARTED, 'agreement.sign', 'inactive'],
    // The security office manages.
    ...(
      [
        'agreement.manage_templates',
        'agreement.manage_settings',
        'agreement.record_paper',
        'agreement.withdraw',
        'agreement.ask_leaver',
        'agreement.view_leavers',
      ] as const
    ).flatMap((a): [string, Who, AgreementTargetlessAction, R][] => [
      ['secadmin', SECADMIN, a, null],
      ['sysadmin', SYSADMIN, a, 'not_permitted'],
      ['auditor', AUDITOR, a, 'not_permitted'],
      ['head', HEAD_DIVISION, a, 'not_permitted'],
      ['officer', OFFICER_TEAM, a, 'not_permitted'],
      ['employee', EMPLOYEE, a, 'not_permitted'],
      ['leader', LEADER, a, 'not_permitted'],
    ]),
    // Templates are read by the office and by heads and officers (what their people sign).
    ['secadmin', SECADMIN, 'agreement.view_templates', null],
    ['head', HEAD_DIVISION, 'agreement.view_templates', null],
    ['officer', OFFICER_TEAM, 'agreement.view_templates', null],
    ['employee', EMPLOYEE, 'agreement.view_templates', 'not_permitted'],
    ['sysadmin', SYSADMIN, 'agreement.view_templates', 'not_permitted'],
    // Reports: the office, and heads and officers of a department.
    ...(['agreement.view_reports', 'agreement.export_reports'] as const).flatMap(
      (a): [string, Who, AgreementTargetlessAction, R][] => [
        ['secadmin', SECADMIN, a, null],
        ['head', HEAD_DIVISION, a, null],
        ['officer', OFFICER_TEAM, a, null],
        ['head without a department', HEAD_NO_DEPT, a, 'not_permitted'],
        ['employee', EMPLOYEE, a, 'not_permitted'],
        ['auditor', AUDITOR, a, 'not_permitted'],
        ['leader', LEADER, a, 'not_permitted'],
      ],
    ),
  ];
  it.each(rows)('%s: %s → %s', (_n, who, action, want) => {
    expect(refusal(actor(who), action)).toBe(want);
  });
});

describe("agreements policy: one person's agreements", () => {
  const rows: [string, Who, AgreementPersonAction, AgreementPersonResource, R][] = [
    // Seeing a person's agreements: themself, the office, heads and officers of their department or a parent.
    ['self', EMPLOYEE, 'agreement.view_person', person('me', 'd-team'), null],
    ['self, sysadmin', SYSADMIN, 'agreement.view_person', person('me', 'd-root'), null],
    ['colleague', EMPLOYEE, 'agreement.view_person', person('x', 'd-team'), 'not_in_department'],
    ['secadmin, anyone', SECADMIN, 'agreement.view_person', person('x', 'd-other'), null],
    ['head of the parent', HEAD_DIVISION, 'agreement.view_person', person('x', 'd-team-sub'), null],
    ['head, another branch', HEAD_DIVISION, 'agreement.view_person', person('x', 'd-other'), 'not_in_department'],
    ['officer, own dept', OFFICER_TEAM, 'agreement.view_person', person('x', 'd-team'), null],
    ['officer, sub-dept', OFFICER_TEAM, 'agreement.view_person', person('x', 'd-team-sub'), null],
    ['officer, the parent', OFFICER_TEAM, 'agreement.view_person', person('x', 'd-division'), 'not_in_department'],
    ['head without a department', HEAD_NO_DEPT, 'agreement.view_person', person('x', 'd-team'), 'not_in_department'],
    ['auditor', AUDITOR, 'agreement.view_person', person('x', 'd-team'), 'not_in_department'],
    ['departed self', DEPARTED, 'agreement.view_person', person('me', 'd-team'), 'inactive'],
    // Nobody signs for someone else electronically, the office included.
    ['sign own', EMPLOYEE, 'agreement.sign', person('me', 'd-team'), null],
    ['sign own, secadmin', SECADMIN, 'agreement.sign', person('me', 'd-root'), null],
    ['sign for another', SECADMIN, 'agreement.sign', person('x', 'd-team'), 'not_yours'],
    ['head signs for their person', HEAD_DIVISION, 'agreement.sign', person('x', 'd-team'), 'not_yours'],
    // The office records paper, withdraws, asks leavers — never on its own record.
    ...(['agreement.record_paper', 'agreement.withdraw', 'agreement.ask_leaver'] as const).flatMap(
      (a): [string, Who, AgreementPersonAction, AgreementPersonResource, R][] => [
        ['secadmin', SECADMIN, a, person('x', 'd-team'), null],
        ['secadmin, own record', SECADMIN, a, person('me', 'd-root'), 'own_record'],
        ['head', HEAD_DIVISION, a, person('x', 'd-team'), 'not_permitted'],
        ['self', EMPLOYEE, a, person('me', 'd-team'), 'not_permitted'],
        ['sysadmin', SYSADMIN, a, person('x', 'd-team'), 'not_permitted'],
      ],
    ),
  ];
  it.each(rows)('%s: %s', (_n, who, action, p, want) => {
    expect(refusal(actor(who), action, p)).toBe(want);
  });
});

describe("agreements policy: a department's report", () => {
  const rows: [string, Who, string, R][] = [
    ['secadmin', SECADMIN, 'd-other', null],
    ['head of the parent', HEAD_DIVISION, 'd-team', null],
    ['head, own', HEAD_DIVISION, 'd-division', null],
    ['head, the parent of theirs', HEAD_DIVISION, 'd-root', 'not_in_department'],
    ['head, another branch', HEAD_DIVISION, 'd-other', 'not_in_department'],
    ['officer, sub-dept', OFFICER_TEAM, 'd-team-sub', null],
    ['employee', EMPLOYEE, 'd-team', 'not_permitted'],
    ['auditor', AUDITOR, 'd-root', 'not_permitted'],
  ];
  it.each(rows)('%s: %s', (_n, who, dept, want) => {
    expect(refusal(actor(who), 'agreement.view_reports', department(dept))).toBe(want);
    expect(refusal(actor(who), 'agreement.export_reports', department(dept))).toBe(want);
  });

  it('a person action asked of a department, or view_person without a person, is refused rather than guessed', () => {
    expect(refusal(actor(SECADMIN), 'agreement.view_person')).toBe('wrong_target');
    expect(refusal(actor(SECADMIN), 'agreement.view_person', department('d-team'))).toBe('wrong_target');
  });
});

describe('agreements policy: the list filter agrees with view_person', () => {
  const subtreeOf = (dept: string | null) =>
    dept === null
      ? []
      : Object.entries(PATHS)
          .filter(([, p]) => p.includes(dept))
          .map(([d]) => d);
  const whos: [string, Who][] = [
    ['employee', EMPLOYEE],
    ['head', HEAD_DIVISION],
    ['officer', OFFICER_TEAM],
    ['secadmin', SECADMIN],
    ['sysadmin', SYSADMIN],
    ['auditor', AUDITOR],
    ['leader', LEADER],
    ['head without a department', HEAD_NO_DEPT],
    ['departed', DEPARTED],
  ];
  it.each(whos)('%s', (_n, who) => {
    const a = actor(who);
    const filter = agreementListFilter(a, subtreeOf(a.departmentId));
    for (const dept of Object.keys(PATHS)) {
      const p = person('someone', dept);
      const listed = filter.kind === 'all' || (filter.kind === 'departments' && filter.departmentIds.includes(dept));
      expect(listed, dept).toBe(can(a, 'agreement.view_person', p));
    }
  });
});

describe('agreements policy: vocabulary', () => {
  it('every agreement action is in the one list once; the abilities hold every targetless one', () => {
    for (const a of AGREEMENT_ACTIONS) expect(ACTIONS).toContain(a);
    for (const a of AGREEMENT_TARGETLESS_ACTIONS) expect(TARGETLESS_ACTIONS).toContain(a);
    for (const a of AGREEMENT_PERSON_ACTIONS) expect(AGREEMENT_ACTIONS).toContain(a);
    expect(new Set(AGREEMENT_ACTIONS).size).toBe(AGREEMENT_ACTIONS.length);
    expect(abilitiesOf(actor(SECADMIN))['agreement.manage_templates']).toBe(true);
    expect(abilitiesOf(actor(EMPLOYEE))['agreement.manage_templates']).toBe(false);
    expect(abilitiesOf(actor(EMPLOYEE))['agreement.sign']).toBe(true);
  });
});
