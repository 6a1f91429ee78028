import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, type AppContext, type RequestContext } from '../../../platform/context.js';

import { lockRow } from '../../../platform/db/locks.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { departmentPath, todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';

import type { SessionDetail } from '../contracts/sessions.js';
import { enrolProblem, signUpProblem, withdrawProblem } from '../domain/sessions.js';
import {
  countsOf,
  deleteEnrolment,
  findEnrolment,
  findSession,
  insertEnrolment,
} from '../repositories/session-repo.js';

import { courseOf, factsOf, personFacts, RuleRefusal, ruleTx, sessionPerson, SESSION_TARGET } from './session-facts.js';
import { loadVisible, sessionDetail as reload } from './session-reads.js';
import { loadManaged } from './session-service.js';

/**
 * Who is on a session's list (TRN-02/03): a person signs up or withdraws before it starts; the organiser adds and
 * removes people, the capacity holding under the session's lock.
 */
/** The caller signs up. */
export async function signUp(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const actor = actorOf(rc);
  // Any session the caller knows the id of: whether it is meant for them is the rule's answer (`not_invited`...).
  if (!(await findSession(ctx.db, id)))
    await refuse(
      ctx,
      rc,
      {
        action: 'training.session_sign_up',
        targetType: SESSION_TARGET,
        targetId: id,
        details: { reason: 'not_found_or_no_access' },
      },
      notFound(),
    );
  const event = { action: 'training.session_sign_up' as const, targetType: SESSION_TARGET, targetId: id };
  await authorize(
    ctx,
    rc,
    'training.take',
    { kind: 'training_person', userId: actor.id, departmentPath: await departmentPath(ctx.db, actor.departmentId) },
    { audit: event },
  );
  await ruleTx(ctx, rc, event.action, id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const me = (await sessionPerson(ctx, trx, actor.id))!;
    const p = personFacts(me, v.course_id, await findEnrolment(trx, id, actor.id));
    const problem = signUpProblem(
      factsOf(v, counts.enrolled),
      courseOf(v),
      p,
      ctx.now().toISOString(),
      await todayOf(ctx, trx),
    );
    if (problem) throw new RuleRefusal(problem);
    await insertEnrolment(trx, {
      session_id: id,
      user_id: actor.id,
      enrolled_at: ctx.now().toISOString(),
      enrolled_by: null,
      attended_at: null,
      method: null,
      recorded_by: null,
    });
    await audit(trx, ctx, rc, { ...event, details: { courseId: v.course_id } });
  });
  return reload(ctx, rc, id);
}

/** The caller leaves the list before the session starts. */
export async function withdraw(ctx: AppContext, rc: RequestContext, id: string): Promise<SessionDetail> {
  const actor = actorOf(rc);
  await loadVisible(ctx, rc, id, 'training.session_withdraw');
  await removeFromList(ctx, rc, id, actor.id, false);
  return reload(ctx, rc, id);
}

async function removeFromList(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  userId: string,
  byOrganiser: boolean,
): Promise<void> {
  const action = byOrganiser ? ('training.session_remove' as const) : ('training.session_withdraw' as const);
  await ruleTx(ctx, rc, action, id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const row = await findEnrolment(trx, id, userId);
    const problem = withdrawProblem(
      factsOf(v, counts.enrolled),
      { enrolled: row !== undefined, attended: !!row?.attended_at },
      ctx.now().toISOString(),
      byOrganiser,
    );
    if (problem) throw new RuleRefusal(problem, { userId });
    await deleteEnrolment(trx, id, userId);
    await audit(trx, ctx, rc, { action, targetType: SESSION_TARGET, targetId: id, details: { userId } });
  });
}

/** The organiser takes a person off the list (not once they attended). */
export async function removePerson(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  userId: string,
): Promise<SessionDetail> {
  await loadManaged(ctx, rc, id, 'training.session_remove');
  await removeFromList(ctx, rc, id, userId, true);
  return reload(ctx, rc, id);
}

/**
 * The organiser puts people on the list (all or none: each must be meant for the session and a seat left for
 * each); they are told.
 */
export async function enrolPeople(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { userIds: string[] },
): Promise<SessionDetail> {
  const actor = actorOf(rc);
  await loadManaged(ctx, rc, id, 'training.session_enrol');
  const userIds = [...new Set(input.userIds)];
  await ruleTx(ctx, rc, 'training.session_enrol', id, async (trx) => {
    await lockRow(trx, ctx.kind, 'training_sessions', id);
    const v = (await findSession(trx, id))!;
    const counts = (await countsOf(trx, [id])).get(id) ?? { enrolled: 0, attended: 0 };
    const now = ctx.now().toISOString();
    const today = await todayOf(ctx, trx);
    let enrolled = counts.enrolled;
    for (const userId of userIds) {
      const person = await sessionPerson(ctx, trx, userId);
      if (!person)
        throw new AppError('bad_request', 'There is no such person', {
          field: 'userIds',
          problem: 'session_person_unknown',
          userId,
        });
      const p = personFacts(person, v.course_id, await findEnrolment(trx, id, userId));
      const problem = enrolProblem(factsOf(v, enrolled), courseOf(v), p, now, today);
      if (problem) throw new RuleRefusal(problem, { userId });
      await insertEnrolment(trx, {
        session_id: id,
        user_id: userId,
        enrolled_at: now,
        enrolled_by: actor.id,
        attended_at: null,
        method: null,
        recorded_by: null,
      });
      enrolled++;
    }
    await notifyUsers(trx, ctx, userIds, {
      notice: 'trainingSessionEnrolled',
      params: { title: v.course_title, startsAt: v.starts_at, place: v.place },
      link: `/training/sessions/${id}`,
    });
    await audit(trx, ctx, rc, {
      action: 'training.session_enrol',
      targetType: SESSION_TARGET,
      targetId: id,
      details: { userIds },
    });
  });
  return reload(ctx, rc, id);
}
