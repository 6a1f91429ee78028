import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLASSIFICATION_POLICY as P,
  LEVELS,
  LEVEL_DEFS,
  OPEN_RANK,
  clearanceRankOf,
  isClassified,
  isLevel,
  levelsInUse,
  maxYearsOf,
  rankOf,
  type ClassificationPolicy,
  type Level,
  type LevelScheme,
} from '../../../src/kernel/levels.js';
import {
  addMonths,
  checkTerm,
  dateOf,
  isTimeZone,
  isCalendarDate,
  isExpired,
  marking,
  periodMonths,
  secrecyUntil,
  type Lang,
  type PeriodProblem,
  type SecrecyPeriod,
  type SecrecyTerm,
} from '../../../src/kernel/secrecy-period.js';
import type { ClearanceClass } from '../../../src/kernel/roles.js';

const years = (value: number): SecrecyPeriod => ({ value, unit: 'years' });
const months = (value: number): SecrecyPeriod => ({ value, unit: 'months' });
const period = (p: SecrecyPeriod): SecrecyTerm => ({ period: p, condition: null });
const cond = (condition: string): SecrecyTerm => ({ period: null, condition });
const NONE: SecrecyTerm = { period: null, condition: null };

describe('levels', () => {
  // [level, scheme, rank, classified, zh, en]: the law's order, written out by hand.
  it.each<[Level, LevelScheme | null, number, boolean, string, string]>([
    ['top_secret', 'state', 4, true, '绝密', 'Top secret'],
    ['secret', 'state', 3, true, '机密', 'Secret'],
    ['confidential', 'state', 2, true, '秘密', 'Confidential'],
    ['core_commercial', 'commercial', 3, true, '核心商密', 'Core commercial secret'],
    ['ordinary_commercial', 'commercial', 2, true, '普通商密', 'Ordinary commercial secret'],
    ['internal', null, 1, false, '内部', 'Internal'],
    ['public', null, 0, false, '公开', 'Public'],
  ])('%s: scheme %s, rank %i, classified %s, %s / %s', (level, scheme, rank, classified, zh, en) => {
    expect(LEVEL_DEFS[level]).toEqual({ code: level, scheme, rank, classified, zh, en });
    expect(rankOf(level)).toBe(rank);
    expect(isClassified(level)).toBe(classified);
    expect(isLevel(level)).toBe(true);
  });

  it('lists exactly the seven levels and the open rank is internal', () => {
    expect([...LEVELS].sort()).toEqual([
      'confidential',
      'core_commercial',
      'internal',
      'ordinary_commercial',
      'public',
      'secret',
      'top_secret',
    ]);
    expect(OPEN_RANK).toBe(1);
  });

  it.each<[unknown]>([['SECRET'], ['restricted'], [''], [' secret'], [null], [undefined], [3], [{}]])(
    'isLevel(%j) = false',
    (v) => {
      expect(isLevel(v)).toBe(false);
    },
  );

  it.each<[LevelScheme[], Level[]]>([
    [['state'], ['top_secret', 'secret', 'confidential', 'internal', 'public']],
    [['commercial'], ['core_commercial', 'ordinary_commercial', 'internal', 'public']],
    [
      ['state', 'commercial'],
      ['top_secret', 'secret', 'confidential', 'core_commercial', 'ordinary_commercial', 'internal', 'public'],
    ],
    [
      ['commercial', 'state'],
      ['top_secret', 'secret', 'confidential', 'core_commercial', 'ordinary_commercial', 'internal', 'public'],
    ],
    [[], ['internal', 'public']],
  ])('levelsInUse(%j) = %j', (schemes, levels) => {
    expect(levelsInUse({ schemes })).toEqual(levels);
  });

  it('the default policy uses the state scheme only', () => {
    expect(P.schemes).toEqual(['state']);
  });

  it.each<[ClearanceClass | null, number]>([
    [null, 1], // no cleared-person class: open items only
    ['general', 2],
    ['important', 3],
    ['core', 4],
  ])('clearanceRankOf(%s) under the defaults = %i', (cls, rank) => {
    expect(clearanceRankOf(cls, P)).toBe(rank);
  });

  it.each<[ClearanceClass | null, number]>([
    [null, 1],
    ['general', 1],
    ['important', 3],
    ['core', 3],
  ])('clearanceRankOf(%s) under a configured mapping = %i', (cls, rank) => {
    const clearance: ClassificationPolicy['clearance'] = {
      core: 'core_commercial',
      important: 'secret',
      general: 'internal',
    };
    expect(clearanceRankOf(cls, { clearance })).toBe(rank);
  });

  it.each<[Level, number | null]>([
    ['top_secret', 30],
    ['secret', 20],
    ['confidential', 10],
    ['core_commercial', 20],
    ['ordinary_commercial', 10],
    ['internal', null],
    ['public', null],
  ])('maxYearsOf(%s) by default = %s', (level, max) => {
    expect(maxYearsOf(level, P)).toBe(max);
  });

  it('maxYearsOf reads the configured numbers', () => {
    const maxYears = { top_secret: 40, secret: 15, confidential: 5, core_commercial: 8, ordinary_commercial: 3 };
    expect(LEVELS.map((l) => maxYearsOf(l, { maxYears }))).toEqual([40, 15, 5, 8, 3, null, null]);
  });
});

