/**
 * Verification of a chain written by a test without a running server: the head is first signed into the
 * data directory's checkpoint store, as a server does within seconds, so the chain is anchored.
 */
import type { Db } from '../../src/platform/db/database.js';
import type { KeyRing } from '../../src/platform/crypto/keys.js';
import type { AppContext } from '../../src/platform/context.js';
import type { Config } from '../../src/platform/config.js';
import { checkpointStoreOf } from '../../src/platform/audit/checkpoints.js';
import { signAuditHead } from '../../src/platform/audit/head-signer.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';

export async function anchoredVerify(db: Db, dataDir: string, keys: KeyRing) {
  const ctx = { db, keys, now: () => new Date(), config: { dataDir } as Config } as AppContext;
  await signAuditHead(ctx, checkpointStoreOf(dataDir));
  return verifyAuditChain(db, dataDir, keys);
}
