import { sql, type Kysely } from 'kysely';

/**
 * Notices that resolve themselves: a notice that asks its recipient to do something names its task
 * (`task_key`, e.g. `approval:<request id>`), and when the task is decided or gone, by anyone, every notice of
 * it is marked done (`done_at`): no longer unread, no longer a to-do in the bell.
 *
 * The approval notices already sent get their task from their link (`/approvals/<id>`), and those whose request
 * is no longer pending, or whose recipient has no open task of it any more (another approver decided the step),
 * are marked done now, as of when the recipient's part ended: they were stale before this release.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('task_key', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('done_at', 'text').execute();
  await db.schema.createIndex('notifications_task_idx').on('notifications').columns(['task_key']).execute();
  await sql`update notifications set task_key = 'approval:' || substr(link, 12)
    where kind = 'approvalPending' and link like '/approvals/%'`.execute(db);
  // Done when the recipient's part ended: their task's decision or closing, else when the request ended.
  await sql`update notifications set done_at = (
      select coalesce(
        (select max(t.decided_at) from approval_tasks t
          where t.request_id = r.id and t.approver_id = notifications.user_id),
        r.decided_at, r.updated_at)
      from approval_requests r where 'approval:' || r.id = notifications.task_key)
    where task_key like 'approval:%' and done_at is null and exists (
      select 1 from approval_requests r where 'approval:' || r.id = notifications.task_key and (
        r.status <> 'pending' or not exists (
          select 1 from approval_tasks t
          where t.request_id = r.id and t.approver_id = notifications.user_id and t.status = 'pending')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_task_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('done_at').execute();
  await db.schema.alterTable('notifications').dropColumn('task_key').execute();
}
