import crypto from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest, withInitialisationLock } from './db/migrate.js';
import { ensureAuditHead } from './audit/audit-repo.js';
import { loadOrCreateKeys } from './crypto/keys.js';
import { BlobStore } from './blobs/blob-store.js';
import type { AppContext } from './context.js';

/** Opens the database, runs migrations, loads keys: the context shared by server, CLI and tests. */
export async function createContext(
  config: Config,
  opts: { log?: Logger; now?: () => Date; migrate?: boolean } = {},
): Promise<AppContext> {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let keys: ReturnType<typeof loadOrCreateKeys>;
  try {
    // Several instances may start at once on an empty database: one initialises, the others then find it done.
    await withInitialisationLock(handle, async () => {
      if (opts.migrate !== false) await migrateToLatest(handle.db);
      await ensureAuditHead(handle.db, config.auditHash);
    });
    keys = loadOrCreateKeys(config.dataDir);
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
    blobs: new BlobStore(config.dataDir, keys.masterKey),
    log: opts.log ?? pino({ level: config.logLevel }),
    now: opts.now ?? (() => new Date()),
    instanceId: `${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
  };
}
