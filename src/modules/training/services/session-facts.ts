import type { AudienceRule, CourseMode, CourseStatus, SessionStatus } from '../../../kernel/training.js';
import { refuse } from '../../../platform/authorize.js';
import { type audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError } from '../../../platform/errors.js';
import type { ProblemCode } from '../../../platform/contracts/problems.js';
import type { TrainingSessionResource } from '../../../policy/index.js';
import type { SessionCourseFacts, SessionFacts, SessionPersonFacts, SessionProblem } from '../domain/sessions.js';
import { assignedCourses, type SessionView } from '../repositories/session-repo.js';
import { trainingPeople, type TrainingPersonRecord } from './training-facts.js';

/** A session as its rules see it (course, session, person), and the answer to a refused rule. */

export const SESSION_TARGET = 'training_session';

type Q = Db | Trx;

/** The session's course as the rules see it. */
export function courseOf(v: SessionView): SessionCourseFacts {
  return {
    status: v.course_status as CourseStatus,
    mode: v.course_mode as CourseMode,
    audience: JSON.parse(v.course_audience) as AudienceRule[],
  };
}

export function factsOf(v: SessionView, enrolled: number): SessionFacts {
  return {
    status: v.status as SessionStatus,
    startsAt: v.starts_at,
    endsAt: v.ends_at,
    capacity: v.capacity,
    departmentId: v.department_id,
    enrolled,
  };
}

export function resourceOf(v: SessionView, path: readonly string[]): TrainingSessionResource {
  return { kind: 'training_session', organiserId: v.organiser_id, departmentPath: v.department_id ? path : [] };
}

/** A person as a session's rules see them, or undefined when there is no such person. */
export async function sessionPerson(
  ctx: AppContext,
  q: Q,
  userId: string,
): Promise<{ record: TrainingPersonRecord; assigned: Set<string> } | undefined> {
  const [record] = await trainingPeople(ctx, q, { userIds: [userId] });
  if (!record) return undefined;
  return { record, assigned: await assignedCourses(q, userId) };
}

export function personFacts(
  p: { record: TrainingPersonRecord; assigned: Set<string> },
  courseId: string,
  enrolment: { attended_at: string | null } | undefined,
): SessionPersonFacts {
  return {
    person: p.record.facts,
    active: p.record.status === 'active',
    assigned: p.assigned.has(courseId),
    enrolled: enrolment !== undefined,
    attended: !!enrolment?.attended_at,
  };
}

/** A refusal of a session rule: 403 (audited) for who the session is not for, 400 for bad input, else 409. */
export async function sessionRefusal(
  ctx: AppContext,
  rc: RequestContext,
  event: { action: Parameters<typeof audit>[3]['action']; targetId: string; details?: Record<string, unknown> },
  problem: SessionProblem,
): Promise<never> {
  const message = MESSAGES[problem];
  const details = { problem: problem as ProblemCode, ...event.details };
  if (problem === 'not_invited' || problem === 'person_not_in_department')
    return refuse(
      ctx,
      rc,
      { action: event.action, targetType: SESSION_TARGET, targetId: event.targetId, details: { reason: problem } },
      new AppError('forbidden', message, details),
    );
  const code = problem === 'session_times' || problem === 'session_in_past' || problem === 'course_not_offline';
  throw new AppError(code ? 'bad_request' : 'conflict', message, details);
}

/** A session rule refused inside a transaction: rolled back, then answered (and audited) outside it. */
export class RuleRefusal extends Error {
  constructor(
    readonly problem: SessionProblem,
    readonly details?: Record<string, unknown>,
  ) {
    super(problem);
  }
}

/** `tx`, answering a `RuleRefusal` thrown in it once the transaction is rolled back (a refusal audit needs its own). */
export async function ruleTx<T>(
  ctx: AppContext,
  rc: RequestContext,
  action: Parameters<typeof audit>[3]['action'],
  targetId: string,
  fn: (trx: Trx) => Promise<T>,
): Promise<T> {
  try {
    return await tx(ctx, fn);
  } catch (e) {
    if (e instanceof RuleRefusal) return sessionRefusal(ctx, rc, { action, targetId, details: e.details }, e.problem);
    throw e;
  }
}

const MESSAGES: Record<SessionProblem, string> = {
  session_full: 'Every seat of this session is taken',
  not_invited: 'This person is not in the course audience and was not assigned the course',
  person_not_in_department: "This person is not in the session's department",
  person_inactive: "This person's account is disabled or departed",
  session_closed: 'This session was held or cancelled',
  session_started: 'This session has begun',
  session_too_early: 'This session has not begun',
  session_times: 'The session must end after it starts, within 24 hours',
  session_in_past: 'The start time has passed',
  session_has_attendance: 'Someone attended: close the session instead',
  session_capacity_below_enrolled: 'The capacity is lower than the people signed up',
  course_not_offline: 'Only offline courses have sessions',
  course_not_published: 'The course is not published',
  already_signed_up: 'Already on the list',
  not_signed_up: 'Not on the list',
  already_attended: 'Attendance is already recorded',
};
