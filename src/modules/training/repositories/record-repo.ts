import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type {
  AssignmentSource,
  CompletionSource,
  CourseKind,
  CourseMode,
  CourseStatus,
} from '../../../kernel/training.js';
import type { AssignmentDto, CompletionDto, ExternalDto } from '../contracts/records.js';

/**
 * SQL of a person's training record: completions with their course, follow-up tasks (TRN-13), external
 * certificates (TRN-11). The directory (users) is read for names.
 */
type Q = Db | Trx;

export interface CourseBrief {
  id: string;
  title: string;
  kind: CourseKind;
  mode: CourseMode;
  status: CourseStatus;
}

export async function courseBriefs(q: Q, ids?: readonly string[]): Promise<Map<string, CourseBrief>> {
  if (ids && ids.length === 0) return new Map();
  let sel = q.selectFrom('training_courses').select(['id', 'title', 'kind', 'mode', 'status']);
  if (ids) sel = sel.where('id', 'in', [...new Set(ids)]);
  const rows = await sel.execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        title: r.title,
        kind: r.kind as CourseKind,
        mode: r.mode as CourseMode,
        status: r.status as CourseStatus,
      },
    ]),
  );
}

export async function courseBrief(q: Q, id: string): Promise<CourseBrief | undefined> {
  return (await courseBriefs(q, [id])).get(id);
}

const completionColumns = [
  'c.id',
  'c.course_id',
  'c.round',
  'c.completed_on',
  'c.source',
  'c.certificate_no',
  'c.session_id',
  'c.minutes_spent',
  'c.evidence_blob_id',
  'c.note',
  'c.recorded_at',
  'c.user_id',
  'k.title',
  'k.kind',
  'k.status',
  'r.display_name as recorder',
] as const;

function completionQuery(q: Q) {
  return q
    .selectFrom('training_completions as c')
    .innerJoin('training_courses as k', 'k.id', 'c.course_id')
    .leftJoin('users as r', 'r.id', 'c.recorded_by')
    .select(completionColumns);
}

type CompletionRow = Awaited<ReturnType<ReturnType<typeof completionQuery>['executeTakeFirstOrThrow']>>;

const completionDto = (r: CompletionRow): CompletionDto => ({
  id: r.id,
  courseId: r.course_id,
  title: r.title,
  kind: r.kind as CourseKind,
  courseStatus: r.status as CourseStatus,
  round: Number(r.round),
  completedOn: r.completed_on,
  source: r.source as CompletionSource,
  certificateNo: r.certificate_no,
  sessionId: r.session_id,
  minutesSpent: r.minutes_spent === null ? null : Number(r.minutes_spent),
  hasEvidence: r.evidence_blob_id !== null,
  note: r.note,
  recordedByName: r.recorder ?? null,
  recordedAt: r.recorded_at,
});

/** The person's completions, the latest first. */
export async function completionsOf(q: Q, userId: string): Promise<CompletionDto[]> {
  const rows = await completionQuery(q)
    .where('c.user_id', '=', userId)
    .orderBy('c.completed_on', 'desc')
    .orderBy('c.recorded_at', 'desc')
    .execute();
  return rows.map(completionDto);
}

export async function findCompletion(q: Q, id: string) {
  const r = await completionQuery(q).where('c.id', '=', id).executeTakeFirst();
  return r ? { dto: completionDto(r), userId: r.user_id, evidenceBlobId: r.evidence_blob_id } : undefined;
}

function externalQuery(q: Q) {
  return q
    .selectFrom('training_external as e')
    .leftJoin('users as r', 'r.id', 'e.recorded_by')
    .select([
      'e.id',
      'e.user_id',
      'e.title',
      'e.provider',
      'e.completed_on',
      'e.expires_on',
      'e.certificate_no',
      'e.blob_id',
      'e.file_name',
      'e.media_type',
      'e.size',
      'e.note',
      'e.recorded_at',
      'r.display_name as recorder',
    ]);
}
type ExternalRow = Awaited<ReturnType<ReturnType<typeof externalQuery>['executeTakeFirstOrThrow']>>;

const externalDto = (r: ExternalRow): ExternalDto => ({
  id: r.id,
  userId: r.user_id,
  title: r.title,
  provider: r.provider,
  completedOn: r.completed_on,
  expiresOn: r.expires_on,
  certificateNo: r.certificate_no,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: Number(r.size),
  note: r.note,
  recordedByName: r.recorder ?? null,
  recordedAt: r.recorded_at,
});

