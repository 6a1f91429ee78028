/**
 * Verification of a chain written by a test without a running server: the head is first signed into the
 * data directory's checkpoint store, as a server does within seconds, so the chain is anchored.
 */
import type { Db } from '../../src/server/db/database.js';
import type { KeyRing } from '../../src/server/crypto/keys.js';
import type { AppContext } from '../../src/server/context.js';
import type { Config } from '../../src/server/config.js';
import { checkpointStoreOf } from '../../src/server/audit/checkpoints.js';
import { signAuditHead } from '../../src/server/audit/head-signer.js';
import { verifyAuditChain } from '../../src/server/audit/verify.js';

export async function anchoredVerify(db: Db, dataDir: string, keys: KeyRing) {
  const ctx = { db, keys, now: () => new Date(), config: { dataDir } as Config } as AppContext;
  await signAuditHead(ctx, checkpointStoreOf(dataDir));
  return verifyAuditChain(db, dataDir, keys);
}
