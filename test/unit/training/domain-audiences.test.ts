import { describe, expect, it } from 'vitest';
import type { AudienceRule } from '../../../src/kernel/training.js';
import {
  addDays,
  audienceProblem,
  inAudience,
  ruleMatches,
  startOnOf,
  type TrainingPersonFacts,
} from '../../../src/modules/training/domain/audiences.js';

/**
 * Who belongs to an audience (src/modules/training/domain/audiences.ts), rule by rule: all staff, a department with
 * its sub-departments, a post, cleared classes, computer users, new hires (counted from the start date in the
 * organisation's calendar); a union of rules; what is wrong with an audience as written. Departments: d-team under
 * d-div under d-root; d-other under d-root.
 */
const TODAY = '2026-06-15';
const person = (p: Partial<TrainingPersonFacts> = {}): TrainingPersonFacts => ({
  id: 'p',
  departmentPath: ['d-team', 'd-div', 'd-root'],
  post: '工程师',
  clearanceClass: null,
  computerUser: false,
  startOn: '2020-03-01',
  ...p,
});

describe('audience rules [TRN-01][TRN-02][TRN-10]', () => {
  it.each<[string, AudienceRule, Partial<TrainingPersonFacts>, boolean]>([
    ['all staff takes in anyone', { kind: 'all' }, {}, true],
    ['all staff takes in people without a department', { kind: 'all' }, { departmentPath: [] }, true],
    ['a department takes in its own people', { kind: 'department', departmentId: 'd-team' }, {}, true],
    ['a department takes in its sub-departments', { kind: 'department', departmentId: 'd-div' }, {}, true],
    ['the root takes in everyone under it', { kind: 'department', departmentId: 'd-root' }, {}, true],
    ['another department does not', { kind: 'department', departmentId: 'd-other' }, {}, false],
    [
      'a department does not take in people without one',
      { kind: 'department', departmentId: 'd-team' },
      { departmentPath: [] },
      false,
    ],
    ['a post takes in people of that post', { kind: 'post', post: '工程师' }, {}, true],
    ['a post is matched exactly', { kind: 'post', post: '工程' }, {}, false],
    ['a post does not take in people without one', { kind: 'post', post: '工程师' }, { post: null }, false],
    [
      'a clearance class takes in cleared people of it',
      { kind: 'clearance', classes: ['core', 'important'] },
      { clearanceClass: 'important' },
      true,
    ],
    ['another class does not', { kind: 'clearance', classes: ['core'] }, { clearanceClass: 'general' }, false],
    [
      'uncleared people are never in a clearance rule',
      { kind: 'clearance', classes: ['core', 'important', 'general'] },
      {},
      false,
    ],
    ['computer users (TRN-10)', { kind: 'computer_users' }, { computerUser: true }, true],
    ['not a computer user', { kind: 'computer_users' }, {}, false],
    ['a new hire who started today', { kind: 'new_hires', withinDays: 30 }, { startOn: TODAY }, true],
    [
      'a new hire who starts next week (onboarding before entry)',
      { kind: 'new_hires', withinDays: 30 },
      { startOn: '2026-06-22' },
      true,
    ],
    [
      'started exactly 30 days ago: still new',
      { kind: 'new_hires', withinDays: 30 },
      { startOn: addDays(TODAY, -30) },
      true,
    ],
    [
      'started 31 days ago: no longer new',
      { kind: 'new_hires', withinDays: 30 },
      { startOn: addDays(TODAY, -31) },
      false,
    ],
  ])('%s', (_name, rule, p, expected) => {
    expect(ruleMatches(rule, person(p), TODAY)).toBe(expected);
    expect(inAudience([rule], person(p), TODAY)).toBe(expected);
  });

  it.each<[string, AudienceRule[], Partial<TrainingPersonFacts>, boolean]>([
    ['an empty audience is nobody', [], {}, false],
    [
      'a union: the second rule takes the person in',
      [{ kind: 'post', post: '会计' }, { kind: 'computer_users' }],
      { computerUser: true },
      true,
    ],
    ['a union: no rule takes the person in', [{ kind: 'post', post: '会计' }, { kind: 'computer_users' }], {}, false],
    [
      'department or clearance',
      [
        { kind: 'department', departmentId: 'd-other' },
        { kind: 'clearance', classes: ['core'] },
      ],
      { clearanceClass: 'core' },
      true,
    ],
  ])('%s', (_name, rules, p, expected) => {
    expect(inAudience(rules, person(p), TODAY)).toBe(expected);
  });
});

describe('an audience as written', () => {
  it.each<[string, AudienceRule[], ReturnType<typeof audienceProblem>]>([
    ['all staff', [{ kind: 'all' }], null],
    ['nobody yet', [], null],
    [
      'several different rules',
      [{ kind: 'post', post: '会计' }, { kind: 'post', post: '出纳' }, { kind: 'computer_users' }],
      null,
    ],
    ['the same rule twice', [{ kind: 'computer_users' }, { kind: 'computer_users' }], 'audience_duplicate_rule'],
    [
      'the same classes in another order',
      [
        { kind: 'clearance', classes: ['core', 'general'] },
        { kind: 'clearance', classes: ['general', 'core'] },
      ],
      'audience_duplicate_rule',
    ],
    [
      'the same department twice',
      [
        { kind: 'department', departmentId: 'd' },
        { kind: 'department', departmentId: 'd' },
      ],
      'audience_duplicate_rule',
    ],
    ['new hires within 0 days', [{ kind: 'new_hires', withinDays: 0 }], 'audience_days_out_of_range'],
    ['new hires within 3651 days', [{ kind: 'new_hires', withinDays: 3651 }], 'audience_days_out_of_range'],
    ['new hires within 1.5 days', [{ kind: 'new_hires', withinDays: 1.5 }], 'audience_days_out_of_range'],
    ['new hires within 3650 days', [{ kind: 'new_hires', withinDays: 3650 }], null],
    ['a clearance rule without classes', [{ kind: 'clearance', classes: [] }], 'audience_empty_classes'],
    ['a blank post', [{ kind: 'post', post: '  ' }], 'audience_blank_post'],
  ])('%s', (_name, rules, expected) => {
    expect(audienceProblem(rules)).toBe(expected);
  });
});

describe('the start date a record counts from', () => {
  it.each<[string | null, string, string]>([
    ['2026-03-01', '2026-05-01', '2026-03-01'],
    ['2026-09-01', '2026-05-01', '2026-09-01'],
    [null, '2026-05-01', '2026-05-01'],
    ['2026-02-30', '2026-05-01', '2026-05-01'],
  ])('recorded %s, account created %s: %s', (hiredOn, createdOn, expected) => {
    expect(startOnOf(hiredOn, createdOn)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-06-15', 0, '2026-06-15'],
  ])('%s plus %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
