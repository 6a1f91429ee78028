import type { z } from 'zod';
import type { ObligationState } from '../../../kernel/agreements.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError } from '../../../platform/errors.js';
import { departmentPath, todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import type { leaverBody } from '../contracts/signatures.js';
import { findLeaver, insertLeaver, listLeavers as leaverRows } from '../repositories/signature-repo.js';
import { obligationsFor } from './obligation-service.js';
import { agreementTask } from './agreement-task.js';

/**
 * Leavers (PER-04, PER-06): when a departure begins, the security office asks the person for the departure NDA; it
 * then shows among their obligations (due from that day), and the departure is refused until it is signed
 * (departure.ts). The leaver list is kept for ever, departed people included: the obligation outlives the job.
 */
export async function askLeaver(ctx: AppContext, rc: RequestContext, input: z.infer<typeof leaverBody>) {
  const actor = actorOf(rc);
  const event = { action: 'agreement.ask_leaver' as const, targetType: 'user', targetId: input.userId };
  await authorize(ctx, rc, 'agreement.ask_leaver', { kind: 'none' }, { audit: event });
  const u = await ctx.db
    .selectFrom('users')
    .select(['id', 'status', 'department_id'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!u) throw new AppError('bad_request', 'There is no such person', { field: 'userId' });
  await authorize(
    ctx,
    rc,
    'agreement.ask_leaver',
    { kind: 'agreement_person', userId: u.id, departmentPath: await departmentPath(ctx.db, u.department_id) },
    { audit: event },
  );
  if (u.status !== 'active')
    throw new AppError('conflict', 'Nothing new is asked of a disabled or departed person', {
      problem: 'person_inactive',
    });
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'users', u.id);
    if (await findLeaver(trx, u.id))
      throw new AppError('conflict', 'The departure NDA was already asked of this person', {
        problem: 'already_leaver',
      });
    const today = await todayOf(ctx, trx);
    await insertLeaver(trx, {
      user_id: u.id,
      requested_on: today,
      requested_by: actor.id,
      requested_at: ctx.now().toISOString(),
    });
    const nda = (await obligationsFor(ctx, trx, [u.id], today))
      .get(u.id)
      ?.obligations.find((o) => o.kind === 'departure_nda');
    if (nda?.dueOn)
      await notifyUsers(trx, ctx, [u.id], {
        notice: 'departureNdaRequested',
        params: { dueOn: nda.dueOn },
        link: '/agreements',
        email: true,
        // Asks the departure NDA's signature: done when it is signed, as a 「请签署」 of it is.
        taskKey: agreementTask(nda.templateId),
      });
    await audit(trx, ctx, rc, {
      action: 'agreement.ask_leaver',
      targetType: 'user',
      targetId: u.id,
      details: { requestedOn: today, departureNda: nda ? { templateId: nda.templateId, dueOn: nda.dueOn } : null },
    });
  });
  return (await listLeavers(ctx, rc, false)).items.find((l) => l.userId === u.id)!;
}

/** The leaver list (the security office): who was asked for the departure NDA, and where they stand with it. */
export async function listLeavers(ctx: AppContext, rc: RequestContext, check = true) {
  if (check)
    await authorize(
      ctx,
      rc,
      'agreement.view_leavers',
      { kind: 'none' },
      { audit: { action: 'agreement.view_leavers', targetType: 'agreement_leavers', targetId: null } },
    );
  const rows = await leaverRows(ctx.db);
  const obligations = await obligationsFor(
    ctx,
    ctx.db,
    rows.map((r) => r.user_id),
  );
  return {
    items: rows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      username: r.username,
      departmentName: r.department_name,
      status: r.status,
      requestedOn: r.requested_on,
      requestedAt: r.requested_at,
      requestedByName: r.requested_by_name,
      departureNda:
        (obligations.get(r.user_id)?.obligations.find((o) => o.kind === 'departure_nda')?.state as
          ObligationState | undefined) ?? null,
    })),
  };
}
