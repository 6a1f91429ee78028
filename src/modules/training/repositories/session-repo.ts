import type { Insertable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { TrainingAttendanceTable, TrainingSessionTable } from '../schema.js';

/** SQL on the offline sessions and their sign-in lists (training_sessions, training_attendance). */
type Q = Db | Trx;

/** A session with what lists show of its course, department and organiser. */
export interface SessionView {
  id: string;
  course_id: string;
  starts_at: string;
  ends_at: string;
  place: string;
  trainer: string;
  capacity: number;
  department_id: string | null;
  organiser_id: string;
  status: string;
  version: number;
  course_title: string;
  course_kind: string;
  course_mode: string;
  course_status: string;
  course_audience: string;
  department_name: string | null;
  organiser_name: string;
}

function viewQuery(q: Q) {
  return q
    .selectFrom('training_sessions as s')
    .innerJoin('training_courses as c', 'c.id', 's.course_id')
    .innerJoin('users as o', 'o.id', 's.organiser_id')
    .leftJoin('departments as d', 'd.id', 's.department_id')
    .select([
      's.id',
      's.course_id',
      's.starts_at',
      's.ends_at',
      's.place',
      's.trainer',
      's.capacity',
      's.department_id',
      's.organiser_id',
      's.status',
      's.version',
      'c.title as course_title',
      'c.kind as course_kind',
      'c.mode as course_mode',
      'c.status as course_status',
      'c.audience as course_audience',
      'd.name as department_name',
      'o.display_name as organiser_name',
    ]);
}

export async function findSession(q: Q, id: string): Promise<SessionView | undefined> {
  return viewQuery(q).where('s.id', '=', id).executeTakeFirst();
}

export interface SessionFilter {
  status?: string;
  /** Sessions ending after this instant. */
  endsAfter?: string;
  courseId?: string;
  ids?: readonly string[];
}

export async function listSessions(q: Q, f: SessionFilter): Promise<SessionView[]> {
  if (f.ids && f.ids.length === 0) return [];
  let sel = viewQuery(q);
  if (f.status) sel = sel.where('s.status', '=', f.status);
  if (f.endsAfter) sel = sel.where('s.ends_at', '>', f.endsAfter);
  if (f.courseId) sel = sel.where('s.course_id', '=', f.courseId);
  if (f.ids) sel = sel.where('s.id', 'in', [...f.ids]);
  return sel.orderBy('s.starts_at').orderBy('s.id').execute();
}

export async function insertSession(trx: Trx, row: Insertable<TrainingSessionTable>): Promise<void> {
  await trx.insertInto('training_sessions').values(row).execute();
}

/** Changes a session at the version the caller read; false when someone changed it meanwhile. */
export async function updateSession(
  trx: Trx,
  id: string,
  version: number,
  set: Partial<Pick<TrainingSessionTable, 'starts_at' | 'ends_at' | 'place' | 'trainer' | 'capacity' | 'status'>>,
  now: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_sessions')
    .set({ ...set, updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** People on the list of each session, and of them how many attended. */
export async function countsOf(
  q: Q,
  sessionIds: readonly string[],
): Promise<Map<string, { enrolled: number; attended: number }>> {
  const out = new Map<string, { enrolled: number; attended: number }>();
  if (sessionIds.length === 0) return out;
  const rows = await q
    .selectFrom('training_attendance')
    .select((eb) => [
      'session_id',
      eb.fn.countAll<string | number>().as('enrolled'),
      eb.fn.count<string | number>('attended_at').as('attended'),
    ])
    .where('session_id', 'in', [...sessionIds])
    .groupBy('session_id')
    .execute();
  for (const r of rows) out.set(r.session_id, { enrolled: Number(r.enrolled), attended: Number(r.attended) });
  return out;
}

/** The caller's place on each session's list (session id to the row). */
export async function enrolmentsOf(
  q: Q,
  userId: string,
  sessionIds?: readonly string[],
): Promise<Map<string, { enrolled_at: string; attended_at: string | null }>> {
  const out = new Map<string, { enrolled_at: string; attended_at: string | null }>();
  if (sessionIds && sessionIds.length === 0) return out;
  let sel = q
    .selectFrom('training_attendance')
    .select(['session_id', 'enrolled_at', 'attended_at'])
    .where('user_id', '=', userId);
  if (sessionIds) sel = sel.where('session_id', 'in', [...sessionIds]);
  for (const r of await sel.execute()) out.set(r.session_id, r);
  return out;
}

export async function findEnrolment(q: Q, sessionId: string, userId: string) {
  return q
    .selectFrom('training_attendance')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The sign-in list of a session, by name. */
export async function attendeesOf(q: Q, sessionId: string, userId?: string) {
  let sel = q
    .selectFrom('training_attendance as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('users as r', 'r.id', 'a.recorded_by')
    .leftJoin('users as e', 'e.id', 'a.enrolled_by')
    .select([
      'a.user_id',
      'a.enrolled_at',
      'a.attended_at',
      'a.method',
      'u.username',
      'u.display_name',
      'd.name as department_name',
      'r.display_name as recorder_name',
      'e.display_name as enrolled_by_name',
    ])
    .where('a.session_id', '=', sessionId);
  if (userId) sel = sel.where('a.user_id', '=', userId);
  return sel.orderBy('u.username').execute();
}

export async function insertEnrolment(trx: Trx, row: Insertable<TrainingAttendanceTable>): Promise<void> {
  await trx.insertInto('training_attendance').values(row).execute();
}

export async function deleteEnrolment(trx: Trx, sessionId: string, userId: string): Promise<void> {
  await trx
    .deleteFrom('training_attendance')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('attended_at', 'is', null)
    .execute();
}

/** Records attendance once: false when it was already recorded (a concurrent scan). */
export async function markAttended(
  trx: Trx,
  sessionId: string,
  userId: string,
  at: string,
  method: string,
  recordedBy: string | null,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_attendance')
    .set({ attended_at: at, method, recorded_by: recordedBy })
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('attended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The courses a person has an open follow-up task for (TRN-13): they are invited to its sessions. */
export async function assignedCourses(q: Q, userId: string): Promise<Set<string>> {
  const rows = await q
    .selectFrom('training_assignments')
    .select('course_id')
    .where('user_id', '=', userId)
    .where('completion_id', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.course_id));
}
