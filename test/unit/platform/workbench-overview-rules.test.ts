/** The overview cards' pure rules: calendar days in the organisation's zone as instants, and each card's urgency. */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageInDays,
  backupSeverity,
  chainSeverity,
  dayStart,
  jobsSeverity,
  lastDays,
} from '../../../src/platform/workbench/overview-rules.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const daysAgo = (d: number, extraMs = 0) => new Date(NOW.getTime() - d * 86_400_000 - extraMs).toISOString();

describe('days in the organisation’s time zone', () => {
  it.each([
    ['2026-12-06', 'Asia/Shanghai', '2026-12-05T16:00:00.000Z'],
    ['2026-12-06', 'UTC', '2026-12-06T00:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'], // the night the clocks go forward
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'], // the day the clocks go back
    ['2026-10-26', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['2027-01-01', 'Asia/Kolkata', '2026-12-31T18:30:00.000Z'],
  ])('%s begins in %s at %s', (date, zone, instant) => {
    expect(dayStart(date, zone)).toBe(instant);
  });

  it.each([
    ['2026-12-06', -29, '2026-11-07'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s plus %i days is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('the last 30 days end today, oldest first, each from its first instant to its last millisecond', () => {
    const days = lastDays('2026-12-06', 30, 'Asia/Shanghai');
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2026-11-07', from: '2026-11-06T16:00:00.000Z', to: '2026-11-07T15:59:59.999Z' });
    expect(days[29]).toEqual({ day: '2026-12-06', from: '2026-12-05T16:00:00.000Z', to: '2026-12-06T15:59:59.999Z' });
    // Consecutive days meet without a gap or an overlap.
    for (let i = 1; i < days.length; i++)
      expect(new Date(days[i]!.from).getTime() - new Date(days[i - 1]!.to).getTime()).toBe(1);
  });

  it('a day the clocks change is 23 or 25 hours long', () => {
    const [spring] = lastDays('2026-03-08', 1, 'America/New_York');
    const hours = (d: { from: string; to: string }) => (Date.parse(d.to) + 1 - Date.parse(d.from)) / 3_600_000;
    expect(hours(spring!)).toBe(23);
    expect(hours(lastDays('2026-11-01', 1, 'America/New_York')[0]!)).toBe(25);
  });

  it('refuses what is not a date', () => {
    expect(() => dayStart('6.12.2026', 'UTC')).toThrow(/not a date/);
  });
});

describe('card severity', () => {
  it.each([
    [null, 'danger'],
    [daysAgo(0), 'normal'],
    [daysAgo(7), 'normal'],
    [daysAgo(7, 1), 'danger'],
    [daysAgo(30), 'danger'],
  ] as const)('a last good backup at %s is %s', (at, severity) => {
    expect(backupSeverity(at, NOW)).toBe(severity);
  });

  it.each([
    [null, null],
    [daysAgo(0), 0],
    [daysAgo(1, -1), 0],
    [daysAgo(3), 3],
    [new Date(NOW.getTime() + 60_000).toISOString(), 0],
  ] as const)('the age of %s is %s days', (at, age) => {
    expect(ageInDays(at, NOW)).toBe(age);
  });

  it.each([
    [[], 'normal'],
    [['ok', 'ok'], 'normal'],
    [['ok', 'failed'], 'danger'],
  ] as const)('jobs whose last runs were %j are %s', (outcomes, severity) => {
    expect(jobsSeverity(outcomes)).toBe(severity);
  });

  it.each([
    [null, 'warning'],
    [{ at: daysAgo(1), ok: true }, 'normal'],
    [{ at: daysAgo(8), ok: true }, 'warning'],
    [{ at: daysAgo(0), ok: false }, 'danger'],
  ] as const)('a last verification %j is %s', (last, severity) => {
    expect(chainSeverity(last, NOW)).toBe(severity);
  });
});
