import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { notFound } from '../../../platform/errors.js';
import type { Actor } from '../../../kernel/actor.js';
import { can, type TrainingPersonResource } from '../../../policy/index.js';
import type { DueDto, RecordAbilities, TrainingRecord } from '../contracts/records.js';
import { assignments, completionsOf, courseBriefs, externalOf } from '../repositories/record-repo.js';
import { duesOfPerson, type PersonDues } from './training-facts.js';
import { assertMayViewTraining } from './record-access.js';

/**
 * A person's training record, as they read it (`/training`) and as the office, or a head or officer above them,
 * reads it: what is due by when and where they stand (the due rules, through the facts loader), their completions
 * (certificates), external certificates (TRN-11) and follow-up tasks (TRN-13).
 */
type Q = Db | Trx;

/**
 * What `actor` may do on this person's record: the answer the actions give (the policy for this person; a disabled
 * or departed person gets nothing new recorded or assigned, though open tasks may still be cancelled).
 */
export function recordAbilities(actor: Actor, pd: PersonDues): RecordAbilities {
  const { id: userId, departmentPath } = pd.person.facts;
  const resource: TrainingPersonResource = { kind: 'training_person', userId, departmentPath };
  const active = pd.person.status === 'active';
  const assign = can(actor, 'training.assign', resource);
  return {
    recordCompletion: active && can(actor, 'training.record_completion', resource),
    assign: active && assign,
    recordExternal: active && can(actor, 'training.record_external', resource),
    cancelTasks: assign,
  };
}

/** The record of one person whose dues are loaded, with what the reader may do on it. */
export async function recordOf(q: Q, pd: PersonDues, actor: Actor): Promise<TrainingRecord> {
  const { person, dues } = pd;
  const userId = person.facts.id;
  const courses = await courseBriefs(
    q,
    dues.map((d) => d.courseId),
  );
  const dueDtos: DueDto[] = [];
  for (const d of dues) {
    const c = courses.get(d.courseId);
    if (!c) continue;
    dueDtos.push({
      courseId: d.courseId,
      title: c.title,
      kind: d.kind,
      mode: c.mode,
      state: d.state,
      dueOn: d.dueOn,
      expiresOn: d.expiresOn,
      lastCompletedOn: d.lastCompletedOn,
      assignmentId: d.assignmentId,
    });
  }
  // Overdue first, then due, then expiring, then completed; by date within.
  const rank = { overdue: 0, due: 1, expiring: 2, completed: 3 } as const;
  dueDtos.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
      a.title.localeCompare(b.title),
  );
  return {
    person: {
      id: userId,
      username: person.username,
      displayName: person.displayName,
      departmentId: person.departmentId,
      departmentName: person.departmentName,
      post: person.post,
      status: person.status,
      hiredOn: person.hiredOn,
      startOn: person.facts.startOn,
      computerUser: person.facts.computerUser,
    },
    dues: dueDtos,
    completions: await completionsOf(q, userId),
    external: await externalOf(q, userId),
    tasks: await assignments(q, { userId }),
    abilities: recordAbilities(actor, pd),
  };
}

/** The caller's own training (every active person). */
export async function myTraining(ctx: AppContext, rc: RequestContext): Promise<TrainingRecord> {
  const actor = actorOf(rc);
  await authorize(
    ctx,
    rc,
    'training.view_own',
    { kind: 'none' },
    { audit: { action: 'training.view_person', targetType: 'user', targetId: actor.id } },
  );
  const pd = await duesOfPerson(ctx, ctx.db, actor.id);
  if (!pd) throw notFound();
  return recordOf(ctx.db, pd, actor);
}

/** A person's training, for them, the office, or a head or officer of their department or above (else 404, audited). */
export async function personTraining(ctx: AppContext, rc: RequestContext, userId: string): Promise<TrainingRecord> {
  const pd = await duesOfPerson(ctx, ctx.db, userId);
  // Nobody by that id: the same answer as a person one may not see (audited for those the policy refuses).
  await assertMayViewTraining(ctx, rc, userId, pd?.person.departmentId ?? null, 'training.view_person');
  if (!pd) throw notFound();
  return recordOf(ctx.db, pd, actorOf(rc));
}
