import {
  ChainVerifier,
  judgeCheckpoints,
  type AnchorProblem,
  type ChainBreak,
  type CheckpointRecord,
  type HashAlgorithm,
} from '../../kernel/audit-chain.js';
import type { AuditVerifyResult } from '../contracts/audit-verify.js';
import type { Db } from '../db/database.js';
import type { KeyRing } from '../crypto/keys.js';
import { hashFn } from '../crypto/keys.js';
import { openChainSnapshot } from './chain-reader.js';
import { checkpointStoreOf, type CheckpointStore } from './checkpoints.js';
import {
  archiveSummary,
  checkSegmentRecords,
  liveStart,
  verifySegments,
  type ArchiveProblem,
} from './archive-verify.js';

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

function describeCheckpoint(p: AnchorProblem, location: string): { kind: string; seq: number; message: string } {
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
      return {
        kind: p.kind,
        seq: p.seq,
        message: `a signed head checkpoint has an invalid signature (checkpoint ${location} edited)`,
      };
    case 'key_mismatch':
      return {
        kind: p.kind,
        seq: p.seq,
        message:
          `none of the ${p.records} checkpoint(s) in ${location} verifies with this installation's audit-signing key (audit-signing*.pub.pem in its key directory): ` +
          'the key was replaced. Restore the original keys/ from a backup (every instance must use the same key directory, BAOMI_KEYS_DIR); if it is lost for good, accept the chain as it stands with `baomi audit reanchor --new-signing-key --reason <why>`',
      };
    case 'checkpoint_missing':
      return {
        kind: p.kind,
        seq: p.seq,
        message:
          `${p.missing} checkpoint(s) the database recorded, from the one at event ${p.seq}, are missing from ${location}: the store was shortened or deleted ` +
          '(or another instance signs into a store of its own: every instance must use the same BAOMI_CHECKPOINT_DIR). Restore it from a backup, or accept the chain as it stands with `baomi audit reanchor --reason <why>`',
      };
    case 'unanchored':
      return {
        kind: p.kind,
        seq: p.seq,
        message: `no signed checkpoint covers this chain: ${location} holds none. Restore it from a backup, or accept the chain as it stands with \`baomi audit reanchor --reason <why>\``,
      };
  }
}

async function recordedCheckpoints(db: Db): Promise<CheckpointRecord[]> {
  const rows = await db
    .selectFrom('audit_checkpoints')
    .select(['kind', 'seq', 'hash', 'at', 'reason'])
    .where('superseded_by', 'is', null)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    kind: r.kind === 'reanchor' ? 'reanchor' : 'head',
    seq: Number(r.seq),
    hash: r.hash,
    at: r.at,
    ...(r.reason !== null ? { reason: r.reason } : {}),
  }));
}

/** The events after the newest signed checkpoint: how many, and the time they span. */
async function unsignedTail(db: Db, afterSeq: number, headSeq: number): Promise<AuditVerifyResult['unsignedTail']> {
  if (headSeq <= afterSeq) return null;
  const first = await db
    .selectFrom('audit_events')
    .select('at')
    .where('seq', '=', afterSeq + 1)
    .executeTakeFirst();
  const last = await db.selectFrom('audit_events').select('at').where('seq', '=', headSeq).executeTakeFirst();
  return { events: headSeq - afterSeq, firstAt: first?.at ?? null, lastAt: last?.at ?? null };
}

export interface VerifyOptions {
  /**
   * The archive directory whose segment files to read and verify with the live part (`--with-archive`); absent:
   * the live part is verified from the archive's signed boundary and the archived range is reported, not read.
   */
  archiveDir?: string;
  /** The configured archive directory, for the report when the archive is not read. */
  archiveLocation?: string;
}

/**
 * Recomputes the whole chain, reports the first broken link, then judges it against the checkpoint store and
 * the database's record of what it signed (`judgeCheckpoints`). `checkpoints` is the store (a server and the CLI
 * pass the configured one, `checkpointStoreFor(config)`, so every instance gives the same answer), or a data
 * directory whose default checkpoint file to use. `onProgress` lets the CLI draw a progress bar. Archived events
 * (archive.ts) are read from their segment files only with `opts.archiveDir`.
 */
