/**
 * The audit chain: each event's hash covers its own fields and the previous event's hash, so editing,
 * deleting or reordering any stored row breaks every later link. Pure: the hash function is passed in
 * (SHA-256 by default, SM3 selectable) so this module has no crypto or I/O dependency.
 */

export type AuditResult = 'success' | 'failure' | 'denied';
export type HashAlgorithm = 'sha256' | 'sm3';
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event carries before it is placed in the chain. */
export interface AuditEventInput {
  at: string; // ISO-8601 UTC, set by the service from its clock
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: AuditResult;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface ChainedAuditEvent extends AuditEventInput {
  seq: number;
  prevHash: string;
  hash: string;
}

export type HashFn = (data: string) => string;

/**
 * Canonical serialisation: a fixed field order, JSON-escaped values, one line. Details are serialised once
 * when the event is created and stored as that exact text, so verification hashes the stored bytes.
 */
export function canonicalEvent(
  seq: number,
  prevHash: string,
  e: Omit<AuditEventInput, 'details'> & { details?: unknown },
  detailsJson: string,
): string {
  return canonicalText(
    [
      seq,
      prevHash,
      e.at,
      e.actorId,
      e.actorName,
      e.actorRole,
      e.action,
      e.targetType,
      e.targetId,
      e.result,
      e.ip,
      e.requestId,
    ],
    detailsJson,
  );
}

/**
 * The same text from the values already in `CANONICAL_ORDER` (seq, prevHash, then the event fields), for
 * readers that get them in that order and need not build an event object per row.
 */
export function canonicalText(values: readonly unknown[], detailsJson: string): string {
  return JSON.stringify(values) + detailsJson;
}

/** The fields in the order canonicalEvent serialises them (the details text follows the array). */
export const CANONICAL_ORDER = [
  'seq',
  'prevHash',
  'at',
  'actorId',
  'actorName',
  'actorRole',
  'action',
  'targetType',
  'targetId',
  'result',
  'ip',
  'requestId',
] as const;

export function serializeDetails(details: Record<string, unknown> | null): string {
  return details === null ? 'null' : JSON.stringify(details);
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Text columns hold UTF-8, which cannot carry a lone UTF-16 surrogate (possible in any JSON input, e.g. a
 * username typed at sign-in): the database driver stores U+FFFD instead. The hash must cover what is stored,
 * so such strings are made well-formed the same way before hashing. (The details JSON escapes them.)
 */
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable<T extends string | null>(s: T): T {
  return (s === null || !SURROGATE.test(s) ? s : s.replace(LONE_SURROGATE, '\uFFFD')) as T;
}

/** Places events after `head`, returning them with seq, prevHash and hash. */
export function chainEvents(
  head: ChainHead,
  events: readonly AuditEventInput[],
  hash: HashFn,
): { chained: (ChainedAuditEvent & { detailsJson: string })[]; head: ChainHead } {
  let seq = head.seq;
  let prev = head.hash;
  const chained = events.map((input) => {
    seq += 1;
    // An explicit literal, not a spread: spreading an event into a new object costs several times the hash.
    const e: ChainedAuditEvent & { detailsJson: string } = {
      at: storable(input.at),
      actorId: storable(input.actorId),
      actorName: storable(input.actorName),
      actorRole: storable(input.actorRole),
      action: storable(input.action),
      targetType: storable(input.targetType),
      targetId: storable(input.targetId),
      result: input.result,
      ip: storable(input.ip),
      requestId: storable(input.requestId),
      details: input.details,
      seq,
      prevHash: prev,
      hash: '',
      detailsJson: serializeDetails(input.details),
    };
    e.hash = hash(canonicalEvent(seq, prev, e, e.detailsJson));
    prev = e.hash;
    return e;
  });
  return { chained, head: { seq, hash: prev } };
}

/** A stored row as read back for verification; details kept as the stored JSON text. */
export interface StoredAuditRow extends Omit<AuditEventInput, 'details'> {
  seq: number;
  prevHash: string;
  hash: string;
  detailsJson: string;
}

export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'prev_hash'; seq: number }
  | { kind: 'hash'; seq: number };

/**
 * Incremental verifier so rows can be streamed in pages: feed rows in seq order, it reports the first break.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prev: string;
  count = 0;
  firstBreak: ChainBreak | null = null;

  constructor(
    private readonly hash: HashFn,
    start: ChainHead = { seq: 0, hash: GENESIS_HASH },
  ) {
    this.expectedSeq = start.seq + 1;
    this.prev = start.hash;
  }

  /** Returns false once a break is found (callers may stop reading). */
  feed(row: StoredAuditRow): boolean {
    if (!this.linked(row.seq, row.prevHash)) return false;
    // canonicalEvent reads only the scalar fields; the stored details text is passed as stored.
    const h = this.hash(canonicalEvent(row.seq, row.prevHash, row, row.detailsJson));
    if (h !== row.hash) {
      this.firstBreak = { kind: 'hash', seq: row.seq };
      return false;
    }
    this.advance(row.hash);
    return true;
  }

