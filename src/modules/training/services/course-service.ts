import type {
  AudienceRule,
  CourseKind,
  CourseMode,
  CourseStatus,
  MaterialKind,
  TrainingTopic,
} from '../../../kernel/training.js';
import { hasMaterials } from '../../../kernel/training.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { can } from '../../../policy/index.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { ProblemCode } from '../../../platform/contracts/problems.js';
import type {
  CourseDetail,
  CourseSummary,
  CreateCourseInput,
  Material,
  UpdateCourseInput,
} from '../contracts/courses.js';
import { audienceProblem } from '../domain/audiences.js';
import {
  findCourse,
  insertCourse,
  listCourses as listCourseRows,
  materialsOf,
  updateCourseVersioned,
  type CourseRow,
  type ListedCourse,
  type MaterialRow,
} from '../repositories/course-repo.js';
import { courseMarkdownToHtml } from './course-render.js';

/**
 * Training courses (TRN-01..03, 09, 10): the security administrator writes a course (title, kind, mode, topics, the
 * audience as rules, a Markdown description, duration, validity), edits it (optimistic version), publishes it (due to
 * its audience from then on) and retires it (no new dues; completions stay). Everyone reads the published courses;
 * only the office sees drafts (another reader is answered as for a course that does not exist: 404, audited).
 */
export const COURSE_TARGET = 'training_course';

type Q = Db | Trx;

export function summaryOf(r: ListedCourse | (CourseRow & { material_count: string | number | null })): CourseSummary {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as CourseKind,
    mode: r.mode as CourseMode,
    topics: JSON.parse(r.topics) as TrainingTopic[],
    audience: JSON.parse(r.audience) as CourseSummary['audience'],
    durationMinutes: r.duration_minutes,
    validityMonths: r.validity_months,
    status: r.status as CourseStatus,
    publishedOn: r.published_on,
    materialCount: Number(r.material_count ?? 0),
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function materialOf(m: MaterialRow): Material {
  return {
    id: m.id,
    courseId: m.course_id,
    position: m.position,
    kind: m.kind as MaterialKind,
    title: m.title,
    fileName: m.file_name,
    mediaType: m.media_type,
    size: m.size,
    url: m.url,
    body: m.body,
    html: m.kind === 'text' && m.body !== null ? courseMarkdownToHtml(m.body) : null,
    minMinutes: m.min_minutes,
  };
}

export async function courseDetailOf(q: Q, id: string): Promise<CourseDetail | null> {
  const [row] = await listCourseRows(q, { id });
  if (!row) return null;
  const materials = await materialsOf(q, id);
  return {
    ...summaryOf(row),
    description: row.description,
    descriptionHtml: courseMarkdownToHtml(row.description),
    materials: materials.map(materialOf),
  };
}

/** The answer to a course that does not exist or that the reader may not see (audited, 404). */
export function missingCourse(ctx: AppContext, rc: RequestContext, action: AuditAction, id: string): Promise<never> {
  return refuse(
    ctx,
    rc,
    { action, targetType: COURSE_TARGET, targetId: id },
    new AppError('not_found', 'Not found or no access', { problem: 'course_unknown' }),
  );
}

/** Only the security administrator manages courses and their materials (403, audited). */
export const manageCourses = (ctx: AppContext, rc: RequestContext, action: AuditAction, targetId: string | null) =>
  authorize(
    ctx,
    rc,
    'training.manage_courses',
    { kind: 'none' },
    { audit: { action, targetType: COURSE_TARGET, targetId } },
  );

/** May the reader see drafts (the office)? */
export const seesDrafts = (rc: RequestContext) => can(actorOf(rc), 'training.manage_courses', { kind: 'none' });

/** A course the reader may see (drafts only for the office), or the audited 404. */
export async function visibleCourse(
  ctx: AppContext,
  rc: RequestContext,
  action: AuditAction,
  id: string,
  q: Q = ctx.db,
): Promise<CourseRow> {
  const c = await findCourse(q, id);
  if (!c || (c.status === 'draft' && !seesDrafts(rc))) return missingCourse(ctx, rc, action, id);
  return c;
}

const invalid = (message: string, field: string, problem: ProblemCode) =>
  new AppError('validation_failed', message, { field, problem });

/** Checks an audience (400, nothing recorded): the rule's own checks, then that each department exists. */
export async function assertAudience(q: Q, audience: readonly AudienceRule[], field = 'audience'): Promise<void> {
  const problem = audienceProblem(audience);
  if (problem) throw invalid('The audience is not valid', field, problem);
  const ids = [...new Set(audience.flatMap((r) => (r.kind === 'department' ? [r.departmentId] : [])))];
  if (ids.length === 0) return;
  const found = await q.selectFrom('departments').select('id').where('id', 'in', ids).execute();
  if (found.length !== ids.length)
    throw invalid('A department of the audience does not exist', field, 'department_unknown');
}

/** An audience as stored: posts trimmed, a clearance rule's classes in order, once. */
export function normaliseAudience(audience: readonly AudienceRule[]): AudienceRule[] {
  const order = ['core', 'important', 'general'] as const;
  return audience.map((r) => {
    if (r.kind === 'post') return { kind: 'post', post: r.post.trim() };
    if (r.kind === 'clearance') return { kind: 'clearance', classes: order.filter((c) => r.classes.includes(c)) };
    return r;
  });
}

export async function listCourses(
  ctx: AppContext,
  rc: RequestContext,
  query: { status?: CourseStatus | undefined; kind?: CourseKind | undefined; mode?: CourseMode | undefined },
): Promise<{ items: CourseSummary[] }> {
  await authorize(
    ctx,
    rc,
    'training.view_courses',
    { kind: 'none' },
    { audit: { action: 'training.course_view', targetType: COURSE_TARGET, targetId: null } },
  );
  // The office sees every course; everyone else the published ones only.
  const statuses: CourseStatus[] = seesDrafts(rc)
    ? query.status
      ? [query.status]
      : ['draft', 'published', 'retired']
    : query.status === undefined || query.status === 'published'
      ? ['published']
      : [];
  if (statuses.length === 0) return { items: [] };
  const rows = await listCourseRows(ctx.db, {
    statuses,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.mode ? { mode: query.mode } : {}),
  });
  return { items: rows.map(summaryOf) };
}

