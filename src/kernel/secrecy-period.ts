import { LEVEL_DEFS, isClassified, maxYearsOf, type ClassificationPolicy, type Level } from './levels.js';

/**
 * Secrecy periods (保密期限). A period of a year or more counts in whole years, a shorter one in months,
 * from the marked date; where no period can be set a declassification condition (解密条件) is recorded.
 * Dates are calendar dates 'YYYY-MM-DD' (UTC); an item is due for declassification on its until-date.
 */
export const PERIOD_UNITS = ['years', 'months'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface SecrecyPeriod {
  value: number;
  unit: PeriodUnit;
}

/** What a classification states about its duration: a period, or a condition, or nothing (open levels). */
export interface SecrecyTerm {
  period: SecrecyPeriod | null;
  condition: string | null;
}

export type PeriodProblem =
  | 'term_required' // a classified level needs a period or a condition
  | 'term_not_allowed' // internal/public carry neither
  | 'period_and_condition' // one or the other, not both
  | 'period_unit' // months only below a year (1-11), years from 1
  | 'period_exceeds_maximum'
  | 'condition_empty';

export function checkTerm(
  level: Level,
  term: SecrecyTerm,
  policy: Pick<ClassificationPolicy, 'maxYears'>,
): PeriodProblem | null {
  const condition = term.condition?.trim() ?? null;
  if (!isClassified(level)) return term.period || condition ? 'term_not_allowed' : null;
  if (term.period && term.condition !== null) return 'period_and_condition';
  if (!term.period) {
    if (term.condition === null) return 'term_required';
    return condition ? null : 'condition_empty';
  }
  const { value, unit } = term.period;
  if (!Number.isInteger(value) || value < 1) return 'period_unit';
  if (unit === 'months' && value > 11) return 'period_unit';
  const max = maxYearsOf(level, policy)!;
  const years = unit === 'years' ? value : value / 12;
  return years > max ? 'period_exceeds_maximum' : null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Whether this is an IANA time zone name the runtime knows (e.g. `Asia/Shanghai`; not a bare offset). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z_]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar date of an instant in the organisation's time zone: items are marked, expire and are reviewed
 * on the dates people there live by (08:00 in Beijing is still the previous day in UTC).
 */
export function dateOf(now: Date, timeZone: string): string {
  let f = DAY_FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hourCycle: 'h23',
    });
    DAY_FORMATS.set(timeZone, f);
  }
  const parts = f.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Adds months to a calendar date; the 31st plus one month is the last day of the next month. */
export function addMonths(date: string, months: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1 + months;
  const day = Number(m[3]);
  const targetYear = y + Math.floor(mo / 12);
  const targetMonth = ((mo % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** The date secrecy ends: marked date plus the period; null where a condition (or nothing) applies. */
export function secrecyUntil(markedOn: string, period: SecrecyPeriod | null): string | null {
  if (!period) return null;
  return addMonths(markedOn, period.unit === 'years' ? period.value * 12 : period.value);
}

/** An item with an until-date is due for declassification on that date. */
export function isExpired(until: string | null, today: string): boolean {
  return until !== null && today >= until;
}

export type Lang = 'zh' | 'en';

/**
 * The marking in the customary form `密级★期限`: 机密★10年, 秘密★6个月; with a condition, the level, ★ and
 * the condition. Open levels are marked by their name alone.
 */
export function marking(level: Level, term: SecrecyTerm, lang: Lang = 'zh'): string {
  const def = LEVEL_DEFS[level];
  const name = lang === 'zh' ? def.zh : def.en;
  if (!def.classified) return name;
  if (term.period) {
    const { value, unit } = term.period;
    if (lang === 'zh') return `${name}★${value}${unit === 'years' ? '年' : '个月'}`;
    return `${name}★${value} ${unit === 'years' ? (value === 1 ? 'year' : 'years') : value === 1 ? 'month' : 'months'}`;
  }
  return term.condition ? `${name}★${term.condition.trim()}` : name;
}

/** Periods compare by length in months. */
export function periodMonths(p: SecrecyPeriod): number {
  return p.unit === 'years' ? p.value * 12 : p.value;
}