  /**
   * Fast path for a row whose canonical text someone else serialised (the database, while reading): true
   * when it links and its hash matches, false at a gap or a broken link (the break is recorded), 'recheck'
   * when the hash does not match. A match proves the row: the text is a JSON array of the fields followed by
   * the details, JSON is unambiguous, so equal texts mean equal fields. A mismatch proves nothing (the
   * serialiser may escape differently), so the caller must then `feed` the row's fields; nothing has moved.
   */
  feedCanonical(seq: number, prevHash: string, hash: string, canonical: string): boolean | 'recheck' {
    if (!this.linked(seq, prevHash)) return false;
    if (this.hash(canonical) !== hash) return 'recheck';
    this.advance(hash);
    return true;
  }

  private linked(seq: number, prevHash: string): boolean {
    if (this.firstBreak) return false;
    if (seq !== this.expectedSeq) {
      this.firstBreak = { kind: 'gap', seq, expectedSeq: this.expectedSeq };
      return false;
    }
    if (prevHash !== this.prev) {
      this.firstBreak = { kind: 'prev_hash', seq };
      return false;
    }
    return true;
  }

  private advance(hash: string): void {
    this.count += 1;
    this.expectedSeq += 1;
    this.prev = hash;
  }

  get head(): ChainHead {
    return { seq: this.expectedSeq - 1, hash: this.prev };
  }
}

/** A signed checkpoint of the chain head, exported outside the database to detect a truncated tail. */
export interface HeadCheckpoint {
  seq: number;
  hash: string;
  at: string;
}

export type CheckpointProblem =
  | { kind: 'truncated'; checkpointSeq: number; chainSeq: number }
  | { kind: 'checkpoint_mismatch'; seq: number }
  | { kind: 'bad_signature'; seq: number };

/**
 * Compares the verified chain against signed checkpoints: every checkpoint must lie within the chain and
 * name the hash the chain has at that seq. `hashAt` looks up the verified hash at a seq.
 */
export function checkCheckpoints(
  chainHead: ChainHead,
  checkpoints: readonly (HeadCheckpoint & { signatureValid: boolean })[],
  hashAt: (seq: number) => string | undefined,
): CheckpointProblem | null {
  for (const cp of checkpoints) {
    if (!cp.signatureValid) return { kind: 'bad_signature', seq: cp.seq };
    if (cp.seq > chainHead.seq) return { kind: 'truncated', checkpointSeq: cp.seq, chainSeq: chainHead.seq };
    if (cp.seq > 0 && hashAt(cp.seq) !== cp.hash) return { kind: 'checkpoint_mismatch', seq: cp.seq };
  }
  return null;
}

export function checkpointMessage(cp: HeadCheckpoint): string {
  return `baomi-audit-head:${cp.seq}:${cp.hash}:${cp.at}`;
}