export async function getCourse(ctx: AppContext, rc: RequestContext, id: string): Promise<CourseDetail> {
  await authorize(
    ctx,
    rc,
    'training.view_courses',
    { kind: 'none' },
    { audit: { action: 'training.course_view', targetType: COURSE_TARGET, targetId: id } },
  );
  await visibleCourse(ctx, rc, 'training.course_view', id);
  return (await courseDetailOf(ctx.db, id))!;
}

export async function createCourse(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateCourseInput,
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.course_create', null);
  await assertAudience(ctx.db, input.audience);
  const actor = actorOf(rc);
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await insertCourse(trx, {
      id,
      title: input.title,
      kind: input.kind,
      mode: input.mode,
      topics: JSON.stringify(input.topics),
      audience: JSON.stringify(normaliseAudience(input.audience)),
      description: input.description,
      duration_minutes: input.durationMinutes,
      validity_months: input.validityMonths,
      status: 'draft',
      published_on: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await audit(trx, ctx, rc, {
      action: 'training.course_create',
      targetType: COURSE_TARGET,
      targetId: id,
      details: { title: input.title, kind: input.kind, mode: input.mode },
    });
  });
  return (await courseDetailOf(ctx.db, id))!;
}

/** Edits a draft or a published course; a retired one is not edited, and the mode is changed only while a draft. */
export async function updateCourse(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateCourseInput,
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.course_update', id);
  const before = (await findCourse(ctx.db, id)) ?? (await missingCourse(ctx, rc, 'training.course_update', id));
  await assertAudience(ctx.db, input.audience);
  await tx(ctx, async (trx) => {
    const c = await findCourse(trx, id);
    if (!c) throw new AppError('not_found', 'Not found or no access', { problem: 'course_unknown' });
    if (c.version !== input.version) throw staleVersion();
    if (c.status === 'retired')
      throw new AppError('conflict', 'A retired course is not edited', { problem: 'course_retired' });
    if (c.status !== 'draft' && c.mode !== input.mode)
      throw new AppError('conflict', 'The mode of a published course does not change', {
        field: 'mode',
        problem: 'course_not_draft',
      });
    const ok = await updateCourseVersioned(trx, id, input.version, {
      title: input.title,
      kind: input.kind,
      mode: input.mode,
      topics: JSON.stringify(input.topics),
      audience: JSON.stringify(normaliseAudience(input.audience)),
      description: input.description,
      duration_minutes: input.durationMinutes,
      validity_months: input.validityMonths,
      updated_at: ctx.now().toISOString(),
    });
    if (!ok) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'training.course_update',
      targetType: COURSE_TARGET,
      targetId: id,
      details: { title: input.title, before: { title: before.title, status: before.status } },
    });
  });
  return (await courseDetailOf(ctx.db, id))!;
}

