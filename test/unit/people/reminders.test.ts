import { describe, expect, it } from 'vitest';
import type { ObligationState } from '../../../src/kernel/agreements.js';
import {
  daysBetween,
  digestKey,
  digestOf,
  digestReasonOf,
  DUE_SOON_DAYS,
  expiryRemindsToday,
  type DigestObligation,
  type DigestReason,
} from '../../../src/modules/people/domain/reminders.js';

/**
 * The daily agreements reminder (domain/reminders.ts): which obligations a digest lists, which days an expiring
 * agreement alone sends one, the order of a digest, and one key per person per day. Each row states the result.
 */
const TODAY = '2026-03-10';
const WINDOW = 30;

function ob(state: ObligationState, dueOn: string | null, expiresOn: string | null = null, id = 't'): DigestObligation {
  return { templateId: id, kind: 'nda', versionNo: 1, state, dueOn, expiresOn };
}

describe('agreement reminders', () => {
  it('uses a three-day due-soon window', () => expect(DUE_SOON_DAYS).toBe(3));

  it.each<[string, string, number]>([
    ['2026-03-10', '2026-03-10', 0],
    ['2026-03-10', '2026-03-13', 3],
    ['2026-03-10', '2026-03-01', -9],
    ['2026-02-27', '2026-03-01', 2],
    ['2028-02-28', '2028-03-01', 2],
  ])('[PER-01] from %s to %s is %i days', (from, to, days) => expect(daysBetween(from, to)).toBe(days));

  it.each<[string, DigestObligation, DigestReason | null]>([
    ['signed', ob('signed', null), null],
    ['due in 4 days', ob('due', '2026-03-14'), null],
    ['due in 3 days', ob('due', '2026-03-13'), 'due_soon'],
    ['due today', ob('due', '2026-03-10'), 'due_soon'],
    ['re-sign due in 2 days', ob('resign_due', '2026-03-12'), 'due_soon'],
    ['re-sign due in 10 days', ob('resign_due', '2026-03-20'), null],
    ['overdue', ob('overdue', '2026-03-01'), 'overdue'],
    ['re-sign overdue', ob('resign_overdue', '2026-03-09'), 'overdue'],
    ['expiring', ob('expiring', '2026-04-01', '2026-04-01'), 'expiring'],
  ])('[PER-01] %s: %s', (_label, o, reason) => expect(digestReasonOf(o, TODAY)).toBe(reason));

  it.each<[string, boolean]>([
    ['2026-04-09', true], // the first day of the 30-day window
    ['2026-04-10', false], // outside the window
    ['2026-04-08', false], // 29 days
    ['2026-04-07', true], // 28 days: four weeks
    ['2026-03-31', true], // 21 days
    ['2026-03-30', false], // 20 days
    ['2026-03-17', true], // 7 days
    ['2026-03-14', false], // 4 days
    ['2026-03-13', true], // 3 days
    ['2026-03-11', true], // tomorrow
    ['2026-03-10', true], // today
    ['2026-03-09', false], // already ended
  ])('[PER-02] an agreement expiring on %s reminds on its own today: %s', (expiresOn, yes) =>
    expect(expiryRemindsToday(expiresOn, TODAY, WINDOW)).toBe(yes),
  );

  it.each<[string, DigestObligation[], { dueSoon: number; overdue: number; expiring: number } | null]>([
    ['nothing to sign', [ob('signed', null)], null],
    ['no obligations', [], null],
    ['due later only', [ob('due', '2026-03-20')], null],
    ['due soon', [ob('due', '2026-03-12')], { dueSoon: 1, overdue: 0, expiring: 0 }],
    ['overdue', [ob('overdue', '2026-03-01'), ob('signed', null)], { dueSoon: 0, overdue: 1, expiring: 0 }],
    ['expiring, not a reminder day', [ob('expiring', '2026-03-30', '2026-03-30')], null],
    ['expiring, a reminder day', [ob('expiring', '2026-03-17', '2026-03-17')], { dueSoon: 0, overdue: 0, expiring: 1 }],
    [
      'expiring listed beside an overdue one',
      [ob('expiring', '2026-03-30', '2026-03-30', 'a'), ob('resign_overdue', '2026-03-01', null, 'b')],
      { dueSoon: 0, overdue: 1, expiring: 1 },
    ],
    [
      'all three',
      [
        ob('due', '2026-03-11', null, 'a'),
        ob('overdue', '2026-02-01', null, 'b'),
        ob('expiring', '2026-03-12', '2026-03-12', 'c'),
      ],
      { dueSoon: 1, overdue: 1, expiring: 1 },
    ],
  ])('[PER-01][PER-02] digest: %s', (_label, obligations, counts) => {
    const d = digestOf(obligations, TODAY, WINDOW);
    expect(d && { dueSoon: d.dueSoon, overdue: d.overdue, expiring: d.expiring }).toEqual(counts);
  });

  it('orders a digest overdue first, then due soon, then expiring, earlier dates first', () => {
    const d = digestOf(
      [
        ob('expiring', '2026-03-12', '2026-03-12', 'e'),
        ob('due', '2026-03-13', null, 'd2'),
        ob('overdue', '2026-03-05', null, 'o2'),
        ob('due', '2026-03-11', null, 'd1'),
        ob('resign_overdue', '2026-02-20', null, 'o1'),
      ],
      TODAY,
      WINDOW,
    )!;
    expect(d.entries.map((e) => [e.obligation.templateId, e.reason, e.days])).toEqual([
      ['o1', 'overdue', -18],
      ['o2', 'overdue', -5],
      ['d1', 'due_soon', 1],
      ['d2', 'due_soon', 3],
      ['e', 'expiring', 2],
    ]);
  });

  it.each<[string, string, string, boolean]>([
    ['u1', TODAY, 'u1', true],
    ['u1', '2026-03-11', 'u1', false],
    ['u2', TODAY, 'u1', false],
  ])('one digest key per person per day: %s on %s vs %s today', (user, day, other, same) =>
    expect(digestKey(user, day) === digestKey(other, TODAY)).toBe(same),
  );
});
