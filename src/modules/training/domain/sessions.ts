import {
  hasSessions,
  type AudienceRule,
  type CourseMode,
  type CourseStatus,
  type SessionStatus,
} from '../../../kernel/training.js';
import { inAudience, type TrainingPersonFacts } from './audiences.js';

/**
 * Who may sign up for, be added to, withdraw from and attend an offline session, and when a session may be scheduled,
 * changed, cancelled or closed (TRN-02, 03). Pure: times are ISO-8601 UTC instants (`now` passed in), days are the
 * organisation's calendar dates. Each rule answers the reason it refuses (a problem code of the sessions part) or
 * null. The services load the facts and call these; they never decide it themselves.
 */
export interface SessionFacts {
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  capacity: number;
  /** A department's own session (for its people and those of its sub-departments), or null: the whole audience. */
  departmentId: string | null;
  /** People on the list (signed up, added, or walked in). */
  enrolled: number;
}

export interface SessionCourseFacts {
  status: CourseStatus;
  mode: CourseMode;
  audience: readonly AudienceRule[];
}

/** A person with respect to one session. */
export interface SessionPersonFacts {
  person: TrainingPersonFacts;
  active: boolean;
  /** An open follow-up task (TRN-13) for the session's course: invited whatever the audience says. */
  assigned: boolean;
  /** On the session's list. */
  enrolled: boolean;
  /** Attendance recorded. */
  attended: boolean;
}

export type SessionProblem =
  | 'session_full'
  | 'not_invited'
  | 'person_not_in_department'
  | 'person_inactive'
  | 'session_closed'
  | 'session_started'
  | 'session_too_early'
  | 'session_times'
  | 'session_in_past'
  | 'session_has_attendance'
  | 'session_capacity_below_enrolled'
  | 'course_not_offline'
  | 'course_not_published'
  | 'already_signed_up'
  | 'not_signed_up'
  | 'already_attended';

/** Attendance opens this long before the session starts (people arrive early at the door). */
export const ATTENDANCE_OPENS_MINUTES = 60;
/** A session lasts at most this long (a training day). */
export const SESSION_MAX_HOURS = 24;

const ms = (iso: string) => Date.parse(iso);

/**
 * Is the session meant for this person? The course's audience (or a follow-up task of it) and, for a department's
 * own session, the department (with its sub-departments).
 */
export function invitationProblem(
  course: Pick<SessionCourseFacts, 'audience'>,
  session: Pick<SessionFacts, 'departmentId'>,
  p: Pick<SessionPersonFacts, 'person' | 'assigned'>,
  today: string,
): 'not_invited' | 'person_not_in_department' | null {
  if (!p.assigned && !inAudience(course.audience, p.person, today)) return 'not_invited';
  if (session.departmentId !== null && !p.person.departmentPath.includes(session.departmentId))
    return 'person_not_in_department';
  return null;
}

const seatLeft = (s: SessionFacts) => s.enrolled < s.capacity;

/** May the person sign themselves up? */
export function signUpProblem(
  s: SessionFacts,
  c: SessionCourseFacts,
  p: SessionPersonFacts,
  now: string,
  today: string,
): SessionProblem | null {
  if (!p.active) return 'person_inactive';
  if (s.status !== 'scheduled') return 'session_closed';
  if (c.status !== 'published') return 'course_not_published';
  if (ms(now) >= ms(s.startsAt)) return 'session_started';
  if (p.enrolled) return 'already_signed_up';
  const invitation = invitationProblem(c, s, p, today);
  if (invitation) return invitation;
  return seatLeft(s) ? null : 'session_full';
}

/**
 * May the organiser put the person on the list? As signing up, but until the session ends (a late addition) rather
 * than until it starts. `s.enrolled` counts the people already on it, the ones added before in the same request too.
 */
