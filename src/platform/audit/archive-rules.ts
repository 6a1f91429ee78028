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
