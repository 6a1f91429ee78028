import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AgreementLeaverTable, AgreementSignatureTable } from '../schema.js';

/**
 * SQL on the agreements' signatures (only ever inserted: database triggers refuse an UPDATE or DELETE) and the
 * leaver list (kept for ever).
 */
type Q = Db | Trx;
export type SignatureRow = Selectable<AgreementSignatureTable>;
export type LeaverRow = Selectable<AgreementLeaverTable>;

/** A signature record with what lists and the signed copy show of its template, version, person and recorder. */
export interface SignatureView extends SignatureRow {
  template_title: string;
  kind: string;
  version_no: number;
  version_title: string;
  user_name: string;
  username: string;
  department_id: string | null;
  recorder_name: string | null;
}

export async function insertSignature(trx: Trx, row: Insertable<AgreementSignatureTable>): Promise<void> {
  await trx.insertInto('agreement_signatures').values(row).execute();
}

function viewQuery(q: Q) {
  return q
    .selectFrom('agreement_signatures as s')
    .innerJoin('agreement_templates as t', 't.id', 's.template_id')
    .innerJoin('agreement_versions as v', 'v.id', 's.version_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('users as r', 'r.id', 's.recorded_by')
    .selectAll('s')
    .select([
      't.title as template_title',
      't.kind',
      'v.version_no',
      'v.title as version_title',
      'u.display_name as user_name',
      'u.username',
      'u.department_id',
      'r.display_name as recorder_name',
    ]);
}

export async function findSignature(q: Q, id: string): Promise<SignatureView | undefined> {
  return viewQuery(q).where('s.id', '=', id).executeTakeFirst();
}

/** Every signature record of a person (withdrawals too), the latest first. */
export async function signaturesOfPerson(q: Q, userId: string): Promise<SignatureView[]> {
  return viewQuery(q)
    .where('s.user_id', '=', userId)
    .orderBy('s.recorded_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

/** The withdrawal record of a signature, if any. */
export async function withdrawalOf(q: Q, signatureId: string): Promise<SignatureRow | undefined> {
  return q
    .selectFrom('agreement_signatures')
    .selectAll()
    .where('withdraws_id', '=', signatureId)
    .where('act', '=', 'withdrawn')
    .executeTakeFirst();
}

export async function findLeaver(q: Q, userId: string): Promise<LeaverRow | undefined> {
  return q.selectFrom('agreement_leavers').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertLeaver(trx: Trx, row: Insertable<AgreementLeaverTable>): Promise<void> {
  await trx.insertInto('agreement_leavers').values(row).execute();
}

/** The leaver list, the latest asked first, with the person and who asked. */
export async function listLeavers(q: Q) {
  return q
    .selectFrom('agreement_leavers as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('users as b', 'b.id', 'l.requested_by')
    .select([
      'l.user_id',
      'l.requested_on',
      'l.requested_at',
      'u.display_name',
      'u.username',
      'u.status',
      'd.name as department_name',
      'b.display_name as requested_by_name',
    ])
    .orderBy('l.requested_at', 'desc')
    .orderBy('l.user_id')
    .execute();
}
