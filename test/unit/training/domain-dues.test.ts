import { describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../../src/kernel/training.js';
import type { TrainingPersonFacts } from '../../../src/modules/training/domain/audiences.js';
import {
  digestOf,
  dueOf,
  duesOf,
  isOpen,
  meets,
  validityOf,
  type AssignmentFacts,
  type CompletionFacts,
  type CourseFacts,
  type TrainingDue,
} from '../../../src/modules/training/domain/dues.js';

/**
 * What training is due to whom, by when, and where each person stands (src/modules/training/domain/dues.ts): onboarding
 * by the start date plus the offset, never before the grace after publication; refreshers first after the grace, then
 * when the validity ends; electives only when assigned; follow-up tasks; completed, expiring, due, overdue; the
 * qualifications answer; the daily digest. Dates are the organisation's calendar days.
 */
const S: TrainingSettings = { onboardingOffsetDays: 0, refresherMonths: 12, newCourseGraceDays: 30, reminderDays: 7 };

const person = (p: Partial<TrainingPersonFacts> = {}): TrainingPersonFacts => ({
  id: 'p',
  departmentPath: ['d-team', 'd-root'],
  post: null,
  clearanceClass: null,
  computerUser: false,
  startOn: '2026-03-01',
  ...p,
});
const course = (c: Partial<CourseFacts> = {}): CourseFacts => ({
  id: 'c',
  kind: 'onboarding',
  status: 'published',
  audience: [{ kind: 'all' }],
  validityMonths: null,
  publishedOn: '2026-01-01',
  ...c,
});
const done = (completedOn: string, courseId = 'c', id = `x-${completedOn}`): CompletionFacts => ({
  id,
  courseId,
  completedOn,
});
const task = (a: Partial<AssignmentFacts> = {}): AssignmentFacts => ({
  id: 'a1',
  courseId: 'c',
  dueOn: '2026-07-01',
  assignedOn: '2026-06-01',
  cancelled: false,
  ...a,
});

type Row = [
  string,
  Partial<TrainingPersonFacts>,
  Partial<CourseFacts>,
  CompletionFacts[],
  AssignmentFacts[],
  string,
  Pick<TrainingDue, 'state' | 'dueOn'> | null,
];

describe('onboarding [TRN-01]', () => {
  it.each<Row>([
    [
      'a new hire who starts after the grace: due on the start date',
      { startOn: '2026-06-01' },
      {},
      [],
      [],
      '2026-05-20',
      { state: 'due', dueOn: '2026-06-01' },
    ],
    [
      'on the start date itself: still due',
      { startOn: '2026-06-01' },
      {},
      [],
      [],
      '2026-06-01',
      { state: 'due', dueOn: '2026-06-01' },
    ],
    [
      'the day after the start date: overdue',
      { startOn: '2026-06-01' },
      {},
      [],
      [],
      '2026-06-02',
      { state: 'overdue', dueOn: '2026-06-01' },
    ],
    [
      'staff who joined before the course: the grace after publication',
      { startOn: '2020-01-01' },
      {},
      [],
      [],
      '2026-01-15',
      { state: 'due', dueOn: '2026-01-31' },
    ],
    [
      '... and overdue after it',
      { startOn: '2020-01-01' },
      {},
      [],
      [],
      '2026-02-01',
      { state: 'overdue', dueOn: '2026-01-31' },
    ],
    [
      'completed: once, for good',
      { startOn: '2026-06-01' },
      {},
      [done('2026-05-28')],
      [],
      '2030-01-01',
      { state: 'completed', dueOn: null },
    ],
    ['a draft course is due to nobody', { startOn: '2026-06-01' }, { status: 'draft' }, [], [], '2026-06-10', null],
    ['a retired course is due to nobody', { startOn: '2026-06-01' }, { status: 'retired' }, [], [], '2026-06-10', null],
    [
      'outside the audience: not due',
      {},
      { audience: [{ kind: 'department', departmentId: 'd-other' }] },
      [],
      [],
      '2026-06-10',
      null,
    ],
    ['an empty audience: not due', {}, { audience: [] }, [], [], '2026-06-10', null],
  ])('%s', (_name, p, c, completions, tasks, today, expected) => {
    const d = dueOf(person(p), course(c), completions, tasks, S, today);
    expect(d && { state: d.state, dueOn: d.dueOn }).toEqual(expected);
  });

  it.each<[number, string, string]>([
    [-7, '2026-06-01', '2026-05-25'],
    [0, '2026-06-01', '2026-06-01'],
    [14, '2026-06-01', '2026-06-15'],
  ])('the onboarding offset %i days, start %s: due %s', (offset, startOn, dueOn) => {
    const d = dueOf(person({ startOn }), course(), [], [], { ...S, onboardingOffsetDays: offset }, '2026-05-01');
    expect(d?.dueOn).toBe(dueOn);
  });
});

describe('refreshers [TRN-02][TRN-10]', () => {
  const refresher: Partial<CourseFacts> = { kind: 'refresher', audience: [{ kind: 'computer_users' }] };
  const user = { computerUser: true };
  it.each<Row>([
    [
      'never taken: due after the grace from the later of start and publication',
      user,
      refresher,
      [],
      [],
      '2026-03-20',
      { state: 'due', dueOn: '2026-03-31' },
    ],
    [
      'never taken, past the grace: overdue',
      user,
      refresher,
      [],
      [],
      '2026-04-01',
      { state: 'overdue', dueOn: '2026-03-31' },
    ],
    ['not a computer user: not due', {}, refresher, [], [], '2026-04-01', null],
    [
      'completed: valid for the interval (12 months)',
      user,
      refresher,
      [done('2026-03-10')],
      [],
      '2026-09-01',
      { state: 'completed', dueOn: '2027-03-10' },
    ],
    [
      'within the reminder window: expiring',
      user,
      refresher,
      [done('2026-03-10')],
      [],
      '2027-03-03',
      { state: 'expiring', dueOn: '2027-03-10' },
    ],
    [
      'the day before the window: completed',
      user,
      refresher,
      [done('2026-03-10')],
      [],
      '2027-03-02',
      { state: 'completed', dueOn: '2027-03-10' },
    ],
    [
      'on the day the validity ends: due again',
      user,
      refresher,
      [done('2026-03-10')],
      [],
      '2027-03-10',
      { state: 'due', dueOn: '2027-03-10' },
    ],
    [
      'after it: overdue',
      user,
      refresher,
      [done('2026-03-10')],
      [],
      '2027-03-11',
      { state: 'overdue', dueOn: '2027-03-10' },
    ],
    [
      'the last completion counts',
      user,
      refresher,
      [done('2026-03-10'), done('2027-03-01')],
      [],
      '2027-03-11',
      { state: 'completed', dueOn: '2028-03-01' },
    ],
    [
      'the course sets its own validity (6 months)',
      user,
      { ...refresher, validityMonths: 6 },
      [done('2026-03-10')],
      [],
      '2026-09-10',
      { state: 'due', dueOn: '2026-09-10' },
    ],
    [
      'left the audience with a valid completion: shown completed',
      {},
      refresher,
      [done('2026-03-10')],
      [],
      '2026-09-01',
      { state: 'completed', dueOn: '2027-03-10' },
    ],
    ['left the audience, the completion lapsed: nothing', {}, refresher, [done('2026-03-10')], [], '2027-06-01', null],
  ])('%s', (_name, p, c, completions, tasks, today, expected) => {
    const d = dueOf(person(p), course(c), completions, tasks, S, today);
    expect(d && { state: d.state, dueOn: d.dueOn }).toEqual(expected);
  });

  it.each<[string, Partial<CourseFacts>, number | null]>([
    ['a refresher without its own validity: the setting', { kind: 'refresher' }, 12],
    ['a refresher with its own', { kind: 'refresher', validityMonths: 24 }, 24],
    ['onboarding: once', { kind: 'onboarding' }, null],
    ['onboarding with a validity', { kind: 'onboarding', validityMonths: 36 }, 36],
    ['an elective: once', { kind: 'elective' }, null],
  ])('validity: %s', (_name, c, expected) => {
    expect(validityOf(course(c), S)).toBe(expected);
  });
});

describe('electives and follow-up tasks [TRN-13]', () => {
  const elective: Partial<CourseFacts> = { kind: 'elective' };
  it.each<Row>([
    ['an elective is due to nobody of its audience', {}, elective, [], [], '2026-06-10', null],
    [
      'an elective taken shows completed',
      {},
      elective,
      [done('2026-05-01')],
      [],
      '2026-06-10',
      { state: 'completed', dueOn: null },
    ],
    ['assigned: due by the task date', {}, elective, [], [task()], '2026-06-10', { state: 'due', dueOn: '2026-07-01' }],
    [
      'assigned, past the date: overdue',
      {},
      elective,
      [],
      [task()],
      '2026-07-02',
      { state: 'overdue', dueOn: '2026-07-01' },
    ],
    [
      'assigned, completed on the day of the task: met',
      {},
      elective,
      [done('2026-06-01')],
      [task()],
      '2026-07-02',
      { state: 'completed', dueOn: null },
    ],
    [
      'assigned, an earlier completion does not meet it',
      {},
      elective,
      [done('2026-05-01')],
      [task()],
      '2026-06-10',
      { state: 'due', dueOn: '2026-07-01' },
    ],
    ['a cancelled task asks nothing', {}, elective, [], [task({ cancelled: true })], '2026-07-02', null],
    [
      'two open tasks: the earlier date',
      {},
      elective,
      [],
      [task({ id: 'a2', dueOn: '2026-08-01' }), task()],
      '2026-06-10',
      { state: 'due', dueOn: '2026-07-01' },
    ],
    [
      'a task overrides a valid onboarding completion',
      { startOn: '2020-01-01' },
      {},
      [done('2026-01-10')],
      [task()],
      '2026-06-10',
      { state: 'due', dueOn: '2026-07-01' },
    ],
    ['a task on a draft course asks nothing', {}, { status: 'draft' }, [], [task()], '2026-06-10', null],
  ])('%s', (_name, p, c, completions, tasks, today, expected) => {
    const d = dueOf(person(p), course(c), completions, tasks, S, today);
    expect(d && { state: d.state, dueOn: d.dueOn }).toEqual(expected);
  });

  it('names the task a due comes from', () => {
    expect(dueOf(person(), course(elective), [], [task()], S, '2026-06-10')?.assignmentId).toBe('a1');
    expect(dueOf(person(), course(), [], [], S, '2026-06-10')?.assignmentId).toBeNull();
  });
});

describe('every course of a person', () => {
  it('lists the courses due or completed, in course order, and which are still open', () => {
    const courses = [
      course({ id: 'on' }),
      course({ id: 'it', kind: 'refresher', audience: [{ kind: 'computer_users' }] }),
      course({ id: 'el', kind: 'elective' }),
      course({ id: 'dr', status: 'draft' }),
    ];
    const dues = duesOf(person({ computerUser: true }), courses, [done('2026-03-05', 'on')], [], S, '2026-06-10');
    expect(dues.map((d) => [d.courseId, d.state])).toEqual([
      ['on', 'completed'],
      ['it', 'overdue'],
    ]);
    expect(dues.filter(isOpen).map((d) => d.courseId)).toEqual(['it']);
  });
});

describe('qualifications: has the person met the requirement [PER-03]', () => {
  const courses = [
    course({ id: 'on1' }),
    course({ id: 'on2', audience: [{ kind: 'clearance', classes: ['core'] }] }),
    course({ id: 'ref', kind: 'refresher' }),
    course({ id: 'old', status: 'retired' }),
  ];
  it.each<[string, Parameters<typeof meets>[0], Partial<TrainingPersonFacts>, CompletionFacts[], string, boolean]>([
    [
      'onboarding: the one due course done',
      { kind: 'onboarding' },
      {},
      [done('2026-03-01', 'on1')],
      '2026-06-10',
      true,
    ],
    ['onboarding: not done', { kind: 'onboarding' }, {}, [], '2026-06-10', false],
    [
      'onboarding: a cleared person has a second one to do',
      { kind: 'onboarding' },
      { clearanceClass: 'core' },
      [done('2026-03-01', 'on1')],
      '2026-06-10',
      false,
    ],
    [
      'onboarding: both done',
      { kind: 'onboarding' },
      { clearanceClass: 'core' },
      [done('2026-03-01', 'on1'), done('2026-03-02', 'on2')],
      '2026-06-10',
      true,
    ],
    [
      'a course within its validity',
      { kind: 'course', courseId: 'ref' },
      {},
      [done('2026-03-01', 'ref')],
      '2027-02-28',
      true,
    ],
    [
      'a course past its validity',
      { kind: 'course', courseId: 'ref' },
      {},
      [done('2026-03-01', 'ref')],
      '2027-03-01',
      false,
    ],
    ['a course never done', { kind: 'course', courseId: 'ref' }, {}, [], '2026-06-10', false],
    [
      'a retired course done still counts',
      { kind: 'course', courseId: 'old' },
      {},
      [done('2026-03-01', 'old')],
      '2026-06-10',
      true,
    ],
    [
      'an unknown course is never met',
      { kind: 'course', courseId: 'nope' },
      {},
      [done('2026-03-01', 'nope')],
      '2026-06-10',
      false,
    ],
  ])('%s', (_name, requirement, p, completions, today, expected) => {
    expect(meets(requirement, person(p), courses, completions, S, today)).toBe(expected);
  });

  it('onboarding with nothing due is met', () => {
    expect(meets({ kind: 'onboarding' }, person(), [], [], S, '2026-06-10')).toBe(true);
  });
});

describe('the daily digest [TRN-01][TRN-02]', () => {
  const due = (state: TrainingDue['state'], dueOn: string | null): TrainingDue => ({
    courseId: 'c',
    kind: 'refresher',
    state,
    dueOn,
    expiresOn: null,
    lastCompletedOn: null,
    assignmentId: null,
  });
  it.each<[string, TrainingDue[], ReturnType<typeof digestOf>]>([
    ['nothing due: no digest', [], null],
    ['completed only: no digest', [due('completed', null)], null],
    ['due beyond the window: no digest', [due('due', '2026-06-18')], null],
    ['due on the last day of the window', [due('due', '2026-06-17')], { dueSoon: 1, overdue: 0, expiring: 0 }],
    [
      'overdue and expiring',
      [due('overdue', '2026-06-01'), due('expiring', '2026-06-12')],
      { dueSoon: 0, overdue: 1, expiring: 1 },
    ],
  ])('%s', (_name, dues, expected) => {
    expect(digestOf(dues, '2026-06-10', 7)).toEqual(expected);
  });
});
