import type { Kysely } from 'kysely';

/**
 * Classification and need-to-know: the secret-item catalogue, its access index and search terms, grants,
 * classification authorities, the approval engine and review campaigns.
 *
 * `item_access` is the need-to-know index: one row per principal that may know an item (scope entries,
 * the custodian, or "everyone" for open items) with the item's access rank copied in, so the list filter
 * reads one short index range per principal in registration order instead of testing every item.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('classification_authorities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('max_level', 'text', (c) => c.notNull())
    .addColumn('appointed_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('classification_authorities_user_idx')
    .on('classification_authorities')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('secret_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('access_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('period_value', 'integer')
    .addColumn('period_unit', 'text')
    .addColumn('declassify_condition', 'text')
    .addColumn('marked_on', 'text')
    .addColumn('secrecy_until', 'text')
    .addColumn('classifier_id', 'text', (c) => c.references('users.id'))
    .addColumn('classifier_kind', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source_item_id', 'text', (c) => c.references('secret_items.id'))
    .addColumn('custodian_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('next_review_on', 'text')
    .addColumn('last_reviewed_on', 'text')
    .addColumn('declassified_on', 'text')
    .addColumn('declassify_reason', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('secret_items_expiry_idx')
    .on('secret_items')
    .columns(['status', 'secrecy_until'])
    .execute();
  await db.schema
    .createIndex('secret_items_review_idx')
    .on('secret_items')
    .columns(['status', 'next_review_on'])
    .execute();
  await db.schema
    .createIndex('secret_items_custodian_idx')
    .on('secret_items')
    .columns(['custodian_id', 'seq'])
    .execute();

  await db.schema
    .createTable('item_access')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('access_rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_access_pk', ['kind', 'ref', 'seq'])
    .execute();
  // Covering index for "who may know item N" (search results are checked item by item).
  await db.schema.createIndex('item_access_item_idx').on('item_access').columns(['seq', 'kind', 'ref']).execute();

  await db.schema
    .createTable('item_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_terms_pk', ['term', 'seq'])
    .execute();
  await db.schema.createIndex('item_terms_seq_idx').on('item_terms').column('seq').execute();

  await db.schema
    .createTable('item_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('secret_items.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_history_item_idx').on('item_history').columns(['item_id', 'at']).execute();

  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('secret_items.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('subject_id', 'text', (c) => c.references('users.id'))
    .addColumn('level_rank', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('current_step', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('approval_requests_status_idx')
    .on('approval_requests')
    .columns(['status', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('approval_requests_requester_idx')
    .on('approval_requests')
    .columns(['requester_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('approval_requests_item_idx')
    .on('approval_requests')
    .columns(['item_id', 'status'])
    .execute();

  // One row per approver per step, created when the step becomes current: the approver's inbox.
  await db.schema
    .createTable('approval_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('approver_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected | closed
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('approval_tasks_inbox_idx')
    .on('approval_tasks')
    .columns(['approver_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('approval_tasks_request_idx')
    .on('approval_tasks')
    .columns(['request_id', 'step'])
    .execute();

  await db.schema
    .createTable('access_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('secret_items.id'))
    .addColumn('item_seq', 'bigint', (c) => c.notNull())
    .addColumn('grantee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // request | emergency
    .addColumn('request_id', 'text', (c) => c.references('approval_requests.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('review_status', 'text') // emergency grants: pending | justified | unjustified
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('access_grants_grantee_idx')
    .on('access_grants')
    .columns(['grantee_id', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('access_grants_item_idx')
    .on('access_grants')
    .columns(['item_id', 'grantee_id'])
    .execute();

  await db.schema
    .createTable('review_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // annual | access
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('review_campaigns_kind_idx')
    .on('review_campaigns')
    .columns(['kind', 'created_at'])
    .execute();

  await db.schema
    .createTable('review_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('review_campaigns.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('secret_items.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | done
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('details', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('review_tasks_reviewer_idx')
    .on('review_tasks')
    .columns(['reviewer_id', 'status'])
    .execute();
  await db.schema
    .createIndex('review_tasks_campaign_idx')
    .on('review_tasks')
    .columns(['campaign_id', 'item_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'review_tasks',
    'review_campaigns',
    'access_grants',
    'approval_tasks',
    'approval_requests',
    'item_history',
    'item_terms',
    'item_access',
    'secret_items',
    'classification_authorities',
    'counters',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
