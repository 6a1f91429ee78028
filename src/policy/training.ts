import type { Actor } from '../kernel/actor.js';

/**
 * The access rules for confidentiality training (保密教育培训): part of the one policy.
 * - Every active person, the three administrators too, sees their own training (what is due, their record, their
 *   certificates, their QR for signing in at sessions), reads the published courses, works through online materials,
 *   signs up for sessions open to them, records external certificates of their own (TRN-11) and reads the campaigns.
 * - The security administrator manages courses, materials, campaigns, awareness messages and the settings; runs any
 *   session; records completions (training held outside Baomi) and follow-up tasks (TRN-13) — never on their own
 *   record —; sees everyone's training, the reports and their exports.
 * - A department head runs sessions for their own department and its sub-departments (TRN-02: "department heads
 *   train their own staff"); the organiser of a session (whoever created it) takes its attendance.
 * - A department head or confidentiality officer sees the training and the report of the people of their department
 *   and its sub-departments (read only).
 */

/** Actions the UI asks about without a particular target (abilities). */
export const TRAINING_TARGETLESS_ACTIONS = [
  'training.view_own',
  'training.view_courses',
  'training.take',
  'training.record_external',
  'training.view_campaigns',
  'training.manage_courses',
  'training.manage_sessions',
  'training.record_completion',
  'training.assign',
  'training.manage_campaigns',
  'training.manage_awareness',
  'training.manage_settings',
  'training.view_reports',
  'training.export_reports',
] as const;
export type TrainingTargetlessAction = (typeof TRAINING_TARGETLESS_ACTIONS)[number];

/** Actions on one person's training (`TrainingPersonResource`). */
export const TRAINING_PERSON_ACTIONS = [
  'training.view_person',
  'training.take',
  'training.record_external',
  'training.record_completion',
  'training.assign',
] as const;
export type TrainingPersonAction = (typeof TRAINING_PERSON_ACTIONS)[number];

/** Actions on one offline session (`TrainingSessionResource`). */
export const TRAINING_SESSION_ACTIONS = ['training.manage_session', 'training.record_attendance'] as const;
export type TrainingSessionAction = (typeof TRAINING_SESSION_ACTIONS)[number];

/** Actions on one department's training (`TrainingDepartmentResource`): its report and export. */
export const TRAINING_DEPARTMENT_ACTIONS = ['training.view_reports', 'training.export_reports'] as const;
export type TrainingDepartmentAction = (typeof TRAINING_DEPARTMENT_ACTIONS)[number];

/** Every training action, once. */
export const TRAINING_ACTIONS = [
  ...TRAINING_TARGETLESS_ACTIONS,
  'training.view_person',
  'training.manage_session',
  'training.record_attendance',
] as const;
export type TrainingAction = (typeof TRAINING_ACTIONS)[number];

/** One person's training: what is due, their completions, certificates, external records. */
export interface TrainingPersonResource {
  kind: 'training_person';
  userId: string;
  /** The person's department first, then each parent. */
  departmentPath: readonly string[];
}

/** One offline session. */
export interface TrainingSessionResource {
  kind: 'training_session';
  organiserId: string;
  /** A department's own session: that department first, then each parent; empty for an organisation-wide one. */
  departmentPath: readonly string[];
}

/** One department's training (with its sub-departments): the report. */
export interface TrainingDepartmentResource {
  kind: 'training_department';
  departmentId: string;
  /** The department first, then each parent. */
  departmentPath: readonly string[];
}

export type TrainingRefusal = 'not_permitted' | 'not_yours' | 'own_record' | 'not_in_department';

const secadmin = (a: Actor) => a.adminRole === 'secadmin';
const head = (a: Actor) => a.businessRoles.includes('dept_head') && a.departmentId !== null;
const leads = (a: Actor) =>
  (a.businessRoles.includes('dept_head') || a.businessRoles.includes('dept_officer')) && a.departmentId !== null;
/** A head or officer of a department on this path (the department or a parent of it). */
const leadsPath = (a: Actor, path: readonly string[]) => leads(a) && path.includes(a.departmentId!);

/** Why the policy refuses a training action without a target (or on a department), or null. */
export function trainingRefusal(
  actor: Actor,
  action: TrainingTargetlessAction,
  dept: TrainingDepartmentResource | null = null,
): TrainingRefusal | null {
  switch (action) {
    case 'training.view_own':
    case 'training.view_courses':
    case 'training.take':
    case 'training.record_external':
    case 'training.view_campaigns':
      return null;
    case 'training.manage_courses':
    case 'training.record_completion':
    case 'training.assign':
    case 'training.manage_campaigns':
    case 'training.manage_awareness':
    case 'training.manage_settings':
      return secadmin(actor) ? null : 'not_permitted';
    case 'training.manage_sessions':
      return secadmin(actor) || head(actor) ? null : 'not_permitted';
    case 'training.view_reports':
    case 'training.export_reports':
      if (secadmin(actor)) return null;
      if (!leads(actor)) return 'not_permitted';
      if (!dept) return null;
      return dept.departmentPath.includes(actor.departmentId!) ? null : 'not_in_department';
  }
}

/** Why the policy refuses an action on one person's training, or null. */
export function trainingPersonRefusal(
  actor: Actor,
  action: TrainingPersonAction,
  p: TrainingPersonResource,
): TrainingRefusal | null {
  const self = p.userId === actor.id;
  switch (action) {
    case 'training.view_person':
      if (self || secadmin(actor)) return null;
      return leadsPath(actor, p.departmentPath) ? null : 'not_in_department';
    case 'training.take':
      // Nobody works through a course, or signs in at a session by themselves, for someone else.
      return self ? null : 'not_yours';
    case 'training.record_external':
      return self || secadmin(actor) ? null : 'not_yours';
    case 'training.record_completion':
    case 'training.assign':
      if (!secadmin(actor)) return 'not_permitted';
      return self ? 'own_record' : null;
  }
}

/** Why the policy refuses an action on one session, or null: its organiser, the office, the department's head. */
export function trainingSessionRefusal(
  actor: Actor,
  _action: TrainingSessionAction,
  s: TrainingSessionResource,
): TrainingRefusal | null {
  if (secadmin(actor) || s.organiserId === actor.id) return null;
  if (head(actor) && s.departmentPath.includes(actor.departmentId!)) return null;
  return 'not_permitted';
}

/**
 * May a head create a session for this department (their own or one under it)? The security administrator may for
 * any department and for the whole organisation (`departmentPath` empty).
 */
export function sessionDepartmentRefusal(actor: Actor, departmentPath: readonly string[]): TrainingRefusal | null {
  if (secadmin(actor)) return null;
  if (!head(actor)) return 'not_permitted';
  return departmentPath.includes(actor.departmentId!) ? null : 'not_in_department';
}

/**
 * Whose training a report, list or export may include, derived from the same rules as `training.view_person` (a
 * property test checks the two agree): everyone for the security administrator; for a head or officer the people of
 * `subtree` (their department and every department under it, the directory's, passed in); nobody else.
 */
export type TrainingListFilter =
  { kind: 'none' } | { kind: 'all' } | { kind: 'departments'; departmentIds: readonly string[] };

export function trainingListFilter(actor: Actor, subtree: readonly string[]): TrainingListFilter {
  if (actor.status !== 'active') return { kind: 'none' };
  if (secadmin(actor)) return { kind: 'all' };
  if (leads(actor)) return { kind: 'departments', departmentIds: subtree };
  return { kind: 'none' };
}