describe('checkTerm (default maxima 30/20/10 years)', () => {
  it.each<[string, Level, SecrecyTerm, PeriodProblem | null]>([
    // the maximum per level, and one year beyond it
    ['top secret 30 years', 'top_secret', period(years(30)), null],
    ['top secret 31 years', 'top_secret', period(years(31)), 'period_exceeds_maximum'],
    ['secret 20 years', 'secret', period(years(20)), null],
    ['secret 21 years', 'secret', period(years(21)), 'period_exceeds_maximum'],
    ['confidential 10 years', 'confidential', period(years(10)), null],
    ['confidential 11 years', 'confidential', period(years(11)), 'period_exceeds_maximum'],
    ['confidential 100 years', 'confidential', period(years(100)), 'period_exceeds_maximum'],
    ['core commercial 20 years', 'core_commercial', period(years(20)), null],
    ['core commercial 21 years', 'core_commercial', period(years(21)), 'period_exceeds_maximum'],
    ['ordinary commercial 10 years', 'ordinary_commercial', period(years(10)), null],
    ['ordinary commercial 11 years', 'ordinary_commercial', period(years(11)), 'period_exceeds_maximum'],
    // a year or more counts in years, shorter in months (1-11)
    ['1 year', 'secret', period(years(1)), null],
    ['1 month', 'secret', period(months(1)), null],
    ['11 months', 'confidential', period(months(11)), null],
    ['12 months must be written as 1 year', 'confidential', period(months(12)), 'period_unit'],
    ['24 months must be written as 2 years', 'top_secret', period(months(24)), 'period_unit'],
    ['0 months', 'secret', period(months(0)), 'period_unit'],
    ['0 years', 'secret', period(years(0)), 'period_unit'],
    ['-1 years', 'secret', period(years(-1)), 'period_unit'],
    ['1.5 years', 'secret', period(years(1.5)), 'period_unit'],
    ['2.5 months', 'secret', period(months(2.5)), 'period_unit'],
    ['NaN years', 'secret', period(years(Number.NaN)), 'period_unit'],
    // a condition instead of a period
    ['a condition', 'secret', cond('项目验收后解密'), null],
    ['a condition with spaces around', 'top_secret', cond('  产品上市后  '), null],
    ['an empty condition', 'secret', cond(''), 'condition_empty'],
    ['a blank condition', 'confidential', cond('  \t '), 'condition_empty'],
    ['neither period nor condition', 'secret', NONE, 'term_required'],
    ['neither, top secret', 'top_secret', NONE, 'term_required'],
    ['neither, ordinary commercial', 'ordinary_commercial', NONE, 'term_required'],
    ['both period and condition', 'secret', { period: years(5), condition: '项目结束' }, 'period_and_condition'],
    ['both, even with an empty condition', 'secret', { period: years(5), condition: '' }, 'period_and_condition'],
    ['both, with an invalid period', 'secret', { period: months(13), condition: 'x' }, 'period_and_condition'],
    // open levels carry no period and no condition
    ['internal, nothing', 'internal', NONE, null],
    ['public, nothing', 'public', NONE, null],
    ['internal with a period', 'internal', period(years(1)), 'term_not_allowed'],
    ['public with a period', 'public', period(months(6)), 'term_not_allowed'],
    ['internal with a condition', 'internal', cond('发布后'), 'term_not_allowed'],
    ['public with both', 'public', { period: years(1), condition: 'x' }, 'term_not_allowed'],
  ])('%s -> %s', (_label, level, term, problem) => {
    expect(checkTerm(level, term, P)).toBe(problem);
  });

  it.each<[Level, SecrecyTerm, PeriodProblem | null]>([
    ['confidential', period(years(5)), null],
    ['confidential', period(years(6)), 'period_exceeds_maximum'],
    ['confidential', period(months(11)), null],
    ['top_secret', period(years(40)), null],
    ['top_secret', period(years(41)), 'period_exceeds_maximum'],
    ['secret', period(years(2)), null],
    ['secret', period(years(3)), 'period_exceeds_maximum'],
  ])('configured maxima (top secret 40, secret 2, confidential 5): %s %j -> %s', (level, term, problem) => {
    const maxYears = { ...P.maxYears, top_secret: 40, secret: 2, confidential: 5 };
    expect(checkTerm(level, term, { maxYears })).toBe(problem);
  });
});

