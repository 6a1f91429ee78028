import { type ChainVerifier, GENESIS_HASH, type ChainBreak } from '../../kernel/audit-chain.js';
import type { AuditVerifyResult } from '../contracts/audit-verify.js';
import type { KeyRing } from '../crypto/keys.js';
import { headerSignatureValid, readSegment, SegmentFileError, type SegmentHeader } from './archive-files.js';
import { archivedHead, type SegmentRow } from './archive.js';

/**
 * The archived part of the chain in a verification (verify.ts). Always: the database's segment records must
 * join up from the first event (each starts where the one before ended) and each recorded header must carry a
 * valid signature and say what its row says, so the boundary the live part starts from is the signed one. With
 * the archive, every segment file is read, proved unaltered and fed to the chain verifier, which then goes on
 * into the live table: the whole chain from event 1.
 */

export interface ArchiveProblem {
  kind: string;
  seq: number;
  message: string;
}

type Summary = NonNullable<AuditVerifyResult['archive']>;

function recordProblem(s: SegmentRow, expectedFirst: number, expectedPrev: string, keys: KeyRing): string | null {
  if (s.first_seq !== expectedFirst || s.prev_hash !== expectedPrev)
    return `the archive's segment records do not join up at event ${expectedFirst} (segment ${s.file})`;
  if (!headerSignatureValid(keys, s.header, s.kid, s.signature))
    return `the recorded header of archive segment ${s.file} does not verify with the audit-signing key`;
  let h: SegmentHeader;
  try {
    h = JSON.parse(s.header) as SegmentHeader;
  } catch {
    return `the recorded header of archive segment ${s.file} is unreadable`;
  }
  if (
    h.firstSeq !== s.first_seq ||
    h.lastSeq !== s.last_seq ||
    h.prevHash !== s.prev_hash ||
    h.lastHash !== s.last_hash ||
    h.events !== s.events
  )
    return `the database's record of archive segment ${s.file} differs from its signed header`;
  return null;
}

/** The segment records judged among themselves; the first problem, or null. */
export function checkSegmentRecords(segments: readonly SegmentRow[], keys: KeyRing): ArchiveProblem | null {
  let expected = { seq: 0, hash: GENESIS_HASH };
  for (const s of segments) {
    const message = recordProblem(s, expected.seq + 1, expected.hash, keys);
    if (message) return { kind: 'archive_record', seq: expected.seq + 1, message };
    expected = { seq: s.last_seq, hash: s.last_hash };
  }
  return null;
}

export function archiveSummary(segments: readonly SegmentRow[], directory: string, verified: boolean): Summary | null {
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return null;
  return {
    segments: segments.length,
    firstSeq: first.first_seq,
    lastSeq: last.last_seq,
    firstAt: first.first_at,
    lastAt: last.last_at,
    directory,
    verified,
  };
}

function describe(b: ChainBreak, file: string): string {
  const where = `in archive segment ${file}`;
  switch (b.kind) {
    case 'gap':
      return `event ${b.expectedSeq} is missing ${where} (next is ${b.seq})`;
    case 'prev_hash':
      return `event ${b.seq} ${where} does not link to the event before it`;
    case 'hash':
      return `event ${b.seq} ${where} does not match its hash: its content was edited`;
  }
}

/**
 * Feeds every segment's events to `verifier` (which starts at the genesis), checking each file and that each
 * segment ends at its recorded head. `onVerified` sees each event that passed (for the checkpoints' hashes).
 */
export function verifySegments(
  segments: readonly SegmentRow[],
  directory: string,
  keys: KeyRing,
  verifier: ChainVerifier,
  onVerified: (seq: number, hash: string) => void,
): ArchiveProblem | null {
  for (const s of segments) {
    let rows;
    try {
      rows = readSegment(directory, keys, s).rows;
    } catch (e) {
      if (!(e instanceof SegmentFileError)) throw e;
      return { kind: `archive_${e.problem}`, seq: s.first_seq, message: e.message };
    }
    for (const r of rows) {
      if (!verifier.feed(r)) {
        const b = verifier.firstBreak!;
        return { kind: b.kind, seq: b.seq, message: describe(b, s.file) };
      }
      onVerified(r.seq, r.hash);
    }
    if (verifier.head.seq !== s.last_seq || verifier.head.hash !== s.last_hash)
      return {
        kind: 'archive_altered',
        seq: s.last_seq,
        message: `archive segment ${s.file} does not end at the head recorded for it (event ${s.last_seq})`,
      };
  }
  return null;
}

/** Where the live part's verification starts: after the archive (its signed boundary). */
export function liveStart(segments: readonly SegmentRow[]) {
  return archivedHead(segments);
}
