import type { Kysely } from 'kysely';

/**
 * Scanned paper forms of approval requests: a decision an approver signed on paper is recorded on their behalf
 * by the confidentiality office with the scan attached (`approval_tasks.evidence_blob_id`, migration 010). The
 * scan is uploaded first into the encrypted blob folder; this table says which request it belongs to, what it
 * is and who brought it. The same bytes uploaded twice for one request are one row (`request_id`, `sha256`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_evidence')
    // The blob's id in the blob folder.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('approval_evidence_request_sha256', ['request_id', 'sha256'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('approval_evidence').execute();
}
