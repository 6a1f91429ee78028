import type { Kysely } from 'kysely';

/**
 * Second factors that work where phones are banned (identity): an authenticator app enrolled from the profile keeps
 * the old secret valid while the new one waits for its first code (`mfa_pending_secret`); FIDO2/WebAuthn security
 * keys (`webauthn_credentials`) and the single-use challenges the server hands out for them (`webauthn_challenges`);
 * hardware OTP tokens whose seeds the system administrator imports from the vendor's file (`otp_tokens`, seeds sealed
 * with the master key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('mfa_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('mfa_enrolled_at', 'text').execute();
  // Until now a started enrolment wrote mfa_secret before its first code: such a secret becomes the pending one, so
  // mfa_secret holds only confirmed authenticators.
  await db
    .updateTable('users')
    .set((eb) => ({ mfa_pending_secret: eb.ref('mfa_secret'), mfa_secret: null }))
    .where('mfa_enabled', '=', 0)
    .where('mfa_secret', 'is not', null)
    .execute();

  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // The authenticator's credential id (base64url); unique across people, as the authenticator made it.
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('webauthn_credentials_user_idx').on('webauthn_credentials').column('user_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webauthn_challenges_session_idx')
    .on('webauthn_challenges')
    .columns(['session_id', 'purpose'])
    .execute();

  await db.schema
    .createTable('otp_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('digits', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer')
    .addColumn('seed', 'text', (c) => c.notNull())
    // HOTP: the next counter expected; TOTP: the last time step used (each code works once).
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('otp_tokens_user_idx').on('otp_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('otp_tokens').execute();
  await db.schema.dropTable('webauthn_challenges').execute();
  await db.schema.dropTable('webauthn_credentials').execute();
  // Security keys and tokens go with their tables: whoever is left without an app has no second factor any more.
  await db.updateTable('users').set({ mfa_enabled: 0 }).where('mfa_secret', 'is', null).execute();
  await db.schema.alterTable('users').dropColumn('mfa_enrolled_at').execute();
  await db.schema.alterTable('users').dropColumn('mfa_pending_secret').execute();
}
