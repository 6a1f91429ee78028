import { describe, expect, it } from 'vitest';
import type { TrainingPersonFacts } from '../../../src/modules/training/domain/audiences.js';
import {
  attendProblem,
  cancelProblem,
  closeProblem,
  editProblem,
  enrolProblem,
  invitationProblem,
  scheduleProblem,
  signUpProblem,
  timesProblem,
  withdrawProblem,
  type SessionCourseFacts,
  type SessionFacts,
  type SessionPersonFacts,
} from '../../../src/modules/training/domain/sessions.js';

/**
 * The rules of offline sessions (src/modules/training/domain/sessions.ts): who may sign up, be added, withdraw and
 * attend, and when a session may be scheduled, edited, cancelled or closed. The session runs 09:00-11:00 UTC on
 * 2026-06-15, for department d-a (under d-root); the course is published, offline, for post 工程师.
 */
const TODAY = '2026-06-10';
const BEFORE = '2026-06-10T08:00:00.000Z';
const START = '2026-06-15T09:00:00.000Z';
const END = '2026-06-15T11:00:00.000Z';
const session = (s: Partial<SessionFacts> = {}): SessionFacts => ({
  status: 'scheduled',
  startsAt: START,
  endsAt: END,
  capacity: 2,
  departmentId: null,
  enrolled: 0,
  ...s,
});
const course = (c: Partial<SessionCourseFacts> = {}): SessionCourseFacts => ({
  status: 'published',
  mode: 'offline',
  audience: [{ kind: 'post', post: '工程师' }],
  ...c,
});
const facts = (p: Partial<TrainingPersonFacts> = {}): TrainingPersonFacts => ({
  id: 'p',
  departmentPath: ['d-a', 'd-root'],
  post: '工程师',
  clearanceClass: null,
  computerUser: false,
  startOn: '2020-01-01',
  ...p,
});
const who = (p: Partial<SessionPersonFacts> = {}, f: Partial<TrainingPersonFacts> = {}): SessionPersonFacts => ({
  person: facts(f),
  active: true,
  assigned: false,
  enrolled: false,
  attended: false,
  ...p,
});

describe('who a session is for [TRN-02]', () => {
  it.each<[string, Partial<SessionFacts>, Partial<SessionPersonFacts>, Partial<TrainingPersonFacts>, string | null]>([
    ['the audience, open session', {}, {}, {}, null],
    ['outside the audience', {}, {}, { post: '会计' }, 'not_invited'],
    ['outside the audience but assigned the course', {}, { assigned: true }, { post: '会计' }, null],
    ['a department session, its own people', { departmentId: 'd-a' }, {}, {}, null],
    [
      'a department session, a sub-department',
      { departmentId: 'd-a' },
      {},
      { departmentPath: ['d-a1', 'd-a', 'd-root'] },
      null,
    ],
    [
      'a department session, someone outside',
      { departmentId: 'd-a' },
      {},
      { departmentPath: ['d-b', 'd-root'] },
      'person_not_in_department',
    ],
    [
      'a department session, no department',
      { departmentId: 'd-a' },
      {},
      { departmentPath: [] },
      'person_not_in_department',
    ],
    [
      'assigned but outside the department',
      { departmentId: 'd-a' },
      { assigned: true },
      { departmentPath: ['d-b'] },
      'person_not_in_department',
    ],
  ])('%s', (_, s, p, f, expected) => {
    expect(invitationProblem(course(), session(s), who(p, f), TODAY)).toBe(expected);
  });
});

