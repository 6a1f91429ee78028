import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { TrainingAwarenessTable } from '../schema.js';

/** SQL on the awareness messages (TRN-06). */
type Q = Db | Trx;
export type AwarenessRow = Selectable<TrainingAwarenessTable>;

export async function findAwareness(q: Q, id: string): Promise<AwarenessRow | undefined> {
  return q.selectFrom('training_awareness').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAwareness(q: Q): Promise<AwarenessRow[]> {
  return q.selectFrom('training_awareness').selectAll().orderBy('next_on').orderBy('title').orderBy('id').execute();
}

/** The active messages due to go out on or before `today`. */
export async function dueAwareness(q: Q, today: string): Promise<AwarenessRow[]> {
  return q
    .selectFrom('training_awareness')
    .selectAll()
    .where('active', '=', 1)
    .where('next_on', '<=', today)
    .orderBy('next_on')
    .orderBy('id')
    .execute();
}

export async function insertAwareness(trx: Trx, row: Insertable<TrainingAwarenessTable>): Promise<void> {
  await trx.insertInto('training_awareness').values(row).execute();
}

/** Updates the message at `version` (bumping it); false when it changed meanwhile. */
export async function updateAwareness(
  trx: Trx,
  id: string,
  version: number,
  set: Updateable<TrainingAwarenessTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_awareness')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a sending (the job's own record: the version does not move, an edit meanwhile is not lost). */
export async function markSent(trx: Trx, id: string, sentOn: string, nextOn: string, was: string): Promise<boolean> {
  const r = await trx
    .updateTable('training_awareness')
    .set({ last_sent_on: sentOn, next_on: nextOn })
    .where('id', '=', id)
    .where('next_on', '=', was)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteAwareness(trx: Trx, id: string, version: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('training_awareness')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
