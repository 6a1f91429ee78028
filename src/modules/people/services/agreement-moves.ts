import { TO_SIGN_STATES, type AgreementKind, type ObligationState } from '../../../kernel/agreements.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext } from '../../../platform/context.js';
import {
  notifyUsers,
  openTaskNotices,
  resolveTaskNoticesOf,
} from '../../../platform/notifications/notification-service.js';
import { staleSignNotices, type Obligation } from '../domain/obligations.js';
import { AGREEMENT_TASK_PREFIX, agreementTask } from './agreement-task.js';
import { obligationsFor } from './obligation-service.js';
import { obligationsOfPeople } from './people-facts.js';

/** What a move asks to sign: a renewal coming due (`expiring`) is the reminders' to ask, not a move's. */
const ASK_STATES: readonly ObligationState[] = TO_SIGN_STATES.filter((s) => s !== 'expiring');

/**
 * People moved (another department, post or roles; `null`: a department moved in the tree, anyone may be
 * concerned), in the moving transaction: their 「请签署」 notices of letters no longer theirs are done, and each
 * letter now theirs to sign that no open notice asks for yet is asked, as a publication would have asked it.
 */
export async function agreementsAfterMove(trx: Trx, ctx: AppContext, userIds: readonly string[] | null): Promise<void> {
  const now = ctx.now().toISOString();
  const obligations = new Map<string, readonly Obligation[]>(
    userIds === null
      ? (await obligationsOfPeople(ctx, trx)).map((p) => [p.person.facts.id, p.obligations])
      : [...(await obligationsFor(ctx, trx, userIds))].map(([id, p]) => [id, p.obligations]),
  );
  // Only the moved people's notices: someone absent from `obligations` (not moved, or inactive) keeps theirs.
  const open = (await openTaskNotices(trx, AGREEMENT_TASK_PREFIX))
    .filter((n) => obligations.has(n.userId))
    .map((n) => ({ ...n, templateId: n.taskKey.slice(AGREEMENT_TASK_PREFIX.length) }));
  const stale = staleSignNotices(open, obligations);
  for (const n of stale) await resolveTaskNoticesOf(trx, n.taskKey, now, n.userId);

  const asked = new Set(open.filter((n) => !stale.includes(n)).map((n) => `${n.userId}|${n.templateId}`));
  const wanted = [...obligations].flatMap(([userId, list]) =>
    list
      .filter((o) => ASK_STATES.includes(o.state) && !asked.has(`${userId}|${o.templateId}`))
      .map((o) => ({ userId, o })),
  );
  if (wanted.length === 0) return;
  const titles = new Map(
    (
      await trx
        .selectFrom('agreement_templates')
        .select(['id', 'title'])
        .where('id', 'in', [...new Set(wanted.map((w) => w.o.templateId))])
        .execute()
    ).map((t) => [t.id, t.title]),
  );
  for (const { userId, o } of wanted) {
    const resign = o.state === 'resign_due' || o.state === 'resign_overdue';
    await notifyUsers(trx, ctx, [userId], {
      notice: resign ? 'agreementResign' : 'agreementToSign',
      params: { title: titles.get(o.templateId) ?? '', kind: o.kind as AgreementKind, dueOn: o.dueOn ?? '' },
      link: '/agreements',
      email: true,
      taskKey: agreementTask(o.templateId),
    });
  }
}