describe('signing up [TRN-02][TRN-03]', () => {
  it.each<
    [
      string,
      Partial<SessionFacts>,
      Partial<SessionCourseFacts>,
      Partial<SessionPersonFacts>,
      Partial<TrainingPersonFacts>,
      string,
      string | null,
    ]
  >([
    ['a seat left, in the audience', {}, {}, {}, {}, BEFORE, null],
    ['the last seat', { enrolled: 1 }, {}, {}, {}, BEFORE, null],
    ['full', { enrolled: 2 }, {}, {}, {}, BEFORE, 'session_full'],
    ['not in the audience', {}, {}, {}, { post: '会计' }, BEFORE, 'not_invited'],
    ['assigned', {}, {}, { assigned: true }, { post: '会计' }, BEFORE, null],
    ['a department session, outside it', { departmentId: 'd-b' }, {}, {}, {}, BEFORE, 'person_not_in_department'],
    ['already on the list', {}, {}, { enrolled: true }, {}, BEFORE, 'already_signed_up'],
    ['started', {}, {}, {}, {}, START, 'session_started'],
    ['past', {}, {}, {}, {}, '2026-06-16T00:00:00.000Z', 'session_started'],
    ['cancelled', { status: 'cancelled' }, {}, {}, {}, BEFORE, 'session_closed'],
    ['held', { status: 'held' }, {}, {}, {}, BEFORE, 'session_closed'],
    ['the course retired', {}, { status: 'retired' }, {}, {}, BEFORE, 'course_not_published'],
    ['an inactive person', {}, {}, { active: false }, {}, BEFORE, 'person_inactive'],
    ['closed outranks full', { status: 'cancelled', enrolled: 2 }, {}, {}, {}, BEFORE, 'session_closed'],
  ])('%s', (_, s, c, p, f, now, expected) => {
    expect(signUpProblem(session(s), course(c), who(p, f), now, TODAY)).toBe(expected);
  });
});

describe('the organiser adding people', () => {
  it.each<
    [string, Partial<SessionFacts>, Partial<SessionPersonFacts>, Partial<TrainingPersonFacts>, string, string | null]
  >([
    ['before it starts', {}, {}, {}, BEFORE, null],
    ['after it started (a late addition)', {}, {}, {}, '2026-06-15T10:00:00.000Z', null],
    ['after it ended', {}, {}, {}, END, 'session_started'],
    ['full', { enrolled: 2 }, {}, {}, BEFORE, 'session_full'],
    ['not invited', {}, {}, { post: '会计' }, BEFORE, 'not_invited'],
    ['already on it', {}, { enrolled: true }, {}, BEFORE, 'already_signed_up'],
    ['closed', { status: 'held' }, {}, {}, BEFORE, 'session_closed'],
  ])('%s', (_, s, p, f, now, expected) => {
    expect(enrolProblem(session(s), course(), who(p, f), now, TODAY)).toBe(expected);
  });
});

describe('withdrawing', () => {
  it.each<[string, Partial<SessionFacts>, Partial<SessionPersonFacts>, string, boolean, string | null]>([
    ['oneself before it starts', {}, { enrolled: true }, BEFORE, false, null],
    ['oneself once it started', {}, { enrolled: true }, START, false, 'session_started'],
    ['by the organiser once it started', {}, { enrolled: true }, START, true, null],
    ['not on the list', {}, {}, BEFORE, false, 'not_signed_up'],
    ['attended', {}, { enrolled: true, attended: true }, START, true, 'already_attended'],
    ['cancelled', { status: 'cancelled' }, { enrolled: true }, BEFORE, false, 'session_closed'],
  ])('%s', (_, s, p, now, byOrganiser, expected) => {
    expect(withdrawProblem(session(s), who(p), now, byOrganiser)).toBe(expected);
  });
});

describe('attendance [TRN-03]', () => {
  const AT = '2026-06-15T09:05:00.000Z';
  it.each<
    [string, Partial<SessionFacts>, Partial<SessionPersonFacts>, Partial<TrainingPersonFacts>, string, string | null]
  >([
    ['on the list, at the start', {}, { enrolled: true }, {}, AT, null],
    ['on the list, an hour before', {}, { enrolled: true }, {}, '2026-06-15T08:00:00.000Z', null],
    [
      'on the list, earlier than an hour before',
      {},
      { enrolled: true },
      {},
      '2026-06-15T07:59:59.000Z',
      'session_too_early',
    ],
    ['on the list, after the end (not closed yet)', {}, { enrolled: true }, {}, '2026-06-15T12:00:00.000Z', null],
    ['on the list of a full session', { enrolled: 2 }, { enrolled: true }, {}, AT, null],
    ['a walk-in of the audience, a seat left', { enrolled: 1 }, {}, {}, AT, null],
    ['a walk-in of the audience, full', { enrolled: 2 }, {}, {}, AT, 'session_full'],
    ['a walk-in outside the audience', {}, {}, { post: '会计' }, AT, 'not_invited'],
    ['a walk-in outside the department', { departmentId: 'd-b' }, {}, {}, AT, 'person_not_in_department'],
    ['twice', {}, { enrolled: true, attended: true }, {}, AT, 'already_attended'],
    ['held (closed)', { status: 'held' }, { enrolled: true }, {}, AT, 'session_closed'],
    ['cancelled', { status: 'cancelled' }, { enrolled: true }, {}, AT, 'session_closed'],
    ['an inactive person', {}, { enrolled: true, active: false }, {}, AT, 'person_inactive'],
  ])('%s', (_, s, p, f, now, expected) => {
    expect(attendProblem(session(s), course(), who(p, f), now, TODAY)).toBe(expected);
  });
});

