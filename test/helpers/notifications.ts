/** Reading the notices' task state straight from the table, for the modules' tests of their to-dos. */
import type { TestApp } from './api.js';
import type { NotificationName } from '../../src/platform/contracts/notifications.js';

/** Whether each of a person's notices of a kind is done (its task decided or gone), oldest first. */
export async function doneStates(t: TestApp, userId: string, kind: NotificationName): Promise<boolean[]> {
  const rows = await t.ctx.db
    .selectFrom('notifications')
    .select(['done_at', 'task_key'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) if (r.task_key === null) throw new Error(`a ${kind} notice names no task`);
  return rows.map((r) => r.done_at !== null);
}
