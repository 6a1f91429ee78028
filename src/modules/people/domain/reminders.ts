import { OVERDUE_STATES, type AgreementKind, type ObligationState } from '../../../kernel/agreements.js';

/**
 * The daily agreements reminder (pure): who gets a digest today and what it lists. One digest per person per day
 * at most — the job stores it under `digestKey(userId, today)`, so a second run that day (a restart, a second
 * instance) tells nobody twice. Dates are calendar dates of the organisation ('YYYY-MM-DD').
 *
 * A digest lists every agreement of the person that is
 * - due soon: not yet signed (or to re-sign) and due within `DUE_SOON_DAYS` days;
 * - overdue: past its grace period (every day until it is signed: the sign-in hold says the same);
 * - expiring: signed, the validity ending within the reminder window.
 * Due-soon and overdue agreements send the digest every day; expiring ones alone send it on the first day of
 * the window, then weekly (a whole number of weeks before the end) and on each of the last `DUE_SOON_DAYS` days —
 * a month of daily notices about a letter valid for another four weeks would teach people to ignore them.
 */

/** Days before the due date from which an unsigned agreement is reminded every day. */
export const DUE_SOON_DAYS = 3;

export type DigestReason = 'due_soon' | 'overdue' | 'expiring';

/** What the digest needs of one obligation (the domain's `Obligation` fits). */
export interface DigestObligation {
  templateId: string;
  kind: AgreementKind;
  versionNo: number;
  state: ObligationState;
  dueOn: string | null;
  expiresOn: string | null;
}

export interface DigestEntry<O extends DigestObligation = DigestObligation> {
  obligation: O;
  reason: DigestReason;
  /** Days until its date (due date or end of validity); negative when overdue. */
  days: number;
}

export interface Digest<O extends DigestObligation = DigestObligation> {
  entries: DigestEntry<O>[];
  dueSoon: number;
  overdue: number;
  expiring: number;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Why an obligation is in today's digest, or null when it is not. */
export function digestReasonOf(o: DigestObligation, today: string): DigestReason | null {
  if (OVERDUE_STATES.includes(o.state)) return 'overdue';
  if ((o.state === 'due' || o.state === 'resign_due') && o.dueOn !== null)
    return daysBetween(today, o.dueOn) <= DUE_SOON_DAYS ? 'due_soon' : null;
  if (o.state === 'expiring') return 'expiring';
  return null;
}

/** Does an expiring agreement alone send a digest today (the window's first day, weekly, the last days). */
export function expiryRemindsToday(expiresOn: string, today: string, expiryReminderDays: number): boolean {
  const days = daysBetween(today, expiresOn);
  if (days < 0 || days > expiryReminderDays) return false;
  return days === expiryReminderDays || days % 7 === 0 || days <= DUE_SOON_DAYS;
}

/**
 * Today's digest for one person, or null when nothing sends one: the entries in order (overdue first, then due
 * soon, then expiring; earlier dates first within each).
 */
export function digestOf<O extends DigestObligation>(
  obligations: readonly O[],
  today: string,
  expiryReminderDays: number,
): Digest<O> | null {
  const entries: DigestEntry<O>[] = [];
  for (const o of obligations) {
    const reason = digestReasonOf(o, today);
    if (reason === null) continue;
    const date = reason === 'expiring' ? o.expiresOn : o.dueOn;
    entries.push({ obligation: o, reason, days: date === null ? 0 : daysBetween(today, date) });
  }
  const sends = entries.some(
    (e) =>
      e.reason !== 'expiring' ||
      (e.obligation.expiresOn !== null && expiryRemindsToday(e.obligation.expiresOn, today, expiryReminderDays)),
  );
  if (!sends) return null;
  const order: Record<DigestReason, number> = { overdue: 0, due_soon: 1, expiring: 2 };
  entries.sort((a, b) => order[a.reason] - order[b.reason] || a.days - b.days);
  const count = (r: DigestReason) => entries.filter((e) => e.reason === r).length;
  return { entries, dueSoon: count('due_soon'), overdue: count('overdue'), expiring: count('expiring') };
}

/** The dedupe key of a person's digest: one per person per organisation day. */
export function digestKey(userId: string, today: string): string {
  return `people.agreementDigest:${userId}:${today}`;
}