/**
 * A record of the checkpoint store: a signed head, or a re-anchor — the operator's signed statement that the
 * chain as it stands now is accepted (after a lost key or store, a restore), with the reason. Records before
 * the newest valid re-anchor are superseded: kept, reported, no longer judged.
 */
export interface CheckpointRecord extends HeadCheckpoint {
  kind: 'head' | 'reanchor';
  reason?: string;
}

export interface StoredCheckpoint extends CheckpointRecord {
  signatureValid: boolean;
  /** The line could not be read as a record at all (itself tampering). */
  malformed?: boolean;
}

/** The text a re-anchor record's signature covers: everything in it, the reason included. */
export function reanchorMessage(cp: CheckpointRecord): string {
  return `baomi-audit-reanchor:${JSON.stringify([cp.seq, cp.hash, cp.at, cp.reason ?? ''])}`;
}

export function recordMessage(cp: CheckpointRecord): string {
  return cp.kind === 'reanchor' ? reanchorMessage(cp) : checkpointMessage(cp);
}

export type AnchorProblem =
  | CheckpointProblem
  | { kind: 'key_mismatch'; seq: number; records: number }
  | { kind: 'checkpoint_missing'; seq: number; missing: number }
  | { kind: 'unanchored'; seq: number };

export interface AnchorJudgement {
  problem: AnchorProblem | null;
  /** The records judged: after (and including) the newest valid re-anchor. */
  active: StoredCheckpoint[];
  superseded: number;
  reanchor: CheckpointRecord | null;
  lastCheckpoint: CheckpointRecord | null;
}

const sameRecord = (a: CheckpointRecord, b: CheckpointRecord) =>
  a.kind === b.kind && a.seq === b.seq && a.hash === b.hash && a.at === b.at;

/**
 * Judges the verified chain against the checkpoint store and the database's own list of the checkpoints it
 * was given (`recorded`, written after each store append; those a re-anchor superseded are left out), in
 * this order:
 * - signatures: every active record must verify; when none does, the key was replaced (`key_mismatch`);
 * - each record within the chain, naming the hash the chain has there (`truncated`, `checkpoint_mismatch`);
 * - every record the database knows of is in the store (`checkpoint_missing`: shortened or deleted);
 * - a chain with events has at least one record (`unanchored`).
 */
export function judgeCheckpoints(
  chainHead: ChainHead,
  stored: readonly StoredCheckpoint[],
  recorded: readonly CheckpointRecord[],
  hashAt: (seq: number) => string | undefined,
): AnchorJudgement {
  let from = 0;
  for (let i = stored.length - 1; i >= 0; i--) {
    const r = stored[i]!;
    if (r.kind === 'reanchor' && r.signatureValid && !r.malformed) {
      from = i;
      break;
    }
  }
  const active = stored.slice(from);
  const reanchor = active[0]?.kind === 'reanchor' && active[0].signatureValid ? active[0] : null;
  const lastCheckpoint = [...active].reverse().find((r) => r.signatureValid && !r.malformed) ?? null;
  const base = { active, superseded: from, reanchor, lastCheckpoint };

  const wellFormed = active.filter((r) => !r.malformed);
  if (wellFormed.length > 0 && wellFormed.every((r) => !r.signatureValid)) {
    return { ...base, problem: { kind: 'key_mismatch', seq: wellFormed[0]!.seq, records: wellFormed.length } };
  }
  const problem = checkCheckpoints(chainHead, active, hashAt);
  if (problem) return { ...base, problem };
  const missing = recorded.filter((r) => !active.some((s) => sameRecord(s, r)));
  if (missing.length)
    return { ...base, problem: { kind: 'checkpoint_missing', seq: missing[0]!.seq, missing: missing.length } };
  if (chainHead.seq > 0 && !lastCheckpoint) return { ...base, problem: { kind: 'unanchored', seq: 1 } };
  return { ...base, problem: null };
}
