/**
 * Coverage (TRN-03) and the report's pure parts, table-driven: a person's standing is their worst due; groups count
 * people, those with training due and each standing, with the completion rate; the export's lines per due; the
 * awareness job's next day (a missed day goes once, then by the interval).
 */
import { describe, expect, it } from 'vitest';
import type { TrainingState } from '../../../src/kernel/training.js';
import { coverageOf, standingOf, type CoveragePerson } from '../../../src/modules/training/domain/coverage.js';
import { nextAfter } from '../../../src/modules/training/services/awareness-job.js';
import { exportLines } from '../../../src/modules/training/services/report-export.js';
import { reportTexts } from '../../../src/modules/training/services/report-texts.js';
import { keptDues, listed, nameMatches } from '../../../src/modules/training/services/report-service.js';
import type { ReportRow } from '../../../src/modules/training/contracts/reports.js';
import type { TrainingDue } from '../../../src/modules/training/domain/dues.js';

describe('standingOf', () => {
  it.each<[TrainingState[], string]>([
    [[], 'none'],
    [['completed'], 'completed'],
    [['expiring'], 'completed'],
    [['completed', 'expiring'], 'completed'],
    [['completed', 'due'], 'due'],
    [['due', 'expiring'], 'due'],
    [['due', 'overdue'], 'overdue'],
    [['completed', 'overdue'], 'overdue'],
  ])('%j -> %s', (states, standing) => {
    expect(standingOf(states)).toBe(standing);
  });
});

describe('[TRN-03] coverageOf', () => {
  const p = (key: string | null, ...states: TrainingState[]): CoveragePerson => ({ key, label: key, states });
  it.each<[string, CoveragePerson[], Record<string, number[]>, number[]]>([
    ['nobody', [], {}, [0, 0, 0, 0, 0]],
    [
      'one group, each standing',
      [p('甲', 'completed'), p('甲', 'due'), p('甲', 'overdue', 'completed'), p('甲')],
      { 甲: [4, 3, 1, 1, 1] },
      [4, 3, 1, 1, 1],
    ],
    [
      'groups by key, the group of none last',
      [p(null, 'overdue'), p('乙', 'expiring'), p('甲', 'due')],
      { 甲: [1, 1, 0, 1, 0], 乙: [1, 1, 1, 0, 0], '-': [1, 1, 0, 0, 1] },
      [3, 3, 1, 1, 1],
    ],
  ])('%s', (_case, people, groups, total) => {
    const r = coverageOf(people);
    const counts = (c: { people: number; inAudience: number; completed: number; due: number; overdue: number }) => [
      c.people,
      c.inAudience,
      c.completed,
      c.due,
      c.overdue,
    ];
    expect(Object.fromEntries(r.groups.map((g) => [g.key ?? '-', counts(g)]))).toEqual(groups);
    expect(counts(r.total)).toEqual(total);
    if (people.length) expect(r.groups.at(-1)!.key === null).toBe(people.some((x) => x.key === null));
  });

  it.each<[number, number, number | null]>([
    [0, 0, null],
    [1, 1, 1],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [0, 5, 0],
  ])('rate of %i completed of %i: %s', (completed, inAudience, rate) => {
    const people = [
      ...Array.from({ length: completed }, () => p('g', 'completed')),
      ...Array.from({ length: inAudience - completed }, () => p('g', 'due')),
    ];
    expect(coverageOf(people).total.rate).toBe(rate);
  });
});

describe('the report filters', () => {
  const due = (courseId: string, state: TrainingState): TrainingDue => ({
    courseId,
    kind: 'refresher',
    state,
    dueOn: '2026-12-01',
    expiresOn: null,
    lastCompletedOn: null,
    assignmentId: null,
  });
  const dues = [due('a', 'overdue'), due('b', 'completed')];
  it.each<[object, string[], boolean]>([
    [{}, ['a', 'b'], true],
    [{ state: 'overdue' }, ['a'], true],
    [{ courseId: 'b' }, ['b'], true],
    [{ courseId: 'b', state: 'overdue' }, [], false],
    [{ state: 'due' }, [], false],
  ])('%j keeps %j, lists the person: %s', (filter, kept, isListed) => {
    expect(keptDues(dues, filter).map((d) => d.courseId)).toEqual(kept);
    expect(listed(dues, filter)).toBe(isListed);
  });
  it('a person with nothing due is listed without a course or state filter', () => {
    expect(listed([], {})).toBe(true);
    expect(listed([], { state: 'due' })).toBe(false);
  });
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['', true],
    ['ENG', true],
    ['同志', true],
    ['clerk', false],
  ])('name filter %j: %s', (q, ok) => {
    expect(nameMatches({ username: 'engineer.a', displayName: 'engineer.a 同志' }, q)).toBe(ok);
  });
});

describe('export lines', () => {
  const row = (dues: ReportRow['dues']): ReportRow => ({
    userId: 'u',
    username: 'zhang',
    displayName: '张三',
    departmentId: 'd',
    departmentName: '研发部',
    post: '工程师',
    status: 'active',
    dues,
  });
  const d = (state: TrainingState, assignmentId: string | null = null): ReportRow['dues'][number] => ({
    courseId: 'c',
    title: '入职培训',
    kind: 'onboarding',
    state,
    dueOn: '2026-12-01',
    expiresOn: state === 'completed' ? '2027-12-01' : null,
    lastCompletedOn: state === 'completed' ? '2026-12-01' : null,
    assignmentId,
  });
  it.each<[string, ReportRow, unknown[][]]>([
    ['nothing due', row([]), [['研发部', '张三', 'zhang', '工程师', null, null, '无培训任务', null, null, null, null]]],
    [
      'overdue, a follow-up task',
      row([d('overdue', 'x')]),
      [['研发部', '张三', 'zhang', '工程师', '入职培训', '入职培训', '已逾期', '2026-12-01', null, null, '是']],
    ],
    [
      'completed: no due date, the validity',
      row([d('completed')]),
      [['研发部', '张三', 'zhang', '工程师', '入职培训', '入职培训', '已完成', null, '2026-12-01', '2027-12-01', null]],
    ],
  ])('%s', (_case, r, lines) => {
    expect(exportLines(r, reportTexts('zh-CN'))).toEqual(lines);
  });
  it('English texts', () => {
    expect(exportLines(row([d('due')]), reportTexts('en-US'))[0]!.slice(4, 7)).toEqual([
      '入职培训',
      'Onboarding',
      'Due',
    ]);
  });
});

describe('[TRN-06] the awareness job’s next day', () => {
  it.each<[string, number, string, string]>([
    ['2026-12-01', 7, '2026-12-01', '2026-12-08'],
    ['2026-12-01', 7, '2026-12-05', '2026-12-08'],
    ['2026-12-01', 7, '2026-12-08', '2026-12-15'],
    ['2026-12-01', 1, '2026-12-03', '2026-12-04'],
    ['2026-12-01', 30, '2027-02-15', '2027-03-01'],
    ['2026-12-10', 7, '2026-12-01', '2026-12-10'],
  ])('from %s every %i days, on %s: %s', (from, interval, today, next) => {
    expect(nextAfter(from, interval, today)).toBe(next);
  });
});