export async function verifyAuditChain(
  db: Db,
  checkpoints: CheckpointStore | string,
  keys: KeyRing,
  onProgress?: (checked: number, total: number) => void,
  opts: VerifyOptions = {},
): Promise<AuditVerifyResult> {
  const store = typeof checkpoints === 'string' ? checkpointStoreOf(checkpoints) : checkpoints;
  const stored = await store.read(keys);
  const recorded = await recordedCheckpoints(db);
  // The segments are read in the rows' snapshot: an archiving meanwhile moves both or neither.
  const snapshot = await openChainSnapshot(db);
  const { head, segments } = snapshot;
  const withArchive = opts.archiveDir !== undefined && segments.length > 0;
  const wanted = new Set([...stored, ...recorded].map((c) => c.seq));
  const hashes = new Map<number, string>();
  const keep = (seq: number, hash: string) => {
    if (wanted.has(seq)) hashes.set(seq, hash);
  };
  const start = liveStart(segments);
  // Without the archive, a checkpoint inside the archived range cannot be compared with the event it names,
  // except at a segment boundary, whose head the signed segment record holds: it is taken as it claims.
  if (!withArchive) {
    for (const c of [...stored, ...recorded]) if (c.seq <= start.seq && !hashes.has(c.seq)) hashes.set(c.seq, c.hash);
    for (const s of segments) hashes.set(s.last_seq, s.last_hash);
  }
  const archive = archiveSummary(segments, opts.archiveDir ?? opts.archiveLocation ?? '', withArchive);
  const verifier = new ChainVerifier(hashFn(head.alg), withArchive ? undefined : start);
  let archiveProblem: ArchiveProblem | null = null;
  try {
    archiveProblem = checkSegmentRecords(segments, keys);
    if (!archiveProblem && withArchive)
      archiveProblem = verifySegments(segments, opts.archiveDir!, keys, verifier, keep);
    if (!archiveProblem)
      await snapshot.verify(verifier, (seq, hash) => {
        keep(seq, hash);
        if (onProgress && verifier.count % 10_000 === 0) onProgress(verifier.count, head.seq);
      });
  } finally {
    await snapshot.close();
  }
  onProgress?.(verifier.count, head.seq);
  const judged = judgeCheckpoints(verifier.head, stored, recorded, (seq) => hashes.get(seq));
  const last = judged.lastCheckpoint;
  const base = {
    eventsChecked: verifier.count,
    headSeq: verifier.head.seq,
    algorithm: head.alg as HashAlgorithm,
    checkpointsChecked: judged.active.length,
    checkpointsSuperseded: judged.superseded,
    checkpointStore: store.location,
    lastCheckpoint: last ? { seq: last.seq, at: last.at } : null,
    reanchor: judged.reanchor
      ? { seq: judged.reanchor.seq, at: judged.reanchor.at, reason: judged.reanchor.reason ?? '' }
      : null,
    unsignedTail: await unsignedTail(db, last ? Math.min(last.seq, verifier.head.seq) : 0, verifier.head.seq),
    archive,
  };
  if (archiveProblem) return { ...base, ok: false, firstBreak: archiveProblem };
  if (verifier.firstBreak) {
    const b = verifier.firstBreak;
    return { ...base, ok: false, firstBreak: { kind: b.kind, seq: b.seq, message: describeBreak(b) } };
  }
  // The head row must agree with the last stored event: a rewound head with deleted rows is a truncation.
  if (head.seq !== verifier.head.seq || head.hash !== verifier.head.hash) {
    return {
      ...base,
      ok: false,
      firstBreak: {
        kind: 'head_mismatch',
        seq: Math.min(head.seq, verifier.head.seq) + 1,
        message: `the chain head records event ${head.seq} but the stored events end at ${verifier.head.seq}`,
      },
    };
  }
  if (judged.problem) return { ...base, ok: false, firstBreak: describeCheckpoint(judged.problem, store.location) };
  return { ...base, ok: true, firstBreak: null };
}