describe('calendar dates', () => {
  it.each<[string, boolean]>([
    ['2024-02-29', true], // leap year
    ['2023-02-29', false],
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100, not by 400
    ['2024-12-31', true],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-1-01', false],
    ['24-01-01', false],
    ['2024/01/01', false],
    ['2024-01-01T00:00:00Z', false],
    [' 2024-01-01', false],
    ['', false],
  ])('isCalendarDate(%j) = %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });

  it.each<[string, string, string]>([
    ['2025-06-01T00:00:00.000Z', 'UTC', '2025-06-01'],
    ['2025-06-01T23:59:59.999Z', 'UTC', '2025-06-01'],
    ['2024-12-31T23:00:00.000-02:00', 'UTC', '2025-01-01'],
    // Beijing is UTC+8: 07:59 there is still the previous day in UTC, 00:00 there is 16:00 UTC the day before.
    ['2026-11-22T23:30:00.000Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-11-23T15:59:59.999Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-11-23T16:00:00.000Z', 'Asia/Shanghai', '2026-11-24'],
    ['2026-12-31T16:00:00.000Z', 'Asia/Shanghai', '2027-01-01'],
    ['2026-03-01T04:00:00.000Z', 'America/New_York', '2026-02-28'],
  ])('dateOf(%s, %s) = %s', (instant, zone, date) => {
    expect(dateOf(new Date(instant), zone)).toBe(date);
  });

  it.each<[string, boolean]>([
    ['Asia/Shanghai', true],
    ['UTC', true],
    ['Europe/Berlin', true],
    ['Asia/Beijing', false], // not an IANA zone
    ['', false],
    ['+08:00', false], // an offset, not a zone (Node versions differ on it)
    ['Etc/GMT-8', true],
  ])('isTimeZone(%j) = %s', (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });

  it.each<[string, number, string]>([
    ['2024-01-15', 1, '2024-02-15'],
    ['2024-01-31', 1, '2024-02-29'], // clamps to the end of a leap February
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-12-31', 1, '2025-01-31'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['1999-12-31', 2, '2000-02-29'],
    ['2000-02-29', 1200, '2100-02-28'], // 2100 is not a leap year
    ['2025-06-01', 360, '2055-06-01'],
    ['2024-06-15', 0, '2024-06-15'],
    ['2024-05-31', -3, '2024-02-29'],
    ['2024-01-31', -1, '2023-12-31'],
    ['2024-01-01', -1, '2023-12-01'],
    ['2024-10-31', -13, '2023-09-30'],
  ])('addMonths(%s, %i) = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each([['2024/01/31'], ['31.01.2024'], ['']])('addMonths(%j) refuses what is not a date', (bad) => {
    expect(() => addMonths(bad, 1)).toThrow();
  });

  // An independent oracle over three whole years: same day where it exists, else the month's last day.
  it('addMonths agrees with a day-count oracle for every day of 2023-2025 and -24..+36 months', () => {
    const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const daysIn = (y: number, m: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    for (let y = 2023; y <= 2025; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= daysIn(y, m); d++) {
          for (let n = -24; n <= 36; n += 5) {
            const total = y * 12 + (m - 1) + n;
            const ty = Math.floor(total / 12);
            const tm = (total % 12) + 1;
            const expected = `${ty}-${pad(tm)}-${pad(Math.min(d, daysIn(ty, tm)))}`;
            expect(addMonths(`${y}-${pad(m)}-${pad(d)}`, n)).toBe(expected);
          }
        }
      }
    }
  });
});

