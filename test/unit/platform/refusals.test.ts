/**
 * Each module's pure refusal says why the policy refuses (the code services audit and answer with), and
 * `can` is exactly "the refusal is null" (checked over every action, role and target below).
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/kernel/actor.js';
import { NO_GROUPS } from '../../../src/kernel/approvals.js';
import { ACTIONS, can, refusal, type Resource } from '../../../src/policy/index.js';
import { approvalRefusal, type ApprovalResource } from '../../../src/policy/approvals.js';
import { auditRefusal } from '../../../src/policy/audit.js';
import { classificationRefusal, itemRefusal, type ItemResource } from '../../../src/policy/classification.js';
import { identityTargetlessRefusal, userRefusal, type UserResource } from '../../../src/policy/identity.js';

const AT = '2026-06-01T00:00:00.000Z';
function person(over: Partial<Actor> = {}, clearanceRank = 3): Actor {
  return {
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: 'd1',
    adminRole: null,
    businessRoles: ['employee'],
    clearanceClass: 'important',
    status: 'active',
    separationUntil: null,
    access: { departmentPath: ['d1'], clearanceRank },
    ...over,
  };
}
const sysadmin = person({ adminRole: 'sysadmin' });
const secadmin = person({ adminRole: 'secadmin' }, 4);
const auditor = person({ adminRole: 'auditor' });
const officer = person({ businessRoles: ['dept_officer'] });
const { access: _none, ...noProfile } = officer;

function item(over: Partial<ItemResource> = {}): ItemResource {
  return {
    kind: 'item',
    id: 'i',
    level: 'secret',
    accessRank: 3,
    status: 'in_force',
    custodianId: 'cust',
    classifierId: null,
    scope: [],
    grants: [],
    at: AT,
    ...over,
  };
}
function request(over: Partial<ApprovalResource> = {}): ApprovalResource {
  return {
    kind: 'approval',
    requesterId: 'req',
    subjectId: null,
    levelRank: 3,
    status: 'pending',
    pendingApprovers: ['me'],
    earlierStepApprovers: [],
    chainApprovers: ['me', 'other'],
    stepGroup: 'dept_head',
    groupContext: { ...NO_GROUPS, departmentPath: ['d1'], targetHolders: { custodian: ['cust'] } },
    ...over,
  };
}
const user = (over: Partial<UserResource> = {}): UserResource => ({ kind: 'user', id: 'u', adminRole: null, ...over });

describe('identity refusals', () => {
  it.each<[string, Actor, Parameters<typeof userRefusal>[1], UserResource, string | null]>([
    ['sysadmin manages an employee', sysadmin, 'user.manage', user(), null],
    ['sysadmin manages itself', sysadmin, 'user.manage', user({ id: 'me' }), 'self'],
    ['sysadmin manages the auditor', sysadmin, 'user.manage', user({ adminRole: 'auditor' }), 'admin_account'],
    ['secadmin manages an account', secadmin, 'user.manage', user(), 'not_permitted'],
    ['secadmin sets a clearance', secadmin, 'user.assign_clearance', user(), null],
    ['secadmin sets its own clearance', secadmin, 'user.assign_clearance', user({ id: 'me' }), 'self'],
    ['sysadmin assigns an admin role', sysadmin, 'user.assign_admin_role', user(), 'not_permitted'],
    ['anyone looks a person up', officer, 'user.view', user(), null],
    ['sysadmin sees what a person holds', sysadmin, 'user.view_holdings', user(), null],
    ['secadmin sees what the auditor holds', secadmin, 'user.view_holdings', user({ adminRole: 'auditor' }), null],
    ['secadmin sees its own holdings this way', secadmin, 'user.view_holdings', user({ id: 'me' }), 'self'],
    ['the auditor sees what a person holds', auditor, 'user.view_holdings', user(), 'not_permitted'],
    ['an officer sees what a person holds', officer, 'user.view_holdings', user(), 'not_permitted'],
    ["secadmin hands a person's holdings over", secadmin, 'user.hand_over', user(), null],
    ['secadmin hands its own holdings over', secadmin, 'user.hand_over', user({ id: 'me' }), 'self'],
    ["sysadmin hands a person's holdings over", sysadmin, 'user.hand_over', user(), 'not_permitted'],
    ['secadmin makes a person finance supervisor', secadmin, 'organisation.manage_roles', user(), null],
    ['secadmin gives itself an organisation role', secadmin, 'organisation.manage_roles', user({ id: 'me' }), 'self'],
    [
      'secadmin makes the auditor an approver',
      secadmin,
      'organisation.manage_roles',
      user({ adminRole: 'auditor' }),
      'admin_account',
    ],
    ['sysadmin gives an organisation role', sysadmin, 'organisation.manage_roles', user(), 'not_permitted'],
    ['the auditor gives an organisation role', auditor, 'organisation.manage_roles', user(), 'not_permitted'],
    [
      'a department head gives an organisation role',
      person({ businessRoles: ['dept_head'] }),
      'organisation.manage_roles',
      user(),
      'not_permitted',
    ],
  ])('%s', (_label, actor, action, target, expected) => {
    expect(userRefusal(actor, action, target)).toBe(expected);
  });

  it.each<[string, Actor, Parameters<typeof identityTargetlessRefusal>[1], string | null]>([
    ['an employee reads departments', officer, 'department.view', null],
    ['an employee manages departments', officer, 'department.manage', 'not_permitted'],
    ['the auditor reads settings', auditor, 'settings.view', null],
    ['the secadmin changes settings', secadmin, 'settings.manage', 'not_permitted'],
    ['role changes need a person', secadmin, 'user.assign_clearance', 'not_permitted'],
    ['anyone reads the organisation roles', officer, 'organisation.view_roles', null],
    ['the auditor reads the organisation roles', auditor, 'organisation.view_roles', null],
    ['secadmin manages the organisation roles', secadmin, 'organisation.manage_roles', null],
    ['sysadmin manages the organisation roles', sysadmin, 'organisation.manage_roles', 'not_permitted'],
    ['the auditor manages the organisation roles', auditor, 'organisation.manage_roles', 'not_permitted'],
    [
      'leadership manages the organisation roles',
      person({ businessRoles: ['leadership'] }),
      'organisation.manage_roles',
      'not_permitted',
    ],
  ])('%s', (_label, actor, action, expected) => {
    expect(identityTargetlessRefusal(actor, action)).toBe(expected);
  });
});

describe('audit refusals', () => {
  it.each<[string, Actor, Parameters<typeof auditRefusal>[1], string | null]>([
    ['the auditor exports', auditor, 'audit.export', null],
    ['the sysadmin reads its own', sysadmin, 'audit.read_own', null],
    ['the sysadmin reviews others', sysadmin, 'audit.review_admins', 'not_permitted'],
    ['the sysadmin reviews ordinary users', sysadmin, 'audit.review_users', 'not_permitted'],
    ['the auditor reviews the administrators', auditor, 'audit.review_admins', null],
    ['the auditor reviews ordinary users', auditor, 'audit.review_users', 'not_permitted'],
    ['an employee reads its own', officer, 'audit.read_own', 'not_permitted'],
  ])('%s', (_label, actor, action, expected) => {
    expect(auditRefusal(actor, action)).toBe(expected);
  });
});

describe('classification refusals', () => {
  it.each<[string, Actor, Parameters<typeof itemRefusal>[1], Partial<ItemResource>, string | null]>([
    ['no access profile', noProfile, 'item.read', {}, 'no_access_profile'],
    ['the sysadmin reads a secret item', sysadmin, 'item.read', {}, 'content_excluded'],
    ['the auditor reads an open item', auditor, 'item.read', { level: 'internal', accessRank: 1 }, null],
    ['read-up', person({}, 2), 'item.view_metadata', {}, 'above_clearance'],
    ['outside the scope', officer, 'item.read', {}, 'not_in_scope'],
    ['in scope', officer, 'item.read', { scope: [{ kind: 'user', ref: 'me' }] }, null],
    ['copying needs a grant', officer, 'item.copy', { scope: [{ kind: 'user', ref: 'me' }] }, 'needs_grant'],
    ['editing is the custodian’s', officer, 'item.edit', {}, 'not_custodian'],
    [
      'editing a declassified item',
      officer,
      'item.edit',
      { custodianId: 'me', status: 'declassified' },
      'not_in_force',
    ],
    [
      'asking access to an open item',
      officer,
      'item.request_access',
      { level: 'internal', accessRank: 1 },
      'open_item',
    ],
    ['asking access to a proposal', officer, 'item.request_access', { status: 'proposed' }, 'not_in_force'],
    ['the secadmin hands over custody', secadmin, 'item.transfer_custody', {}, null],
  ])('%s', (_label, actor, action, over, expected) => {
    expect(itemRefusal(actor, action, item(over))).toBe(expected);
  });

  it.each<[string, Actor, Parameters<typeof classificationRefusal>[1], string | null, string | null]>([
    ['an officer proposes at its clearance', officer, 'item.propose', 'secret', null],
    ['an officer proposes above it', officer, 'item.propose', 'top_secret', 'above_clearance'],
    ['an employee proposes', person(), 'item.propose', null, 'not_permitted'],
    ['the auditor takes part in approvals', auditor, 'approval.participate', null, 'content_excluded'],
    ['the secadmin manages classification', secadmin, 'classification.manage', null, null],
    ['an officer manages reviews', officer, 'review.manage', null, 'not_permitted'],
  ])('%s', (_label, actor, action, level, expected) => {
    const target = level ? { kind: 'new_item' as const, level: level as 'secret' } : null;
    expect(classificationRefusal(actor, action, target)).toBe(expected);
  });
});

describe('approval refusals', () => {
  const approver = person({ businessRoles: ['dept_head'] });
  it.each<[string, Actor, Parameters<typeof approvalRefusal>[1], Partial<ApprovalResource>, string | null]>([
    ['the approver decides', approver, 'approval.decide', {}, null],
    ['the requester decides', approver, 'approval.decide', { requesterId: 'me' }, 'self_approval'],
    ['the subject decides', approver, 'approval.decide', { subjectId: 'me' }, 'self_approval'],
    ['a decided request', approver, 'approval.decide', { status: 'approved' }, 'not_pending'],
    ['four eyes', approver, 'approval.decide', { earlierStepApprovers: ['me'] }, 'approved_earlier_step'],
    ['left the group', person(), 'approval.decide', {}, 'no_longer_in_group'],
    ['another step’s approver', approver, 'approval.decide', { pendingApprovers: ['other'] }, 'not_current_approver'],
    [
      'clearance fell below the level',
      person({ businessRoles: ['dept_head'] }, 2),
      'approval.decide',
      {},
      'not_current_approver',
    ],
    ['the requester withdraws', approver, 'approval.withdraw', { requesterId: 'me' }, null],
    ['someone else withdraws', approver, 'approval.withdraw', {}, 'not_requester'],
    [
      'withdrawing a decided one',
      approver,
      'approval.withdraw',
      { requesterId: 'me', status: 'rejected' },
      'not_pending',
    ],
    ['an outsider looks', approver, 'approval.view', { chainApprovers: ['other'] }, 'not_involved'],
  ])('%s', (_label, actor, action, over, expected) => {
    expect(approvalRefusal(actor, action, request(over))).toBe(expected);
  });
});

describe('can is "the refusal is null"', () => {
  const actors = [sysadmin, secadmin, auditor, officer, person({ status: 'disabled' })];
  const targets: Resource[] = [
    { kind: 'none' },
    user(),
    user({ id: 'me' }),
    item(),
    item({ scope: [{ kind: 'user', ref: 'me' }] }),
    { kind: 'new_item', level: 'secret' },
    request(),
  ];
  it('over every action, actor and kind of target', () => {
    for (const a of actors)
      for (const action of ACTIONS)
        for (const r of targets) expect(can(a, action, r)).toBe(refusal(a, action, r) === null);
  });

  it('an item or approval action without its target is refused as such', () => {
    expect(refusal(secadmin, 'item.read')).toBe('wrong_target');
    expect(refusal(secadmin, 'approval.decide', item())).toBe('wrong_target');
    expect(refusal(person({ status: 'disabled' }), 'user.view')).toBe('inactive');
  });
});
