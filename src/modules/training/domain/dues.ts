import { addMonths } from '../../../kernel/secrecy-period.js';
import type {
  CourseKind,
  CourseStatus,
  AudienceRule,
  TrainingRequirement,
  TrainingSettings,
  TrainingState,
} from '../../../kernel/training.js';
import { addDays, inAudience, type TrainingPersonFacts } from './audiences.js';

/**
 * What training is due to whom, by when, and where each person stands (TRN-01, 02, 10, 13). Pure: dates are calendar
 * dates of the organisation ('YYYY-MM-DD'), `today` is passed in.
 *
 * - A published course is due to every person of its audience; an `elective` one only to people it was assigned to.
 * - Onboarding: once, by the start date plus the onboarding offset (negative: before entry) — but never before the
 *   course's publication plus the grace for new courses, so staff who joined before Baomi are not overdue the day it
 *   is published.
 * - Refresher: first by the later of the start date and the publication, plus the grace for new courses; then again
 *   when the last completion's validity ends (the course's months, else the setting's interval).
 * - A follow-up task (TRN-13) makes the course due by its date until a completion on or after the day it was
 *   assigned, whatever earlier completion the person has.
 * - A completed course within its validity is `completed`, or `expiring` within the reminder window before its end.
 * - Past the due date (the day after it) the course is `overdue`.
 */
export interface CourseFacts {
  id: string;
  kind: CourseKind;
  status: CourseStatus;
  audience: readonly AudienceRule[];
  validityMonths: number | null;
  publishedOn: string | null;
}

export interface CompletionFacts {
  id: string;
  courseId: string;
  completedOn: string;
}

export interface AssignmentFacts {
  id: string;
  courseId: string;
  dueOn: string;
  /** The day it was assigned (the organisation's calendar). */
  assignedOn: string;
  /** Cancelled by the office. */
  cancelled: boolean;
}

export interface TrainingDue {
  courseId: string;
  kind: CourseKind;
  state: TrainingState;
  /** The day by which to complete it; for `completed`/`expiring`, the day the validity ends (or null: forever). */
  dueOn: string | null;
  /** The day the last completion's validity ends, or null (none, or valid forever). */
  expiresOn: string | null;
  lastCompletedOn: string | null;
  /** Why it is due: the audience, or an open follow-up task (its id). */
  assignmentId: string | null;
}

/** The months a completion of this course stays valid, or null (forever). */
export function validityOf(course: Pick<CourseFacts, 'kind' | 'validityMonths'>, s: TrainingSettings): number | null {
  if (course.validityMonths !== null) return course.validityMonths;
  return course.kind === 'refresher' ? s.refresherMonths : null;
}

const later = (a: string, b: string) => (a >= b ? a : b);
const latest = (cs: readonly CompletionFacts[]) =>
  cs.reduce<CompletionFacts | null>((best, c) => (best === null || c.completedOn > best.completedOn ? c : best), null);

/** When the course is due to someone of its audience who never completed it. */
function firstDueOn(person: TrainingPersonFacts, course: CourseFacts, s: TrainingSettings): string {
  const published = course.publishedOn ?? person.startOn;
  const graceEnd = addDays(later(published, person.startOn), s.newCourseGraceDays);
  if (course.kind === 'onboarding')
    return later(addDays(person.startOn, s.onboardingOffsetDays), addDays(published, s.newCourseGraceDays));
  return graceEnd;
}

const stateBy = (dueOn: string, today: string): TrainingState => (today > dueOn ? 'overdue' : 'due');

