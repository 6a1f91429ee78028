import type { Actor } from '../../../kernel/actor.js';
import { TRAINING_STATES, type CourseKind, type TrainingState } from '../../../kernel/training.js';
import type { UserStatus } from '../../../kernel/roles.js';
import { trainingListFilter, type TrainingListFilter } from '../../../policy/training.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { departmentPaths, departmentSubtree, todayOf, withAccess } from '../../../platform/organisation.js';
import type { TrainingDue } from '../domain/dues.js';
import type { ReportDue, ReportResponse, ReportRow } from '../contracts/reports.js';
import { duesOfPeople, type PersonDues } from './training-facts.js';

/**
 * The training report (TRN-01/02/10): every active person in the reader's scope with where they stand with each
 * course due to them — the security administrator's whole organisation, a head's or officer's department with its
 * sub-departments (the policy's `trainingListFilter`, the same rule as `training.view_person`), nobody else's (403,
 * audited; a department outside one's own answers 404, audited). The states are the domain's (`duesOf`, through
 * `duesOfPeople`), so the list, its totals, the coverage, the workbench card and the export read the same rows.
 *
 * Order: by username (unique, compared as code units: the same on both databases); the cursor is the username the
 * previous page ended at.
 */
export const REPORT_TARGET = 'training_report';

export interface ReportInput {
  departmentId?: string | undefined;
  courseId?: string | undefined;
  state?: TrainingState | undefined;
  q?: string | undefined;
}

export interface ReportScope {
  actor: Actor;
  filter: TrainingListFilter;
  /** The departments the report covers (the filter's, narrowed to the asked department), or null: all. */
  departmentIds: readonly string[] | null;
  today: string;
}

export type ReportAction = 'training.report' | 'training.export';

/**
 * Whose training the reader may list, and of which departments. Refusals are audited as `action` (the report or
 * its export): without the ability 403; a department the reader does not lead 404. An unknown course is 400.
 */
export async function reportScope(
  ctx: AppContext,
  rc: RequestContext,
  input: Pick<ReportInput, 'departmentId' | 'courseId'>,
  action: ReportAction = 'training.report',
): Promise<ReportScope> {
  const actor = await withAccess(ctx, actorOf(rc));
  const ability = action === 'training.export' ? 'training.export_reports' : 'training.view_reports';
  const event = { action, targetType: REPORT_TARGET, targetId: input.departmentId ?? null };
  await authorize(ctx, rc, ability, { kind: 'none' }, { actor, audit: event });
  const subtree = actor.departmentId ? await departmentSubtree(ctx.db, actor.departmentId) : [];
  const filter = trainingListFilter(actor, subtree);
  let departmentIds: readonly string[] | null =
    filter.kind === 'all' ? null : filter.kind === 'departments' ? filter.departmentIds : [];
  if (input.departmentId !== undefined) {
    await authorize(
      ctx,
      rc,
      ability,
      {
        kind: 'training_department',
        departmentId: input.departmentId,
        departmentPath: (await departmentPaths(ctx.db)).get(input.departmentId) ?? [],
      },
      { actor, audit: { ...event, details: { departmentId: input.departmentId } }, hideExistence: true },
    );
    const asked = await departmentSubtree(ctx.db, input.departmentId);
    departmentIds = departmentIds === null ? asked : asked.filter((d) => departmentIds!.includes(d));
  }
  if (input.courseId !== undefined) {
    const course = await ctx.db
      .selectFrom('training_courses')
      .select('id')
      .where('id', '=', input.courseId)
      .executeTakeFirst();
    if (!course)
      throw new AppError('bad_request', 'There is no such course', { field: 'courseId', problem: 'course_unknown' });
  }
  return { actor, filter, departmentIds, today: await todayOf(ctx) };
}

const byUsername = (a: PersonDues, b: PersonDues) =>
  a.person.username < b.person.username ? -1 : a.person.username > b.person.username ? 1 : 0;

/** Does the name filter take the person (username or name contains, case-insensitive)? */
export function nameMatches(p: { username: string; displayName: string }, q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return p.username.toLowerCase().includes(needle) || p.displayName.toLowerCase().includes(needle);
}

