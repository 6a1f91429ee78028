import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { TrainingCampaignTable } from '../schema.js';

/** SQL on the publicity campaigns (TRN-12). */
type Q = Db | Trx;
export type CampaignRow = Selectable<TrainingCampaignTable>;

export async function findCampaign(q: Q, id: string): Promise<CampaignRow | undefined> {
  return q.selectFrom('training_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every campaign, or only those running on `today`; the latest start first. */
export async function listCampaigns(q: Q, today?: string): Promise<CampaignRow[]> {
  let sel = q.selectFrom('training_campaigns').selectAll();
  if (today !== undefined) sel = sel.where('starts_on', '<=', today).where('ends_on', '>=', today);
  return sel.orderBy('starts_on', 'desc').orderBy('title').orderBy('id').execute();
}

export async function insertCampaign(trx: Trx, row: Insertable<TrainingCampaignTable>): Promise<void> {
  await trx.insertInto('training_campaigns').values(row).execute();
}

/** Updates the campaign at `version` (bumping it); false when it changed meanwhile. */
export async function updateCampaign(
  trx: Trx,
  id: string,
  version: number,
  set: Updateable<TrainingCampaignTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_campaigns')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteCampaign(trx: Trx, id: string, version: number): Promise<boolean> {
  const r = await trx
    .deleteFrom('training_campaigns')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
