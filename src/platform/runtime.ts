import crypto from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest, withInitialisationLock } from './db/migrate.js';
import { ensureAuditHead } from './audit/audit-repo.js';
import type { KeyRing } from './crypto/keys.js';
import { loadCheckedKeys } from './crypto/key-check.js';
import { BlobStore } from './blobs/blob-store.js';
import type { AppContext } from './context.js';

/** Opens the database, runs migrations, loads keys: the context shared by server, CLI and tests. */
export async function createContext(
  config: Config,
  opts: {
    log?: Logger;
    now?: () => Date;
    migrate?: boolean;
    /** `baomi audit reanchor --new-signing-key`: accept (and record) a signing key the key check does not know. */
    adoptSigningKey?: boolean;
  } = {},
): Promise<AppContext> {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let keys: KeyRing | undefined;
  try {
    // Several instances may start at once on an empty database: one initialises, the others then find it done.
    await withInitialisationLock(handle, async () => {
      if (opts.migrate !== false) await migrateToLatest(handle.db);
      await ensureAuditHead(handle.db, config.auditHash);
      // Under the same lock: the first start makes the keys and records their check once; the others compare.
      keys = await loadCheckedKeys(handle.db, config, { adoptSigningKey: opts.adoptSigningKey === true });
    });
    if (!keys) throw new Error('the key ring was not loaded');
  } catch (e) {
    await handle.close();
    throw e;
  }
  return {
    db: handle.db,
    kind: handle.kind,
    handle,
    config,
    keys,
    blobs: new BlobStore(config.dataDir, keys.master),
    log: opts.log ?? pino({ level: config.logLevel }),
    now: opts.now ?? (() => new Date()),
    instanceId: `${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
  };
}