/** The active people of the scope with their dues, in username order, kept by the name filter. */
export async function scopePeople(
  ctx: AppContext,
  scope: ReportScope,
  input: Pick<ReportInput, 'q'>,
): Promise<PersonDues[]> {
  if (scope.filter.kind === 'none' || (scope.departmentIds !== null && scope.departmentIds.length === 0)) return [];
  const all = await duesOfPeople(
    ctx,
    ctx.db,
    scope.departmentIds === null ? {} : { departmentIds: scope.departmentIds },
    scope.today,
  );
  return all.filter((p) => nameMatches(p.person, input.q)).sort(byUsername);
}

/** The person's dues of the asked course (all without one). */
export const ofCourse = (dues: readonly TrainingDue[], courseId: string | undefined) =>
  courseId === undefined ? [...dues] : dues.filter((d) => d.courseId === courseId);

/** Which of a person's dues the filters keep. */
export function keptDues(dues: readonly TrainingDue[], input: ReportInput): TrainingDue[] {
  return ofCourse(dues, input.courseId).filter((d) => input.state === undefined || d.state === input.state);
}

/** Is the person listed under these filters? Without a course or state: everyone of the scope. */
export function listed(dues: readonly TrainingDue[], input: ReportInput): boolean {
  if (input.courseId === undefined && input.state === undefined) return true;
  return keptDues(dues, input).length > 0;
}

export async function courseTitles(ctx: AppContext): Promise<Map<string, { title: string; kind: CourseKind }>> {
  const rows = await ctx.db.selectFrom('training_courses').select(['id', 'title', 'kind']).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, kind: r.kind as CourseKind }]));
}

export function dueDto(d: TrainingDue, titles: ReadonlyMap<string, { title: string }>): ReportDue {
  return {
    courseId: d.courseId,
    title: titles.get(d.courseId)?.title ?? '',
    kind: d.kind,
    state: d.state,
    dueOn: d.dueOn,
    expiresOn: d.expiresOn,
    lastCompletedOn: d.lastCompletedOn,
    assignmentId: d.assignmentId,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A report row as the list and the export show it: the dues by course title. */
export function rowOf(p: PersonDues, input: ReportInput, titles: ReadonlyMap<string, { title: string }>): ReportRow {
  const r = p.person;
  return {
    userId: r.facts.id,
    username: r.username,
    displayName: r.displayName,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    post: r.post,
    status: r.status as UserStatus,
    dues: keptDues(p.dues, input)
      .map((d) => dueDto(d, titles))
      .sort((a, b) => compare(a.title, b.title) || compare(a.courseId, b.courseId)),
  };
}

const emptyByState = () => Object.fromEntries(TRAINING_STATES.map((s) => [s, 0])) as Record<TrainingState, number>;

/** GET /api/training/report: one page of the report, how many people it holds, and the totals per state. */
export async function trainingReport(
  ctx: AppContext,
  rc: RequestContext,
  input: ReportInput & { limit?: number | undefined; cursor?: string | undefined },
): Promise<ReportResponse> {
  const scope = await reportScope(ctx, rc, input);
  const limit = input.limit ?? 50;
  const people = await scopePeople(ctx, scope, input);
  const totals = { people: 0, byState: emptyByState() };
  const kept: PersonDues[] = [];
  for (const p of people) {
    const course = ofCourse(p.dues, input.courseId);
    if (input.courseId === undefined || course.length > 0) {
      totals.people++;
      for (const d of course) totals.byState[d.state]++;
    }
    if (listed(p.dues, input)) kept.push(p);
  }
  const after = input.cursor === undefined ? kept : kept.filter((p) => p.person.username > input.cursor!);
  const page = after.slice(0, limit);
  const titles = await courseTitles(ctx);
  return {
    items: page.map((p) => rowOf(p, input, titles)),
    total: kept.length,
    nextCursor: after.length > limit ? page[page.length - 1]!.person.username : null,
    totals,
  };
}

/** How many people the report with these filters lists (the workbench card; the list's `total`). */
export async function countReport(ctx: AppContext, rc: RequestContext, input: ReportInput): Promise<number> {
  const scope = await reportScope(ctx, rc, input);
  return (await scopePeople(ctx, scope, input)).filter((p) => listed(p.dues, input)).length;
}