/** Where the person stands with one course, or null when it is not due to them at all. */
export function dueOf(
  person: TrainingPersonFacts,
  course: CourseFacts,
  completions: readonly CompletionFacts[],
  assignments: readonly AssignmentFacts[],
  s: TrainingSettings,
  today: string,
): TrainingDue | null {
  if (course.status !== 'published') return null;
  const mine = completions.filter((c) => c.courseId === course.id);
  const last = latest(mine);
  const validity = validityOf(course, s);
  const expiresOn = last && validity !== null ? addMonths(last.completedOn, validity) : null;
  const base = { courseId: course.id, kind: course.kind, expiresOn, lastCompletedOn: last?.completedOn ?? null };

  // An open follow-up task: not cancelled, not met by a completion on or after the day it was assigned.
  const open = assignments
    .filter((a) => a.courseId === course.id && !a.cancelled && !mine.some((c) => c.completedOn >= a.assignedOn))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))[0];
  if (open) return { ...base, state: stateBy(open.dueOn, today), dueOn: open.dueOn, assignmentId: open.id };

  const audience = course.kind !== 'elective' && inAudience(course.audience, person, today);
  if (!audience) {
    // Not asked of them; a completion they have still shows (an elective taken, an audience left).
    if (!last) return null;
    if (expiresOn !== null && today >= expiresOn) return null;
    return { ...base, state: 'completed', dueOn: expiresOn, assignmentId: null };
  }
  if (!last) {
    const dueOn = firstDueOn(person, course, s);
    return { ...base, state: stateBy(dueOn, today), dueOn, assignmentId: null };
  }
  if (expiresOn === null) return { ...base, state: 'completed', dueOn: null, assignmentId: null };
  if (today >= expiresOn) return { ...base, state: stateBy(expiresOn, today), dueOn: expiresOn, assignmentId: null };
  const state: TrainingState = today >= addDays(expiresOn, -s.reminderDays) ? 'expiring' : 'completed';
  return { ...base, state, dueOn: expiresOn, assignmentId: null };
}

/** Every course due to the person (or completed by them and still valid), with where they stand. */
export function duesOf(
  person: TrainingPersonFacts,
  courses: readonly CourseFacts[],
  completions: readonly CompletionFacts[],
  assignments: readonly AssignmentFacts[],
  s: TrainingSettings,
  today: string,
): TrainingDue[] {
  const out: TrainingDue[] = [];
  for (const c of courses) {
    const d = dueOf(person, c, completions, assignments, s, today);
    if (d) out.push(d);
  }
  return out;
}

/** Is the due one the person still has to do (the workbench card, the overdue list)? */
export const isOpen = (d: Pick<TrainingDue, 'state'>) => d.state === 'due' || d.state === 'overdue';

/**
 * The qualifications contract's answer (platform/qualifications.ts): has the person met the requirement today?
 * - `course`: a completion of that course within its validity (published or retired: a retired course once
 *   completed still counts while valid).
 * - `onboarding`: every onboarding course due to the person completed (none due: met).
 */
export function meets(
  requirement: TrainingRequirement,
  person: TrainingPersonFacts,
  courses: readonly CourseFacts[],
  completions: readonly CompletionFacts[],
  s: TrainingSettings,
  today: string,
): boolean {
  if (requirement.kind === 'course') {
    const course = courses.find((c) => c.id === requirement.courseId);
    if (!course) return false;
    const last = latest(completions.filter((c) => c.courseId === course.id));
    if (!last) return false;
    const validity = validityOf(course, s);
    return validity === null || today < addMonths(last.completedOn, validity);
  }
  return courses
    .filter((c) => c.kind === 'onboarding' && c.status === 'published' && inAudience(c.audience, person, today))
    .every((c) => completions.some((x) => x.courseId === c.id));
}

/** The daily reminder for one person (one digest a day at most), or null: due within the window, overdue, expiring. */
export interface TrainingDigest {
  dueSoon: number;
  overdue: number;
  expiring: number;
}
export function digestOf(dues: readonly TrainingDue[], today: string, reminderDays: number): TrainingDigest | null {
  const horizon = addDays(today, reminderDays);
  const d: TrainingDigest = { dueSoon: 0, overdue: 0, expiring: 0 };
  for (const x of dues) {
    if (x.state === 'overdue') d.overdue++;
    else if (x.state === 'due' && x.dueOn !== null && x.dueOn <= horizon) d.dueSoon++;
    else if (x.state === 'expiring') d.expiring++;
  }
  return d.dueSoon + d.overdue + d.expiring > 0 ? d : null;
}
