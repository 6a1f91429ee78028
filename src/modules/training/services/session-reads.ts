import type { CourseKind, SessionStatus } from '../../../kernel/training.js';
import type { Actor } from '../../../kernel/actor.js';
import { refuse } from '../../../platform/authorize.js';
import { actorOf, type audit, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { notFound } from '../../../platform/errors.js';
import { departmentPath, departmentPaths, todayOf } from '../../../platform/organisation.js';
import { can, type TrainingSessionResource } from '../../../policy/index.js';
import type { Attendee, SessionDetail, SessionSummary } from '../contracts/sessions.js';
import { invitationProblem, signUpProblem, withdrawProblem } from '../domain/sessions.js';
import {
  attendeesOf,
  countsOf,
  enrolmentsOf,
  findSession,
  listSessions as listSessionRows,
  type SessionView,
} from '../repositories/session-repo.js';
import type { TrainingPersonRecord } from './training-facts.js';
import { courseOf, factsOf, personFacts, resourceOf, sessionPerson, SESSION_TARGET } from './session-facts.js';

/** What the caller sees of sessions: the lists by scope and a session's page (its list for who manages it). */

type Q = Db | Trx;

/** Everything a list or a page shows of sessions, for this caller. */
async function summariesOf(ctx: AppContext, q: Q, actor: Actor, views: SessionView[]): Promise<SessionSummary[]> {
  if (views.length === 0) return [];
  const ids = views.map((v) => v.id);
  const [counts, mine, paths, me, today] = [
    await countsOf(q, ids),
    await enrolmentsOf(q, actor.id, ids),
    await departmentPaths(q),
    await sessionPerson(ctx, q, actor.id),
    await todayOf(ctx, q),
  ];
  const now = ctx.now().toISOString();
  return views.map((v) => {
    const c = counts.get(v.id) ?? { enrolled: 0, attended: 0 };
    const mineRow = mine.get(v.id);
    const s = factsOf(v, c.enrolled);
    const p = me ? personFacts(me, v.course_id, mineRow) : undefined;
    return {
      id: v.id,
      courseId: v.course_id,
      courseTitle: v.course_title,
      courseKind: v.course_kind as CourseKind,
      startsAt: v.starts_at,
      endsAt: v.ends_at,
      place: v.place,
      trainer: v.trainer,
      capacity: v.capacity,
      enrolled: c.enrolled,
      attended: c.attended,
      departmentId: v.department_id,
      departmentName: v.department_name,
      organiser: { id: v.organiser_id, displayName: v.organiser_name },
      status: v.status as SessionStatus,
      version: v.version,
      me: mineRow ? { enrolledAt: mineRow.enrolled_at, attendedAt: mineRow.attended_at } : null,
      canManage: can(
        actor,
        'training.manage_session',
        resourceOf(v, v.department_id ? (paths.get(v.department_id) ?? []) : []),
      ),
      signUpProblem: p ? signUpProblem(s, courseOf(v), p, now, today) : 'person_inactive',
      withdrawProblem: p ? withdrawProblem(s, p, now, false) : 'not_signed_up',
    };
  });
}

/** May the caller see this session: they manage it, are on its list, or it is open and meant for them. */
function visibleTo(
  summary: SessionSummary,
  v: SessionView,
  me: { record: TrainingPersonRecord; assigned: Set<string> } | undefined,
  today: string,
): boolean {
  if (summary.canManage || summary.me) return true;
  if (!me || v.status !== 'scheduled' || v.course_status !== 'published') return false;
  return (
    invitationProblem(
      courseOf(v),
      { departmentId: v.department_id },
      personFacts(me, v.course_id, undefined),
      today,
    ) === null
  );
}

export function attendeeOf(r: Awaited<ReturnType<typeof attendeesOf>>[number]): Attendee {
  return {
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    departmentName: r.department_name,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by_name,
    attendedAt: r.attended_at,
    method: (r.method as Attendee['method']) ?? null,
    recordedByName: r.recorder_name,
  };
}

/** The sessions of a scope for the caller (see `SESSION_SCOPES`). */
export async function listSessions(
  ctx: AppContext,
  rc: RequestContext,
  query: { scope?: 'upcoming' | 'mine' | 'organising'; courseId?: string },
): Promise<{ items: SessionSummary[] }> {
  const actor = actorOf(rc);
  const scope = query.scope ?? 'upcoming';
  const now = ctx.now().toISOString();
  const views =
    scope === 'upcoming'
      ? await listSessionRows(ctx.db, { status: 'scheduled', endsAfter: now, courseId: query.courseId })
      : scope === 'mine'
        ? await listSessionRows(ctx.db, {
            ids: [...(await enrolmentsOf(ctx.db, actor.id)).keys()],
            courseId: query.courseId,
          })
        : await listSessionRows(ctx.db, { courseId: query.courseId });
  const summaries = await summariesOf(ctx, ctx.db, actor, views);
  if (scope === 'mine') return { items: summaries.reverse() };
  if (scope === 'organising') return { items: summaries.filter((s) => s.canManage).reverse() };
  const [me, today] = [await sessionPerson(ctx, ctx.db, actor.id), await todayOf(ctx)];
  return { items: summaries.filter((s, i) => visibleTo(s, views[i]!, me, today)) };
}

/**
 * The session, or 404 (audited) when the caller may not see it. With the sign-in list when they may manage it.
 */
export async function loadVisible(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: Parameters<typeof audit>[3]['action'] = 'training.session_view',
): Promise<{ view: SessionView; summary: SessionSummary; resource: TrainingSessionResource }> {
  const actor = actorOf(rc);
  const event = { action, targetType: SESSION_TARGET, targetId: id };
  const view = await findSession(ctx.db, id);
  if (!view) return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  const [summary] = await summariesOf(ctx, ctx.db, actor, [view]);
  const [me, today] = [await sessionPerson(ctx, ctx.db, actor.id), await todayOf(ctx)];
  if (!visibleTo(summary!, view, me, today))
    return refuse(ctx, rc, { ...event, details: { reason: 'not_found_or_no_access' } }, notFound());
  const resource = resourceOf(view, await departmentPath(ctx.db, view.department_id));
  return { view, summary: summary!, resource };
}

export async function getSession(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const { summary } = await loadVisible(ctx, rc, id);
  return detailOf(ctx, ctx.db, summary);
}

async function detailOf(ctx: AppContext, q: Q, summary: SessionSummary): Promise<SessionDetail> {
  const people = summary.canManage ? (await attendeesOf(q, summary.id)).map(attendeeOf) : null;
  return { ...summary, people };
}

async function reload(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const view = await findSession(ctx.db, id);
  if (!view) throw notFound();
  const [summary] = await summariesOf(ctx, ctx.db, actorOf(rc), [view]);
  return detailOf(ctx, ctx.db, summary!);
}

export { reload as sessionDetail };
