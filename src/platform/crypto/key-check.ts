import crypto from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';
import { KeyFileError, keysDirOf, loadKeyRing, type KeyRing } from './keys.js';

/**
 * The key check: the database remembers, per key version, a value only that key produces (an HMAC of a constant
 * under the master key; the SHA-256 fingerprint of the public signing key). The first instance on an empty
 * database writes it; every instance compares its key ring with it before serving, so an instance started with
 * keys of its own refuses to start instead of sealing secrets the others cannot open and signing checkpoints the
 * others reject. Neither value reveals a key.
 */
export interface KeyCheck {
  purpose: 'master' | 'signing';
  kid: string;
  value: string;
}

const MASTER_CHECK_CONSTANT = 'baomi-key-check:v1';

/** The checks this ring produces: one per key version. Pure. */
export function keyChecksOf(keys: KeyRing): KeyCheck[] {
  return [
    ...keys.master.versions.map((v) => ({
      purpose: 'master' as const,
      kid: v.kid,
      value: crypto.createHmac('sha256', v.key).update(MASTER_CHECK_CONSTANT).digest('hex'),
    })),
    ...keys.signing.map((s) => ({
      purpose: 'signing' as const,
      kid: s.kid,
      value: crypto.hash('sha256', s.verifyKey.export({ type: 'spki', format: 'der' }), 'hex'),
    })),
  ];
}

/** The recorded checks this ring fails: a version it lacks or holds with another value. Pure. */
export function failedChecks(recorded: readonly KeyCheck[], mine: readonly KeyCheck[]): KeyCheck[] {
  return recorded.filter((r) => !mine.some((m) => m.purpose === r.purpose && m.kid === r.kid && m.value === r.value));
}

/** This instance's keys do not match the database's: the message says what to configure. */
export class KeyCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyCheckError';
  }
}

function refusal(failed: readonly KeyCheck[], origin: string): KeyCheckError {
  const what = failed
    .map((f) => `${f.purpose === 'master' ? 'master key' : 'audit-signing key'} version ${f.kid}`)
    .join(', ');
  const signingOnly = failed.every((f) => f.purpose === 'signing');
  return new KeyCheckError(
    `This instance's keys (from ${origin}) do not match the keys this database was set up with (${what} missing or ` +
      'different). Every instance of one deployment must use the same keys: set BAOMI_KEYS_DIR to the directory ' +
      "holding the deployment's key files (master.key, audit-signing.pem, audit-signing.pub.pem; see the README, " +
      '"Running several instances"), or BAOMI_MASTER_KEY to its master key, or copy the first instance\'s ' +
      '<data directory>/keys into this data directory.' +
      (signingOnly
        ? ' If the audit-signing key is lost for good, `baomi audit reanchor --new-signing-key --reason <why>` ' +
          'records the key pair found now and accepts the audit chain as it stands.'
        : ''),
  );
}

async function recordedChecks(db: Db | Trx): Promise<KeyCheck[]> {
  const rows = await db.selectFrom('key_checks').select(['purpose', 'kid', 'check_value']).execute();
  return rows.map((r) => ({
    purpose: r.purpose === 'signing' ? 'signing' : 'master',
    kid: r.kid,
    value: r.check_value,
  }));
}

/** Records checks of versions the database does not know yet; a concurrent first start keeps whichever came first. */
async function recordChecks(db: Db | Trx, checks: readonly KeyCheck[], now: Date): Promise<void> {
  if (checks.length === 0) return;
  await db
    .insertInto('key_checks')
    .values(
      checks.map((c) => ({
        id: `${c.purpose}:${c.kid}`,
        purpose: c.purpose,
        kid: c.kid,
        check_value: c.value,
        created_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface KeyLoadOptions {
  env?: NodeJS.ProcessEnv;
  now?: Date;
  /** `baomi audit reanchor --new-signing-key`: a signing key that fails the check is accepted (and recorded). */
  adoptSigningKey?: boolean;
}

/**
 * Loads the configured key ring and checks it against the database: on an empty database (and for key versions
 * added since) it records the ring's checks; otherwise it refuses a ring that fails one. The first keys of a
 * single instance are made in `<dataDir>/keys` only while the database knows no keys, so an instance joining a
 * deployment without its keys is refused rather than given keys of its own.
 */
export async function loadCheckedKeys(db: Db, config: Config, opts: KeyLoadOptions = {}): Promise<KeyRing> {
  const env = opts.env ?? process.env;
  const recorded = await recordedChecks(db);
  const source = { dataDir: config.dataDir, keysDir: config.keysDir };
  let keys: KeyRing;
  try {
    keys = loadKeyRing({
      ...source,
      masterKeyBase64: env.BAOMI_MASTER_KEY || undefined,
      create: recorded.length === 0 ? 'all' : opts.adoptSigningKey ? 'signing' : 'none',
    });
  } catch (e) {
    if (recorded.length === 0 || !(e instanceof KeyFileError)) throw e;
    // The keys the database knows of that the unusable file stands for (all, when it is not said which).
    const missing = recorded.filter((r) => e.purpose === undefined || r.purpose === e.purpose);
    throw refusal(missing, `${keysDirOf(source)}, where: ${e.message.replace(/\.$/, '')}`);
  }
  const now = opts.now ?? new Date();
  const mine = keyChecksOf(keys);
  const tolerated = (f: KeyCheck) => opts.adoptSigningKey === true && f.purpose === 'signing';
  const failed = failedChecks(recorded, mine).filter((f) => !tolerated(f));
  if (failed.length > 0) throw refusal(failed, keys.origin);
  await recordChecks(
    db,
    mine.filter((m) => !recorded.some((r) => r.purpose === m.purpose && r.kid === m.kid)),
    now,
  );
  // Another instance may have recorded its checks first (a concurrent first start): compare with what won.
  const after = failedChecks(await recordedChecks(db), mine).filter((f) => !tolerated(f));
  if (after.length > 0) throw refusal(after, keys.origin);
  return keys;
}

/**
 * After `baomi audit reanchor --new-signing-key`: the signing checks become this ring's, in the re-anchor's
 * transaction, so the next start accepts the new pair.
 */
export async function replaceSigningChecks(trx: Trx, keys: KeyRing, now: Date): Promise<void> {
  await trx.deleteFrom('key_checks').where('purpose', '=', 'signing').execute();
  await recordChecks(
    trx,
    keyChecksOf(keys).filter((c) => c.purpose === 'signing'),
    now,
  );
}