describe('scheduling and changing a session', () => {
  it.each<[string, Partial<SessionCourseFacts>, string, string, string | null]>([
    ['a published offline course, ahead', {}, START, END, null],
    ['a draft course', { status: 'draft' }, START, END, 'course_not_published'],
    ['a retired course', { status: 'retired' }, START, END, 'course_not_published'],
    ['an online course', { mode: 'online' }, START, END, 'course_not_offline'],
    ['a blended course (线上线下结合)', { mode: 'blended' }, START, END, null],
    ['ends when it starts', {}, START, START, 'session_times'],
    ['ends before it starts', {}, END, START, 'session_times'],
    ['longer than a day', {}, START, '2026-06-16T09:00:00.001Z', 'session_times'],
    ['starts in the past', {}, '2026-06-09T09:00:00.000Z', '2026-06-09T10:00:00.000Z', 'session_in_past'],
  ])('%s', (_, c, startsAt, endsAt, expected) => {
    expect(scheduleProblem(course(c), startsAt, endsAt, BEFORE)).toBe(expected);
  });

  it('times: a session of exactly a day is allowed', () => {
    expect(timesProblem(START, '2026-06-16T09:00:00.000Z', BEFORE)).toBeNull();
  });

  it.each<
    [string, Partial<SessionFacts>, { startsAt: string; endsAt: string; capacity: number }, string, string | null]
  >([
    [
      'the place only, after it started',
      {},
      { startsAt: START, endsAt: END, capacity: 2 },
      '2026-06-15T10:00:00.000Z',
      null,
    ],
    ['capacity down to the list', { enrolled: 2 }, { startsAt: START, endsAt: END, capacity: 2 }, BEFORE, null],
    [
      'capacity below the list',
      { enrolled: 2 },
      { startsAt: START, endsAt: END, capacity: 1 },
      BEFORE,
      'session_capacity_below_enrolled',
    ],
    [
      'moved later',
      {},
      { startsAt: '2026-06-16T09:00:00.000Z', endsAt: '2026-06-16T10:00:00.000Z', capacity: 2 },
      BEFORE,
      null,
    ],
    [
      'moved into the past',
      {},
      { startsAt: '2026-06-01T09:00:00.000Z', endsAt: '2026-06-01T10:00:00.000Z', capacity: 2 },
      BEFORE,
      'session_in_past',
    ],
    [
      'the end moved, the start kept (already begun)',
      {},
      { startsAt: START, endsAt: '2026-06-15T12:00:00.000Z', capacity: 2 },
      '2026-06-15T10:00:00.000Z',
      null,
    ],
    [
      'the end before the start',
      {},
      { startsAt: START, endsAt: '2026-06-15T08:00:00.000Z', capacity: 2 },
      BEFORE,
      'session_times',
    ],
    ['held', { status: 'held' }, { startsAt: START, endsAt: END, capacity: 2 }, BEFORE, 'session_closed'],
  ])('edit: %s', (_, s, next, now, expected) => {
    expect(editProblem(session(s), next, now)).toBe(expected);
  });

  it.each<[string, Partial<SessionFacts>, number, string | null]>([
    ['nobody attended', {}, 0, null],
    ['someone attended', {}, 1, 'session_has_attendance'],
    ['already cancelled', { status: 'cancelled' }, 0, 'session_closed'],
    ['held', { status: 'held' }, 0, 'session_closed'],
  ])('cancel: %s', (_, s, attended, expected) => {
    expect(cancelProblem(session(s), attended)).toBe(expected);
  });

  it.each<[string, Partial<SessionFacts>, string, string | null]>([
    ['once it began', {}, '2026-06-15T09:00:00.000Z', null],
    ['after it ended', {}, '2026-06-20T09:00:00.000Z', null],
    ['before it began', {}, BEFORE, 'session_too_early'],
    ['cancelled', { status: 'cancelled' }, '2026-06-20T09:00:00.000Z', 'session_closed'],
  ])('close: %s', (_, s, now, expected) => {
    expect(closeProblem(session(s), now)).toBe(expected);
  });
});