describe('secrecyUntil, isExpired, periodMonths', () => {
  it.each<[string, SecrecyPeriod | null, string | null]>([
    ['2025-03-15', years(10), '2035-03-15'],
    ['2025-03-15', months(6), '2025-09-15'],
    ['2025-03-15', years(30), '2055-03-15'],
    ['2024-02-29', years(1), '2025-02-28'],
    ['2024-02-29', years(4), '2028-02-29'],
    ['2024-08-31', months(6), '2025-02-28'],
    ['2024-12-31', months(2), '2025-02-28'],
    ['2025-03-15', null, null], // a condition: no date
  ])('secrecyUntil(%s, %j) = %s', (markedOn, p, until) => {
    expect(secrecyUntil(markedOn, p)).toBe(until);
  });

  it.each<[string | null, string, boolean]>([
    [null, '2999-01-01', false], // a condition never expires by the clock
    ['2025-06-01', '2025-05-31', false],
    ['2025-06-01', '2025-06-01', true], // due on the until-date itself
    ['2025-06-01', '2025-06-02', true],
    ['2026-01-01', '2025-12-31', false],
    ['2025-12-31', '2026-01-01', true],
  ])('isExpired(%s, today %s) = %s', (until, today, expired) => {
    expect(isExpired(until, today)).toBe(expired);
  });

  it.each<[SecrecyPeriod, number]>([
    [months(1), 1],
    [months(11), 11],
    [years(1), 12],
    [years(10), 120],
    [years(30), 360],
  ])('periodMonths(%j) = %i', (p, n) => {
    expect(periodMonths(p)).toBe(n);
  });
});

describe('marking', () => {
  it.each<[Level, SecrecyTerm, Lang, string]>([
    ['secret', period(years(10)), 'zh', '机密★10年'],
    ['confidential', period(months(6)), 'zh', '秘密★6个月'],
    ['top_secret', period(years(30)), 'zh', '绝密★30年'],
    ['confidential', period(years(1)), 'zh', '秘密★1年'],
    ['secret', period(months(1)), 'zh', '机密★1个月'],
    ['core_commercial', period(years(5)), 'zh', '核心商密★5年'],
    ['ordinary_commercial', period(months(3)), 'zh', '普通商密★3个月'],
    ['secret', cond('项目验收后解密'), 'zh', '机密★项目验收后解密'],
    ['top_secret', cond('  产品上市后  '), 'zh', '绝密★产品上市后'],
    ['internal', NONE, 'zh', '内部'],
    ['public', NONE, 'zh', '公开'],
    ['secret', period(years(10)), 'en', 'Secret★10 years'],
    ['secret', period(years(1)), 'en', 'Secret★1 year'],
    ['confidential', period(months(1)), 'en', 'Confidential★1 month'],
    ['confidential', period(months(6)), 'en', 'Confidential★6 months'],
    ['top_secret', cond('until the launch'), 'en', 'Top secret★until the launch'],
    ['internal', NONE, 'en', 'Internal'],
    ['public', NONE, 'en', 'Public'],
  ])('[CAR-01] marking(%s, %j, %s) = %s', (level, term, lang, text) => {
    expect(marking(level, term, lang)).toBe(text);
  });

  it('defaults to Chinese', () => {
    expect(marking('secret', period(years(10)))).toBe('机密★10年');
  });
});
