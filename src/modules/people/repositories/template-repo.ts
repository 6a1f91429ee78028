import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AgreementTemplateTable, AgreementVersionTable } from '../schema.js';

/** SQL on the agreements' templates and their published versions (never changed once written). */
type Q = Db | Trx;
export type TemplateRow = Selectable<AgreementTemplateTable>;
export type VersionRow = Selectable<AgreementVersionTable>;

export async function findTemplate(q: Q, id: string): Promise<TemplateRow | undefined> {
  return q.selectFrom('agreement_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Templates with their department's name and their current version's text (to tell whether the draft changed). */
export async function listTemplates(q: Q, filter: { kind?: string; status?: string; id?: string } = {}) {
  let query = q
    .selectFrom('agreement_templates as t')
    .leftJoin('departments as d', 'd.id', 't.department_id')
    .leftJoin('agreement_versions as cv', (j) =>
      j.onRef('cv.template_id', '=', 't.id').onRef('cv.version_no', '=', 't.current_version'),
    )
    .selectAll('t')
    .select([
      'd.name as department_name',
      'cv.title as current_title',
      'cv.body as current_body',
      'cv.duties as current_duties',
    ]);
  if (filter.id) query = query.where('t.id', '=', filter.id);
  if (filter.kind) query = query.where('t.kind', '=', filter.kind);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  return query.orderBy('t.kind').orderBy('t.title').orderBy('t.id').execute();
}
export type ListedTemplate = Awaited<ReturnType<typeof listTemplates>>[number];

export async function insertTemplate(trx: Trx, row: Insertable<AgreementTemplateTable>): Promise<void> {
  await trx.insertInto('agreement_templates').values(row).execute();
}

/** Updates under optimistic locking: false when the row is gone or its version moved. */
export async function updateTemplateVersioned(
  trx: Trx,
  id: string,
  version: number,
  set: Partial<Omit<TemplateRow, 'id' | 'version'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('agreement_templates')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVersion(trx: Trx, row: Insertable<AgreementVersionTable>): Promise<void> {
  await trx.insertInto('agreement_versions').values(row).execute();
}

export async function findVersion(q: Q, id: string): Promise<VersionRow | undefined> {
  return q.selectFrom('agreement_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A template's versions, the latest first, with the publisher's name. */
export async function versionsOf(
  q: Q,
  templateId: string,
): Promise<(VersionRow & { publisher_name: string | null })[]> {
  return q
    .selectFrom('agreement_versions')
    .leftJoin('users', 'users.id', 'agreement_versions.published_by')
    .selectAll('agreement_versions')
    .select('users.display_name as publisher_name')
    .where('agreement_versions.template_id', '=', templateId)
    .orderBy('agreement_versions.version_no', 'desc')
    .execute();
}

export async function currentVersionOf(q: Q, t: Pick<TemplateRow, 'id' | 'current_version'>) {
  if (t.current_version === 0) return undefined;
  return q
    .selectFrom('agreement_versions')
    .selectAll()
    .where('template_id', '=', t.id)
    .where('version_no', '=', t.current_version)
    .executeTakeFirst();
}

/** Every template with its current version (null before the first is published): the facts of who signs what. */
export async function templatesWithCurrent(
  q: Q,
): Promise<(TemplateRow & { current_id: string | null; current_published_at: string | null })[]> {
  return q
    .selectFrom('agreement_templates')
    .leftJoin('agreement_versions', (j) =>
      j
        .onRef('agreement_versions.template_id', '=', 'agreement_templates.id')
        .onRef('agreement_versions.version_no', '=', 'agreement_templates.current_version'),
    )
    .selectAll('agreement_templates')
    .select(['agreement_versions.id as current_id', 'agreement_versions.published_at as current_published_at'])
    .orderBy('agreement_templates.id')
    .execute();
}
