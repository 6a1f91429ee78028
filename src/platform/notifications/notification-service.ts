import type { NotificationName, NotificationRegistry } from '../contracts/notifications.js';
import { getClassificationPolicy } from '../organisation.js';
import { renderStored } from './catalogue.js';
import { AppError } from '../errors.js';
import { newId, type AppContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import { offsetOf } from '../../kernel/pagination.js';

/** A notice by its catalogue name with the parameters it declares (a misfit is a type error). */
export type NotificationInput = {
  [N in NotificationName]: {
    notice: N;
    params: NotificationRegistry[N];
    link?: string | null;
    /** Makes a job's notification idempotent: the same key for the same user is stored once. */
    dedupeKey?: string | null;
    /**
     * A to-do notice names the task it asks for (`approval:<request id>`, `<module>.<task>:<id>`): when the task
     * is decided or gone, by anyone, `resolveTaskNotices` marks its notices done.
     */
    taskKey?: string | null;
    /** Also queue an email to the user's address (sent when SMTP is configured). */
    email?: boolean;
  };
}[NotificationName];

/** Writes inbox entries (and optional emails) in the caller's transaction. */
export async function notifyUsers(
  trx: Trx,
  ctx: AppContext,
  userIds: readonly string[],
  n: NotificationInput,
): Promise<void> {
  const now = ctx.now().toISOString();
  // Stored as its key and JSON parameters, rendered when read, so each reader sees their own language.
  const title = `notify.${n.notice}`;
  const body = JSON.stringify(n.params);
  for (const userId of new Set(userIds)) {
    const inserted = await trx
      .insertInto('notifications')
      .values({
        id: newId(),
        user_id: userId,
        kind: n.notice,
        title,
        body,
        link: n.link ?? null,
        created_at: now,
        read_at: null,
        dedupe_key: n.dedupeKey ?? null,
        task_key: n.taskKey ?? null,
        done_at: null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (n.email && Number(inserted.numInsertedOrUpdatedRows ?? 1) > 0) {
      const u = await trx.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
      if (u?.email) {
        await trx
          .insertInto('email_outbox')
          .values({
            id: newId(),
            to_address: u.email,
            subject: title,
            body,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            created_at: now,
            sent_at: null,
          })
          .execute();
      }
    }
  }
}

export async function usersWithAdminRole(trx: Trx, roles: readonly string[]): Promise<string[]> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('admin_role', 'in', roles)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The task `taskKey` was decided or went, by anyone: its notices are done (called in the transaction that ends
 * it). `keep`: recipients whose part of the task is still open (an approver of the step who has not decided a
 * step every approver must decide); their notices stay. Returns how many notices turned done.
 */
export async function resolveTaskNotices(
  trx: Trx,
  taskKey: string,
  at: string,
  keep: readonly string[] = [],
): Promise<number> {
  let q = trx
    .updateTable('notifications')
    .set({ done_at: at })
    .where('task_key', '=', taskKey)
    .where('done_at', 'is', null);
  if (keep.length) q = q.where('user_id', 'not in', [...keep]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The open to-do notices whose task key starts with `prefix` (a module's kind of task), recipient by recipient. */
export async function openTaskNotices(trx: Trx, prefix: string): Promise<{ userId: string; taskKey: string }[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select(['user_id', 'task_key'])
    .where('task_key', 'like', `${prefix}%`)
    .where('done_at', 'is', null)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, taskKey: r.task_key! }));
}

/** Whether `userId` was already sent the notice deduplicated by `dedupeKey` (a periodic job's notice of this period). */
export async function noticeSent(trx: Trx, userId: string, dedupeKey: string): Promise<boolean> {
  const row = await trx
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', userId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** One recipient's part of the task `taskKey` is done (they signed what they were asked to sign...). */
export async function resolveTaskNoticesOf(trx: Trx, taskKey: string, at: string, userId: string): Promise<number> {
  const r = await trx
    .updateTable('notifications')
    .set({ done_at: at })
    .where('task_key', '=', taskKey)
    .where('user_id', '=', userId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listNotifications(
  ctx: AppContext,
  userId: string,
  q: { page: number; pageSize: number; unread: boolean },
) {
  let base = ctx.db.selectFrom('notifications').where('user_id', '=', userId);
  // A done to-do is no longer news: "unread" is what still waits for the reader.
  if (q.unread) base = base.where('read_at', 'is', null).where('done_at', 'is', null);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const { timeZone } = await getClassificationPolicy(ctx);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      texts: renderStored(r.title, r.body, timeZone),
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
      todo: r.task_key !== null,
      doneAt: r.done_at,
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function unreadCount(ctx: AppContext, userId: string): Promise<number> {
  const r = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .where('done_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Marks the user's notices read: all of them (`ids` null), or the listed ones. A listed id that is not one of
 * the user's own notices refuses the whole call (404, nothing marked): the list is the user's own selection.
 * Marking read is the user's own bookkeeping, not a security event, so it is not audited.
 */
export async function markRead(ctx: AppContext, userId: string, ids: readonly string[] | null): Promise<void> {
  // A notice never changes its owner, so checking first and then marking is safe without a transaction.
  let q = ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.now().toISOString() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    const wanted = [...new Set(ids)];
    const own = await ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('id', 'in', wanted)
      .where('user_id', '=', userId)
      .execute();
    if (own.length !== wanted.length) throw new AppError('not_found', 'Not found or no access');
    q = q.where('id', 'in', wanted);
  }
  await q.execute();
}
