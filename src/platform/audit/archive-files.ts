import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HashAlgorithm, StoredAuditRow } from '../../kernel/audit-chain.js';
import type { Config } from '../config.js';
import { verifyKeyOf, type KeyRing } from '../crypto/keys.js';
import { writeFileAtomic } from '../fs-atomic.js';

/**
 * The audit archive's segment files. A segment is one JSON-lines file:
 *   line 1: the header (`SegmentHeader`): the range, the chain's head at both boundaries, the sha256 of the body;
 *   line 2: `{"kid", "signature"}`: the audit-signing key's signature over line 1 as written;
 *   then one line per event, the stored row as it is (details as the stored JSON text, which the hash covers).
 * The signature covers the header and the header the body, so one changed byte anywhere is found; the events'
 * own hash chain is checked on top of that by whoever reads them for verification.
 */

export const SEGMENT_FORMAT = 'baomi-audit-segment/1';
const SIGNED_PREFIX = 'baomi-audit-segment:';

export interface SegmentHeader {
  format: typeof SEGMENT_FORMAT;
  firstSeq: number;
  lastSeq: number;
  firstAt: string;
  lastAt: string;
  /** The chain's head before the first event (the genesis hash for a segment from event 1). */
  prevHash: string;
  /** The hash of the last event: the head the next segment or the live table continues from. */
  lastHash: string;
  events: number;
  alg: HashAlgorithm;
  /** sha256 (hex) of everything after the signature line. */
  sha256: string;
  createdAt: string;
}

export interface WrittenSegment {
  file: string;
  header: SegmentHeader;
  headerText: string;
  signature: string;
  kid: string;
}

/** The deployment's archive directory: BAOMI_AUDIT_ARCHIVE_DIR, or the data directory's `audit-archive/`. */
export function auditArchiveDirOf(config: Pick<Config, 'dataDir' | 'auditArchiveDir'>): string {
  return config.auditArchiveDir ?? path.join(config.dataDir, 'audit-archive');
}

/** Seqs padded so the names sort in chain order; the random tail keeps two racing writers off each other's file. */
export function segmentFileName(firstSeq: number, lastSeq: number): string {
  const pad = (n: number) => String(n).padStart(12, '0');
  return `segment-${pad(firstSeq)}-${pad(lastSeq)}-${crypto.randomBytes(4).toString('hex')}.jsonl`;
}

function signedBytes(headerText: string): Buffer {
  return Buffer.from(SIGNED_PREFIX + headerText);
}

/** Whether the signature over a header verifies under the key version it names. */
export function headerSignatureValid(keys: KeyRing, headerText: string, kid: string, signature: string): boolean {
  const key = verifyKeyOf(keys, kid);
  if (!key) return false;
  try {
    return crypto.verify(null, signedBytes(headerText), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Writes a segment durably (temp file, fsync, rename, fsync dir) and returns what the database records of it. */
export function writeSegment(
  dir: string,
  keys: KeyRing,
  meta: Omit<
    SegmentHeader,
    'format' | 'sha256' | 'events' | 'firstSeq' | 'lastSeq' | 'firstAt' | 'lastAt' | 'lastHash'
  >,
  rows: readonly StoredAuditRow[],
): WrittenSegment {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) throw new Error('an archive segment needs at least one event');
  const body = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const header: SegmentHeader = {
    format: SEGMENT_FORMAT,
    firstSeq: first.seq,
    lastSeq: last.seq,
    firstAt: first.at,
    lastAt: last.at,
    prevHash: meta.prevHash,
    lastHash: last.hash,
    events: rows.length,
    alg: meta.alg,
    sha256: crypto.createHash('sha256').update(body).digest('hex'),
    createdAt: meta.createdAt,
  };
  const headerText = JSON.stringify(header);
  const signature = crypto.sign(null, signedBytes(headerText), keys.signingKey).toString('base64');
  const kid = keys.signingKid;
  const file = segmentFileName(header.firstSeq, header.lastSeq);
  // The events name people and what they did: readable by the service's user only (the folder set so even when it
  // existed before, e.g. made by an operator with the default umask).
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  writeFileAtomic(path.join(dir, file), `${headerText}\n${JSON.stringify({ kid, signature })}\n${body}`, 0o600);
  return { file, header, headerText, signature, kid };
}

/** What the database recorded of a segment: enough to check its file against. */
export interface SegmentRecord {
  file: string;
  header: string;
  signature: string;
  kid: string;
}

export class SegmentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: 'missing' | 'altered',
    detail: string,
  ) {
    super(`archive segment ${file} is ${problem}: ${detail}`);
    this.name = 'SegmentFileError';
  }
}

const STRING_OR_NULL = ['actorId', 'actorName', 'actorRole', 'targetType', 'targetId', 'ip', 'requestId'] as const;

function rowOf(line: string): StoredAuditRow | null {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    if (typeof o.seq !== 'number' || typeof o.hash !== 'string' || typeof o.detailsJson !== 'string') return null;
    if (STRING_OR_NULL.some((k) => o[k] !== null && typeof o[k] !== 'string')) return null;
    return o as unknown as StoredAuditRow;
  } catch {
    return null;
  }
}

/**
 * Reads a segment the database recorded and proves it is the file that was written: its header and signature
 * as recorded, the signature valid, the body's checksum and event count as the header says. Throws
 * `SegmentFileError` naming the file otherwise. The events' chain is the caller's to check (verify.ts).
 */
export function readSegment(
  dir: string,
  keys: KeyRing,
  record: SegmentRecord,
): { header: SegmentHeader; rows: StoredAuditRow[] } {
  const full = path.join(dir, record.file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch {
    throw new SegmentFileError(record.file, 'missing', `no such file in ${dir}`);
  }
  const text = bytes.toString('utf8');
  const firstEnd = text.indexOf('\n');
  const secondEnd = firstEnd < 0 ? -1 : text.indexOf('\n', firstEnd + 1);
  if (secondEnd < 0) throw new SegmentFileError(record.file, 'altered', 'the header is incomplete');
  const headerText = text.slice(0, firstEnd);
  if (headerText !== record.header)
    throw new SegmentFileError(record.file, 'altered', 'its header differs from the one recorded');
  let sig: { kid?: unknown; signature?: unknown };
  try {
    sig = JSON.parse(text.slice(firstEnd + 1, secondEnd)) as typeof sig;
  } catch {
    throw new SegmentFileError(record.file, 'altered', 'the signature line is unreadable');
  }
  if (sig.kid !== record.kid || sig.signature !== record.signature)
    throw new SegmentFileError(record.file, 'altered', 'its signature differs from the one recorded');
  if (!headerSignatureValid(keys, headerText, record.kid, record.signature))
    throw new SegmentFileError(record.file, 'altered', 'its signature does not verify with the audit-signing key');
  const header = JSON.parse(headerText) as SegmentHeader;
  const body = text.slice(secondEnd + 1);
  if (crypto.createHash('sha256').update(body).digest('hex') !== header.sha256)
    throw new SegmentFileError(record.file, 'altered', 'its events do not match the checksum in its signed header');
  const lines = body.split('\n').filter((l) => l.length > 0);
  const rows: StoredAuditRow[] = [];
  for (const line of lines) {
    const row = rowOf(line);
    if (!row) throw new SegmentFileError(record.file, 'altered', 'an event line is unreadable');
    rows.push(row);
  }
  if (rows.length !== header.events)
    throw new SegmentFileError(record.file, 'altered', `it holds ${rows.length} events, its header ${header.events}`);
  return { header, rows };
}
