/**
 * The overview cards' pure rules: calendar days in the organisation's time zone as instants (the audit trail is
 * filtered by instants, people count refusals by the days they live by), and how urgent a card is. No clock: the
 * caller passes `now` and today.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
function offsetAt(instant: number, timeZone: string): number {
  let f = OFFSET_FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    OFFSET_FORMATS.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar date begins in the zone (its local midnight), as ISO-8601 UTC. */
export function dayStart(date: string, timeZone: string): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Midnight local = wall time minus the offset in force then; a second pass settles a day the offset changes.
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  return new Date(at).toISOString();
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface DayRange {
  day: string;
  /** The day's first instant. */
  from: string;
  /** Its last millisecond (the audit trail's `to` is inclusive). */
  to: string;
}

/** The `count` days ending with `today` (oldest first), each as the instants it spans in the zone. */
export function lastDays(today: string, count: number, timeZone: string): DayRange[] {
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(today, i - count + 1);
    const next = new Date(dayStart(addDays(day, 1), timeZone)).getTime();
    return { day, from: dayStart(day, timeZone), to: new Date(next - 1).toISOString() };
  });
}

export type Severity = 'normal' | 'warning' | 'danger';

/** A backup older than this many days is overdue (the card turns red). */
export const BACKUP_MAX_AGE_DAYS = 7;

/** Whole days since `at` (0 on the same day, counted in 24 h steps), or null without one. */
export function ageInDays(at: string | null, now: Date): number | null {
  if (at === null) return null;
  return Math.max(0, Math.floor((now.getTime() - new Date(at).getTime()) / DAY_MS));
}

/** Red when there is no good backup or the last good one is older than the limit. */
export function backupSeverity(lastGoodAt: string | null, now: Date): Severity {
  if (lastGoodAt === null) return 'danger';
  return now.getTime() - new Date(lastGoodAt).getTime() > BACKUP_MAX_AGE_DAYS * DAY_MS ? 'danger' : 'normal';
}

/** Red when any job's last run failed. */
export function jobsSeverity(lastOutcomes: readonly ('ok' | 'failed')[]): Severity {
  return lastOutcomes.includes('failed') ? 'danger' : 'normal';
}

/** A verification older than this is due again (amber). */
export const VERIFY_MAX_AGE_DAYS = 7;

/** Red when the last verification found a break; amber when the chain was never verified or not lately. */
export function chainSeverity(last: { at: string; ok: boolean } | null, now: Date): Severity {
  if (last === null) return 'warning';
  if (!last.ok) return 'danger';
  return now.getTime() - new Date(last.at).getTime() > VERIFY_MAX_AGE_DAYS * DAY_MS ? 'warning' : 'normal';
}
