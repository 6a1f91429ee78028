/**
 * Offline sessions (TRN-02, TRN-03): the security office schedules them for everyone or a department, a department
 * head for their own department (or one under it) only; the organiser edits (versioned), cancels (the people on the
 * list are told) and closes them; who sees which session (lists by scope; a session not meant for the reader is
 * "not found", audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, problemOf } from '../../helpers/classification-org.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createCourse, createPublished } from '../../helpers/training-course.js';
import {
  advanceMinutes,
  createOfflineCourse,
  getSession,
  inHours,
  scheduleSession,
  sessionBody,
  signUp,
  type SessionDetail,
} from '../../helpers/training-session.js';
import type { CourseDetail } from '../../../src/modules/training/contracts/courses.js';

describe.each(DB_KINDS)('scheduling training sessions on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let course: CourseDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    course = await createOfflineCourse(org);
  });
  afterAll(() => t.close());

  const list = async (a: PeopleOrg['sec'], scope: string) =>
    json<{ items: SessionDetail[] }>(await a.get(`/api/training/sessions?scope=${scope}`)).items.map((s) => s.id);

  it('[TRN-03] the security office schedules a session for everyone: audited, open to the audience', async () => {
    const h = await t.auditHead();
    const s = await scheduleSession(org, course.id, { capacity: 3 });
    expect(s).toMatchObject({
      courseId: course.id,
      courseTitle: course.title,
      status: 'scheduled',
      capacity: 3,
      enrolled: 0,
      attended: 0,
      departmentId: null,
      organiser: { id: org.sec.userId },
      canManage: true,
      version: 1,
      people: [],
    });
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['training.session_create', 'success', s.id],
    ]);
    // Everyone of the audience sees it, may sign up, and does not see the list.
    const seen = await getSession(org.clerkB, s.id);
    expect(seen).toMatchObject({ canManage: false, signUpProblem: null, people: null, me: null });
    expect(await list(org.clerkB, 'upcoming')).toContain(s.id);
  });

  it('[TRN-02] a department head schedules for their own department and one under it, not for others', async () => {
    const own = await scheduleSession(org, course.id, { departmentId: org.deptA }, org.headA);
    expect(own).toMatchObject({
      departmentId: org.deptA,
      departmentName: '研发部',
      organiser: { id: org.headA.userId },
    });
    const sub = await scheduleSession(org, course.id, { departmentId: org.subA }, org.headA);
    expect(sub.departmentName).toBe('研发一室');

    let h = await t.auditHead();
    const other = await org.headA.post(
      '/api/training/sessions',
      sessionBody(org, course.id, { departmentId: org.deptB }),
    );
    await expectDenied(t, h, other, {
      action: 'training.session_create',
      actorName: 'head.a',
      reason: 'not_in_department',
    });
    h = await t.auditHead();
    const everyone = await org.headA.post('/api/training/sessions', sessionBody(org, course.id));
    await expectDenied(t, h, everyone, { action: 'training.session_create', actorName: 'head.a' });
    for (const who of [org.engineerA, org.officerA] as const) {
      h = await t.auditHead();
      const r = await who.post('/api/training/sessions', sessionBody(org, course.id, { departmentId: org.deptA }));
      await expectDenied(t, h, r, { action: 'training.session_create', actorName: who.username });
    }

    // A department's session is for its people: others neither list it nor read it (404, audited).
    expect(await list(org.memberSubA, 'upcoming')).toEqual(expect.arrayContaining([own.id, sub.id]));
    expect(await list(org.clerkB, 'upcoming')).not.toContain(own.id);
    h = await t.auditHead();
    expectError(await org.clerkB.get(`/api/training/sessions/${own.id}`), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['training.session_view', 'denied'],
    ]);
    // The organiser and the office list them as theirs; head B does not.
    expect(await list(org.headA, 'organising')).toEqual(expect.arrayContaining([own.id, sub.id]));
    expect(await list(org.sec, 'organising')).toEqual(expect.arrayContaining([own.id, sub.id]));
    expect(await list(org.headB, 'organising')).not.toContain(own.id);
  });

  it('refuses a bad session with 400, recording nothing', async () => {
    const online = await createPublished(org, { mode: 'online' });
    const cases: [Record<string, unknown>, string | undefined][] = [
      [{ courseId: online.id }, 'course_not_offline'],
      [{ endsAt: inHours(org, 0.25) }, 'session_times'],
      [{ endsAt: inHours(org, 30) }, 'session_times'],
      [{ startsAt: inHours(org, -1), endsAt: inHours(org, 1) }, 'session_in_past'],
      [{ departmentId: '00000000-0000-4000-8000-000000000000' }, 'department_unknown'],
      [{ courseId: '00000000-0000-4000-8000-000000000000' }, 'course_unknown'],
      [{ capacity: 0 }, undefined],
      [{ place: '' }, undefined],
      [{ startsAt: 'tomorrow' }, undefined],
      [{ extra: 1 }, undefined],
    ];
    for (const [overrides, problem] of cases) {
      const h = await t.auditHead();
      const r = await org.sec.post('/api/training/sessions', sessionBody(org, course.id, overrides));
      await expectRefusedQuietly(t, h, r, 400, problem ? 'bad_request' : 'validation_failed');
      expect(problemOf(r), JSON.stringify(overrides)).toBe(problem);
    }
    // A draft course has no sessions.
    const draft = await createCourse(org, { mode: 'offline' });
    const r = await org.sec.post('/api/training/sessions', sessionBody(org, draft.id));
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('course_not_published');
  });

  it('a time with an offset is kept as UTC', async () => {
    const s = await scheduleSession(org, course.id, {
      startsAt: '2026-11-24T10:00:00+08:00',
      endsAt: '2026-11-24T12:00:00+08:00',
    });
    expect([s.startsAt, s.endsAt]).toEqual(['2026-11-24T02:00:00.000Z', '2026-11-24T04:00:00.000Z']);
  });

  it('the organiser edits a session at its version; a stale version, a smaller capacity than the list, others are refused', async () => {
    const s = await scheduleSession(org, course.id, { capacity: 5 });
    await expect(signUp(org.clerkB, s.id)).resolves.toHaveProperty('statusCode', 200);
    await expect(signUp(org.testerA, s.id)).resolves.toHaveProperty('statusCode', 200);
    const edit = (v: number, patch: Record<string, unknown> = {}) => ({
      version: v,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: '五楼培训室',
      trainer: s.trainer,
      capacity: 4,
      ...patch,
    });
    const h = await t.auditHead();
    const changed = json<SessionDetail>(await org.sec.put(`/api/training/sessions/${s.id}`, edit(1)));
    expect(changed).toMatchObject({ place: '五楼培训室', capacity: 4, version: 2 });
    const [ev] = await auditRowsAfter(t, h);
    expect(ev).toMatchObject({ action: 'training.session_update', result: 'success', target_id: s.id });
    expect(JSON.parse(ev!.details)).toMatchObject({ before: { place: '三楼会议室', capacity: 5 } });

    expectError(await org.sec.put(`/api/training/sessions/${s.id}`, edit(1)), 409, 'stale_version');
    const below = await org.sec.put(`/api/training/sessions/${s.id}`, edit(2, { capacity: 1 }));
    expectError(below, 409, 'conflict');
    expect(problemOf(below)).toBe('session_capacity_below_enrolled');
    const past = await org.sec.put(
      `/api/training/sessions/${s.id}`,
      edit(2, { startsAt: inHours(org, -2), endsAt: inHours(org, -1) }),
    );
    expect([past.statusCode, problemOf(past)]).toEqual([400, 'session_in_past']);
    // Head B (not the organiser, not its department's head) and a person on the list may not.
    for (const who of [org.headB, org.clerkB]) {
      const before = await t.auditHead();
      await expectDenied(t, before, await who.put(`/api/training/sessions/${s.id}`, edit(2)), {
        action: 'training.session_update',
        actorName: who.username,
      });
    }
  });

  it('cancelling tells the people on the list; a cancelled session takes no sign-up and stays cancelled', async () => {
    const s = await scheduleSession(org, course.id, { departmentId: org.deptA }, org.headA);
    expect((await signUp(org.engineerA, s.id)).statusCode).toBe(200);
    const cancelled = json<SessionDetail>(
      await org.headA.post(`/api/training/sessions/${s.id}/cancel`, { version: 1 }),
    );
    expect(cancelled.status).toBe('cancelled');
    const notes = await notificationsOf(t, org.engineerA.userId, 'trainingSessionCancelled');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(course.title);
    const again = await signUp(org.testerA, s.id);
    expect([again.statusCode, problemOf(again)]).toEqual([409, 'session_closed']);
    const twice = await org.headA.post(`/api/training/sessions/${s.id}/cancel`, { version: 2 });
    expect([twice.statusCode, problemOf(twice)]).toEqual([409, 'session_closed']);
    // Who is on the list still sees it among theirs.
    expect(await list(org.engineerA, 'mine')).toContain(s.id);
    expect(await list(org.engineerA, 'upcoming')).not.toContain(s.id);
  });

  it('closing as held: not before it began; then no more changes', async () => {
    const s = await scheduleSession(org, course.id);
    const early = await org.sec.post(`/api/training/sessions/${s.id}/close`, { version: 1 });
    expect([early.statusCode, problemOf(early)]).toEqual([409, 'session_too_early']);
    const h = await t.auditHead();
    await expectDenied(t, h, await org.headB.post(`/api/training/sessions/${s.id}/close`, { version: 1 }), {
      action: 'training.session_close',
      actorName: 'head.b',
    });
    await advanceMinutes(org, 31);
    const held = json<SessionDetail>(await org.sec.post(`/api/training/sessions/${s.id}/close`, { version: 1 }));
    expect(held.status).toBe('held');
    const cancel = await org.sec.post(`/api/training/sessions/${s.id}/cancel`, { version: 2 });
    expect([cancel.statusCode, problemOf(cancel)]).toEqual([409, 'session_closed']);
    // Once held, it is no longer among the upcoming sessions of anyone.
    expect(await list(org.clerkB, 'upcoming')).not.toContain(s.id);
  });
});