export function enrolProblem(
  s: SessionFacts,
  c: SessionCourseFacts,
  p: SessionPersonFacts,
  now: string,
  today: string,
): SessionProblem | null {
  if (!p.active) return 'person_inactive';
  if (s.status !== 'scheduled') return 'session_closed';
  if (c.status !== 'published') return 'course_not_published';
  if (ms(now) >= ms(s.endsAt)) return 'session_started';
  if (p.enrolled) return 'already_signed_up';
  const invitation = invitationProblem(c, s, p, today);
  if (invitation) return invitation;
  return seatLeft(s) ? null : 'session_full';
}

/** May the person leave the list (themselves before it starts; the organiser while it is scheduled)? */
export function withdrawProblem(
  s: SessionFacts,
  p: Pick<SessionPersonFacts, 'enrolled' | 'attended'>,
  now: string,
  byOrganiser: boolean,
): SessionProblem | null {
  if (s.status !== 'scheduled') return 'session_closed';
  if (!p.enrolled) return 'not_signed_up';
  if (p.attended) return 'already_attended';
  if (!byOrganiser && ms(now) >= ms(s.startsAt)) return 'session_started';
  return null;
}

/**
 * May attendance be recorded for the person now (ticked by the organiser or their code scanned at the door)? From
 * `ATTENDANCE_OPENS_MINUTES` before the start until the session is closed; once per person. Someone not on the list
 * (a walk-in) is taken when the session is meant for them and a seat is left.
 */
export function attendProblem(
  s: SessionFacts,
  c: SessionCourseFacts,
  p: SessionPersonFacts,
  now: string,
  today: string,
): SessionProblem | null {
  if (!p.active) return 'person_inactive';
  if (s.status !== 'scheduled') return 'session_closed';
  if (ms(now) < ms(s.startsAt) - ATTENDANCE_OPENS_MINUTES * 60_000) return 'session_too_early';
  if (p.attended) return 'already_attended';
  if (p.enrolled) return null;
  const invitation = invitationProblem(c, s, p, today);
  if (invitation) return invitation;
  return seatLeft(s) ? null : 'session_full';
}

/** May a session of this course be scheduled at these times? */
export function scheduleProblem(
  c: Pick<SessionCourseFacts, 'status' | 'mode'>,
  startsAt: string,
  endsAt: string,
  now: string,
): SessionProblem | null {
  if (c.status !== 'published') return 'course_not_published';
  if (!hasSessions(c.mode)) return 'course_not_offline';
  return timesProblem(startsAt, endsAt, now);
}

/** Does the session end after it starts (within a day), and start after now? */
export function timesProblem(startsAt: string, endsAt: string, now: string): SessionProblem | null {
  const length = ms(endsAt) - ms(startsAt);
  if (!(length > 0) || length > SESSION_MAX_HOURS * 3_600_000) return 'session_times';
  if (ms(startsAt) <= ms(now)) return 'session_in_past';
  return null;
}

/**
 * May the session's times, place, trainer and capacity be changed? While scheduled; the capacity not below the
 * people on the list; new times only ahead (times left as they were are not checked against now).
 */
export function editProblem(
  s: SessionFacts,
  next: { startsAt: string; endsAt: string; capacity: number },
  now: string,
): SessionProblem | null {
  if (s.status !== 'scheduled') return 'session_closed';
  if (next.capacity < s.enrolled) return 'session_capacity_below_enrolled';
  if (next.startsAt === s.startsAt && next.endsAt === s.endsAt) return null;
  const times = timesProblem(next.startsAt, next.endsAt, now);
  if (times === 'session_in_past' && next.startsAt === s.startsAt) return null;
  return times;
}

/** May the session be cancelled? While scheduled, and only when nobody attended (then it is closed as held). */
export function cancelProblem(s: SessionFacts, attended: number): SessionProblem | null {
  if (s.status !== 'scheduled') return 'session_closed';
  return attended > 0 ? 'session_has_attendance' : null;
}

/** May the session be closed as held (attendance ends)? While scheduled, once it began. */
export function closeProblem(s: SessionFacts, now: string): SessionProblem | null {
  if (s.status !== 'scheduled') return 'session_closed';
  return ms(now) < ms(s.startsAt) ? 'session_too_early' : null;
}
