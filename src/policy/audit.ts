import type { Actor } from '../kernel/actor.js';

/**
 * The audit trail: part of the one policy. The 三员 split as 分级保护 practice has it: each administrator's
 * actions are reviewed by another one, so nobody reviews only themself.
 * - the security administrator (安全保密管理员) reviews ordinary users' events (the access-log review, IT-10);
 * - the auditor (安全审计员) reviews the system and security administrators' events and the system's own (jobs);
 *   the whole trail only where the organisation's setting allows (`auditorReadsAll`, off by default);
 * - every administrator reads their own actions; the auditor alone verifies the chain; the two reviewers export
 *   what they may read; the security administrator decides the setting; nobody changes the trail.
 */
export const AUDIT_ACTIONS = [
  'audit.read_own',
  'audit.review_users',
  'audit.review_admins',
  'audit.verify',
  'audit.export',
  'audit.manage_settings',
  'audit.view',
] as const;
export type AuditPolicyAction = (typeof AUDIT_ACTIONS)[number];

/** Every action but `audit.view`, which is decided per event. */
export const AUDIT_TARGETLESS_ACTIONS = AUDIT_ACTIONS.filter(
  (a): a is Exclude<AuditPolicyAction, 'audit.view'> => a !== 'audit.view',
);

/** The organisation's rules of the trail (the audit settings). */
export interface AuditRules {
  auditorReadsAll: boolean;
}

/** Whose events an event is, for the split: from the role recorded with it (`actorRoleLabel`). */
export type AuditEventClass = 'ordinary' | 'admins' | 'auditor';

/** The recorded roles of the administrators the auditor reviews; 'system' marks the jobs' own events. */
export const REVIEWED_BY_AUDITOR_ROLES = ['sysadmin', 'secadmin', 'system'] as const;

export function auditEventClass(actorRole: string | null): AuditEventClass {
  if (actorRole === 'auditor') return 'auditor';
  return (REVIEWED_BY_AUDITOR_ROLES as readonly string[]).includes(actorRole ?? '') ? 'admins' : 'ordinary';
}

/** One event as the policy sees it. */
export interface AuditEventResource {
  kind: 'audit_event';
  actorId: string | null;
  actorRole: string | null;
  rules: AuditRules;
}

export function auditRefusal(actor: Actor, action: AuditPolicyAction): string | null {
  const role = actor.adminRole;
  switch (action) {
    case 'audit.read_own':
      return role === 'sysadmin' || role === 'secadmin' || role === 'auditor' ? null : 'not_permitted';
    case 'audit.review_users':
    case 'audit.manage_settings':
      return role === 'secadmin' ? null : 'not_permitted';
    case 'audit.review_admins':
    case 'audit.verify':
      return role === 'auditor' ? null : 'not_permitted';
    case 'audit.export':
      return role === 'secadmin' || role === 'auditor' ? null : 'not_permitted';
    case 'audit.view':
      return 'wrong_target';
  }
}

/** The classes of others' events `actor` reviews (beyond their own), under the organisation's rules. */
export function reviewedClasses(actor: Actor, rules: AuditRules): AuditEventClass[] {
  if (actor.adminRole === 'auditor') return rules.auditorReadsAll ? ['ordinary', 'admins', 'auditor'] : ['admins'];
  if (actor.adminRole === 'secadmin') return ['ordinary'];
  return [];
}

export function auditEventRefusal(actor: Actor, action: AuditPolicyAction, e: AuditEventResource): string | null {
  if (action !== 'audit.view') return 'wrong_target';
  if (auditRefusal(actor, 'audit.read_own') !== null) return 'not_permitted';
  if (e.actorId !== null && e.actorId === actor.id) return null;
  return reviewedClasses(actor, e.rules).includes(auditEventClass(e.actorRole)) ? null : 'not_permitted';
}

/**
 * The audit list filter derived from the policy: nothing, or the actor's own events plus the classes they
 * review (all three classes = the whole trail). `auditFiltered` turns it into SQL; a property test checks
 * that it lists exactly the events `can(actor, 'audit.view', event)` allows.
 */
export type AuditScope =
  { kind: 'none' } | { kind: 'all' } | { kind: 'some'; actorId: string; classes: AuditEventClass[] };

export function auditScopeOf(actor: Actor, rules: AuditRules): AuditScope {
  if (auditRefusal(actor, 'audit.read_own') !== null) return { kind: 'none' };
  const classes = reviewedClasses(actor, rules);
  if (classes.length === 3) return { kind: 'all' };
  return { kind: 'some', actorId: actor.id, classes };
}
