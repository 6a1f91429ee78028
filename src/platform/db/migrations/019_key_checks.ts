import type { Kysely } from 'kysely';

/**
 * The key check: one row per key version the deployment's instances use (master key and audit-signing key), so
 * that an instance started with other keys refuses to start instead of sealing and signing with keys of its own.
 * A row holds no key: an HMAC of a constant under the master key version, or the public signing key's SHA-256
 * fingerprint (platform/crypto/key-check.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('key_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('key_checks').execute();
}
