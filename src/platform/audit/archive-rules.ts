import type { StoredCheckpoint } from '../../kernel/audit-chain.js';

/**
 * The audit trail's retention rule, pure. 网络安全法 Art. 21 asks that network logs be kept at least six months,
 * so a retention below six months is refused; none (null) keeps every event in the live table.
 */
export const MIN_RETENTION_MONTHS = 6;
/** Fifty years: a bound, not a policy; longer is the same as keeping everything. */
export const MAX_RETENTION_MONTHS = 600;

/**
 * The instant before which events are old enough to archive: `months` calendar months before `now` (UTC), the
 * day clamped to the month's last (31 August minus six months is 28 or 29 February, never 3 March).
 */
export function retentionCutoff(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS)
    throw new Error(`the audit retention is at least ${MIN_RETENTION_MONTHS} months`);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(now.getTime());
  d.setUTCFullYear(y, m, Math.min(now.getUTCDate(), lastDay));
  return d;
}

/** A range of events to archive: after the archived head, up to the last event older than the cutoff. */
export interface ArchivePlan {
  fromSeq: number;
  toSeq: number;
}

/**
 * Splits what is to be archived into segments of at most `maxEvents`: `afterSeq` is the archived head, `toSeq`
 * the last event to archive (inclusive). Nothing when `toSeq` is not past the head.
 */
export function planSegments(afterSeq: number, toSeq: number, maxEvents: number): ArchivePlan[] {
  const plans: ArchivePlan[] = [];
  for (let from = afterSeq + 1; from <= toSeq; from += maxEvents)
    plans.push({ fromSeq: from, toSeq: Math.min(toSeq, from + maxEvents - 1) });
  return plans;
}

/** A signed chain head from the checkpoint store: the event `seq` had the hash `hash` when it was signed. */
export interface SignedHead {
  seq: number;
  hash: string;
}

/**
 * The signed heads an archiving is checked against, by seq: those verification judges by (from the newest valid
 * re-anchor on; earlier ones it supersedes), each with a valid signature.
 */
export function activeSignedHeads(stored: readonly StoredCheckpoint[]): SignedHead[] {
  let from = 0;
  for (let i = stored.length - 1; i >= 0; i--)
    if (stored[i]!.kind === 'reanchor' && stored[i]!.signatureValid && !stored[i]!.malformed) {
      from = i;
      break;
    }
  return stored
    .slice(from)
    .filter((c) => c.signatureValid && !c.malformed)
    .map((c) => ({ seq: c.seq, hash: c.hash }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * The signed head that pins a range ending at `toSeq`: the first at or after it (the chain from the range's last
 * event up to it is what makes the signature cover the range). Null when no signed head reaches that far: the
 * range must not be archived before one does (ADR 0030).
 */
export function pinFor(heads: readonly SignedHead[], toSeq: number): SignedHead | null {
  return heads.find((h) => h.seq >= toSeq) ?? null;
}
