import {
  ChainVerifier,
  checkCheckpoints,
  type ChainBreak,
  type CheckpointProblem,
  type HashAlgorithm,
} from '../../domain/audit-chain.js';
import type { AuditVerifyResult } from '../../contracts/audit.js';
import type { Db } from '../db/database.js';
import type { KeyRing } from '../crypto/keys.js';
import { hashFn } from '../crypto/keys.js';
import { openChainSnapshot } from './chain-reader.js';
import { readCheckpoints } from './checkpoints.js';

function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case 'gap':
      return `event ${b.expectedSeq} is missing (next stored event is ${b.seq}): rows were deleted or reordered`;
    case 'prev_hash':
      return `event ${b.seq} does not link to the event before it: rows were deleted, inserted or reordered`;
    case 'hash':
      return `event ${b.seq} does not match its hash: its content was edited`;
  }
}

function describeCheckpoint(p: CheckpointProblem): { kind: string; seq: number; message: string } {
  switch (p.kind) {
    case 'truncated':
      return {
        kind: p.kind,
        seq: p.chainSeq + 1,
        message: `the chain ends at event ${p.chainSeq} but a signed head names event ${p.checkpointSeq}: the tail was truncated`,
      };
    case 'checkpoint_mismatch':
      return { kind: p.kind, seq: p.seq, message: `event ${p.seq} differs from the signed head recorded for it` };
    case 'bad_signature':
      return { kind: p.kind, seq: p.seq, message: `a signed head checkpoint has an invalid signature (checkpoint file edited)` };
  }
}

/**
 * Recomputes the whole chain, reports the first broken link, then checks it against the signed checkpoints.
 * `onProgress` lets the CLI draw a progress bar.
 */
export async function verifyAuditChain(
  db: Db,
  dataDir: string,
  keys: KeyRing,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerifyResult> {
  const checkpoints = readCheckpoints(dataDir, keys);
  const wanted = new Set(checkpoints.map((c) => c.seq));
  const hashes = new Map<number, string>();
  const snapshot = await openChainSnapshot(db);
  const stored = snapshot.head;
  const verifier = new ChainVerifier(hashFn(stored.alg));
  try {
    await snapshot.verify(verifier, (seq, hash) => {
      if (wanted.has(seq)) hashes.set(seq, hash);
      if (onProgress && verifier.count % 10_000 === 0) onProgress(verifier.count, stored.seq);
    });
  } finally {
    await snapshot.close();
  }
  onProgress?.(verifier.count, stored.seq);
  const base = { eventsChecked: verifier.count, headSeq: verifier.head.seq, algorithm: stored.alg as HashAlgorithm, checkpointsChecked: checkpoints.length };
  if (verifier.firstBreak) {
    const b = verifier.firstBreak;
    return { ...base, ok: false, firstBreak: { kind: b.kind, seq: b.seq, message: describeBreak(b) } };
  }
  // The head row must agree with the last stored event: a rewound head with deleted rows is a truncation.
  if (stored.seq !== verifier.head.seq || stored.hash !== verifier.head.hash) {
    return {
      ...base,
      ok: false,
      firstBreak: {
        kind: 'head_mismatch',
        seq: Math.min(stored.seq, verifier.head.seq) + 1,
        message: `the chain head records event ${stored.seq} but the stored events end at ${verifier.head.seq}`,
      },
    };
  }
  const problem = checkCheckpoints(verifier.head, checkpoints, (seq) => hashes.get(seq));
  if (problem) return { ...base, ok: false, firstBreak: describeCheckpoint(problem) };
  return { ...base, ok: true, firstBreak: null };
}