/** Publishes a draft: due to its audience from today. An online course needs a material; a due course an audience. */
export async function publishCourse(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.course_publish', id);
  if (!(await findCourse(ctx.db, id))) await missingCourse(ctx, rc, 'training.course_publish', id);
  await tx(ctx, async (trx) => {
    const c = await findCourse(trx, id);
    if (!c) throw new AppError('not_found', 'Not found or no access', { problem: 'course_unknown' });
    if (c.version !== input.version) throw staleVersion();
    if (c.status !== 'draft')
      throw new AppError('conflict', 'Only a draft is published', {
        problem: c.status === 'retired' ? 'course_retired' : 'course_not_draft',
      });
    if (hasMaterials(c.mode as CourseMode) && (await materialsOf(trx, id)).length === 0)
      throw new AppError('conflict', 'An online or blended course needs at least one material', {
        problem: 'course_no_materials',
      });
    if (c.kind !== 'elective' && (JSON.parse(c.audience) as AudienceRule[]).length === 0)
      throw new AppError('conflict', 'Onboarding and refresher courses need an audience', {
        problem: 'course_no_audience',
      });
    const today = await todayOf(ctx, trx);
    const ok = await updateCourseVersioned(trx, id, input.version, {
      status: 'published',
      published_on: today,
      updated_at: ctx.now().toISOString(),
    });
    if (!ok) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'training.course_publish',
      targetType: COURSE_TARGET,
      targetId: id,
      details: { title: c.title, publishedOn: today },
    });
  });
  return (await courseDetailOf(ctx.db, id))!;
}

/** Retires a course (draft or published): nothing new is due of it; completions and certificates stay. */
export async function retireCourse(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.course_retire', id);
  if (!(await findCourse(ctx.db, id))) await missingCourse(ctx, rc, 'training.course_retire', id);
  await tx(ctx, async (trx) => {
    const c = await findCourse(trx, id);
    if (!c) throw new AppError('not_found', 'Not found or no access', { problem: 'course_unknown' });
    if (c.version !== input.version) throw staleVersion();
    if (c.status === 'retired')
      throw new AppError('conflict', 'The course is retired already', { problem: 'course_retired' });
    const ok = await updateCourseVersioned(trx, id, input.version, {
      status: 'retired',
      updated_at: ctx.now().toISOString(),
    });
    if (!ok) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'training.course_retire',
      targetType: COURSE_TARGET,
      targetId: id,
      details: { title: c.title },
    });
  });
  return (await courseDetailOf(ctx.db, id))!;
}