export async function externalOf(q: Q, userId: string): Promise<ExternalDto[]> {
  const rows = await externalQuery(q)
    .where('e.user_id', '=', userId)
    .orderBy('e.completed_on', 'desc')
    .orderBy('e.recorded_at', 'desc')
    .execute();
  return rows.map(externalDto);
}

export async function findExternal(q: Q, id: string) {
  const r = await externalQuery(q).where('e.id', '=', id).executeTakeFirst();
  return r ? { dto: externalDto(r), blobId: r.blob_id } : undefined;
}

export interface NewExternal {
  id: string;
  user_id: string;
  title: string;
  provider: string;
  completed_on: string;
  expires_on: string | null;
  certificate_no: string | null;
  blob_id: string;
  file_name: string;
  media_type: string;
  size: number;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export async function insertExternal(trx: Trx, row: NewExternal): Promise<void> {
  await trx.insertInto('training_external').values(row).execute();
}

function assignmentQuery(q: Q) {
  return q
    .selectFrom('training_assignments as a')
    .innerJoin('training_courses as k', 'k.id', 'a.course_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('users as b', 'b.id', 'a.assigned_by')
    .select([
      'a.id',
      'a.user_id',
      'a.course_id',
      'a.due_on',
      'a.source',
      'a.source_ref',
      'a.reason',
      'a.assigned_at',
      'a.completion_id',
      'a.cancelled_at',
      'a.version',
      'k.title',
      'u.username',
      'u.display_name',
      'u.department_id',
      'd.name as department_name',
      'b.display_name as assigner',
    ]);
}
type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentQuery>['executeTakeFirstOrThrow']>>;

const assignmentDto = (r: AssignmentRow): AssignmentDto => ({
  id: r.id,
  userId: r.user_id,
  username: r.username,
  displayName: r.display_name,
  departmentName: r.department_name ?? null,
  courseId: r.course_id,
  title: r.title,
  dueOn: r.due_on,
  source: r.source as AssignmentSource,
  sourceRef: r.source_ref,
  reason: r.reason,
  assignedByName: r.assigner ?? null,
  assignedAt: r.assigned_at,
  state: r.cancelled_at !== null ? 'cancelled' : r.completion_id !== null ? 'met' : 'open',
  completionId: r.completion_id,
  cancelledAt: r.cancelled_at,
  version: Number(r.version),
});

export interface AssignmentFilter {
  ids?: readonly string[];
  userId?: string;
  courseId?: string;
  state?: 'open' | 'met' | 'cancelled';
}

export async function assignments(q: Q, f: AssignmentFilter): Promise<AssignmentDto[]> {
  if (f.ids && f.ids.length === 0) return [];
  let sel = assignmentQuery(q);
  if (f.ids) sel = sel.where('a.id', 'in', [...f.ids]);
  if (f.userId) sel = sel.where('a.user_id', '=', f.userId);
  if (f.courseId) sel = sel.where('a.course_id', '=', f.courseId);
  if (f.state === 'cancelled') sel = sel.where('a.cancelled_at', 'is not', null);
  if (f.state === 'met') sel = sel.where('a.cancelled_at', 'is', null).where('a.completion_id', 'is not', null);
  if (f.state === 'open') sel = sel.where('a.cancelled_at', 'is', null).where('a.completion_id', 'is', null);
  const rows = await sel.orderBy('a.assigned_at', 'desc').orderBy('a.id').limit(1000).execute();
  return rows.map(assignmentDto);
}

export async function findAssignment(q: Q, id: string) {
  const r = await assignmentQuery(q).where('a.id', '=', id).executeTakeFirst();
  return r ? { dto: assignmentDto(r), departmentId: r.department_id } : undefined;
}

export interface NewAssignment {
  id: string;
  user_id: string;
  course_id: string;
  due_on: string;
  source: AssignmentSource;
  source_ref: string | null;
  reason: string;
  assigned_by: string | null;
  assigned_at: string;
}

export async function insertAssignment(trx: Trx, row: NewAssignment): Promise<void> {
  await trx
    .insertInto('training_assignments')
    .values({ ...row, completion_id: null, cancelled_at: null, cancelled_by: null, version: 1 })
    .execute();
}

/** Cancels an open task at this version; false when it was changed, met or cancelled meanwhile. */
export async function cancelAssignmentRow(
  trx: Trx,
  id: string,
  version: number,
  by: string,
  at: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_assignments')
    .set({ cancelled_at: at, cancelled_by: by, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('cancelled_at', 'is', null)
    .where('completion_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
