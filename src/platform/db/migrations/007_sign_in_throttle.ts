import type { Kysely } from 'kysely';

/**
 * Counters of failed sign-in and MFA attempts per fixed window (`bucket` is `address:<ip>` or `total`), kept
 * in the database so every instance behind a load balancer counts the same attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_counters')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('refused', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_counters_pk', ['bucket', 'window_start'])
    .execute();
  await db.schema.createIndex('sign_in_counters_window_idx').on('sign_in_counters').column('window_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_counters').execute();
}
