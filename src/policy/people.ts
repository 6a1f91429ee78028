import type { Actor } from '../kernel/actor.js';

/**
 * The access rules for confidentiality agreements (保密协议、责任书、承诺书): part of the one policy.
 * - Every active person, the three administrators too ("administrators are no exception"), sees their own
 *   obligations, reads the texts they are to sign, signs their own electronically and downloads their signed
 *   copies. Nobody signs for someone else electronically (`agreement.sign` on another person: `not_yours`).
 * - The security administrator manages the templates and the settings, records paper signatures, withdraws a
 *   signature (with a reason), asks a leaver for the departure NDA, and sees every person's agreements, the
 *   reports and their exports. Never on their own record (recording or withdrawing one's own signature).
 * - A department head or confidentiality officer sees the agreements and the report of the people of their
 *   department and its sub-departments (read only).
 */

/** Actions the UI asks about without a particular target (abilities). */
export const AGREEMENT_TARGETLESS_ACTIONS = [
  'agreement.view_own',
  'agreement.sign',
  'agreement.read_text',
  'agreement.view_templates',
  'agreement.manage_templates',
  'agreement.manage_settings',
  'agreement.record_paper',
  'agreement.withdraw',
  'agreement.ask_leaver',
  'agreement.view_leavers',
  'agreement.view_reports',
  'agreement.export_reports',
] as const;
export type AgreementTargetlessAction = (typeof AGREEMENT_TARGETLESS_ACTIONS)[number];

/** Actions on one person's agreements (`AgreementPersonResource`). */
export const AGREEMENT_PERSON_ACTIONS = [
  'agreement.view_person',
  'agreement.sign',
  'agreement.record_paper',
  'agreement.withdraw',
  'agreement.ask_leaver',
] as const;
export type AgreementPersonAction = (typeof AGREEMENT_PERSON_ACTIONS)[number];

/** Actions on one department's agreements (`AgreementDepartmentResource`): its report and export. */
export const AGREEMENT_DEPARTMENT_ACTIONS = ['agreement.view_reports', 'agreement.export_reports'] as const;
export type AgreementDepartmentAction = (typeof AGREEMENT_DEPARTMENT_ACTIONS)[number];

/** Every agreement action, once (the person actions other than `view_person` have a targetless form too). */
export const AGREEMENT_ACTIONS = [...AGREEMENT_TARGETLESS_ACTIONS, 'agreement.view_person'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

/** One person's agreements: their obligations, signatures, signed copies. */
export interface AgreementPersonResource {
  kind: 'agreement_person';
  userId: string;
  /** The person's department first, then each parent. */
  departmentPath: readonly string[];
}

/** One department's agreements (with its sub-departments): the report. */
export interface AgreementDepartmentResource {
  kind: 'agreement_department';
  departmentId: string;
  /** The department first, then each parent. */
  departmentPath: readonly string[];
}

export type AgreementRefusal = 'not_permitted' | 'not_yours' | 'own_record' | 'not_in_department';

const secadmin = (a: Actor) => a.adminRole === 'secadmin';
const leads = (a: Actor) => a.businessRoles.includes('dept_head') || a.businessRoles.includes('dept_officer');
/** A head or officer of a department on this path (the department or a parent of it). */
const leadsPath = (a: Actor, path: readonly string[]) =>
  leads(a) && a.departmentId !== null && path.includes(a.departmentId);

/** Why the policy refuses an agreement action without a target (or on a department), or null. */
export function agreementRefusal(
  actor: Actor,
  action: AgreementTargetlessAction,
  dept: AgreementDepartmentResource | null = null,
): AgreementRefusal | null {
  switch (action) {
    case 'agreement.view_own':
    case 'agreement.sign':
    case 'agreement.read_text':
      return null;
    case 'agreement.manage_templates':
    case 'agreement.manage_settings':
    case 'agreement.record_paper':
    case 'agreement.withdraw':
    case 'agreement.ask_leaver':
    case 'agreement.view_leavers':
      return secadmin(actor) ? null : 'not_permitted';
    case 'agreement.view_templates':
      return secadmin(actor) || leads(actor) ? null : 'not_permitted';
    case 'agreement.view_reports':
    case 'agreement.export_reports':
      if (secadmin(actor)) return null;
      if (!leads(actor) || actor.departmentId === null) return 'not_permitted';
      if (!dept) return null;
      return dept.departmentPath.includes(actor.departmentId) ? null : 'not_in_department';
  }
}

/** Why the policy refuses an action on one person's agreements, or null. */
export function agreementPersonRefusal(
  actor: Actor,
  action: AgreementPersonAction,
  p: AgreementPersonResource,
): AgreementRefusal | null {
  const self = p.userId === actor.id;
  switch (action) {
    case 'agreement.view_person':
      if (self || secadmin(actor)) return null;
      return leadsPath(actor, p.departmentPath) ? null : 'not_in_department';
    case 'agreement.sign':
      // Electronically, a person signs only their own: nobody signs for someone else.
      return self ? null : 'not_yours';
    case 'agreement.record_paper':
    case 'agreement.withdraw':
    case 'agreement.ask_leaver':
      if (!secadmin(actor)) return 'not_permitted';
      return self ? 'own_record' : null;
  }
}

/**
 * Whose agreements a report, list or export may include, derived from the same rules as `agreement.view_person`
 * (a property test checks the two agree): everyone for the security administrator; for a head or officer the
 * people of `subtree` (their department and every department under it, the directory's, passed in); nobody else.
 * A person's own obligations are read through `agreement.view_own`, not through a report.
 */
export type AgreementListFilter =
  { kind: 'none' } | { kind: 'all' } | { kind: 'departments'; departmentIds: readonly string[] };

export function agreementListFilter(actor: Actor, subtree: readonly string[]): AgreementListFilter {
  if (actor.status !== 'active') return { kind: 'none' };
  if (secadmin(actor)) return { kind: 'all' };
  if (leads(actor) && actor.departmentId !== null) return { kind: 'departments', departmentIds: subtree };
  return { kind: 'none' };
}
