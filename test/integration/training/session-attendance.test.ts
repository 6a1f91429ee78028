/**
 * Signing up for offline sessions and attendance (TRN-02, TRN-03): a person signs up (refused when full, not meant for
 * them, past or cancelled) and withdraws before it starts; the organiser adds people (capacity holds, also for
 * concurrent sign-ups for the last seat); attendance ticked by the organiser or by scanning the person's QR code at the
 * door writes the completion once; walk-ins of the audience while a seat is left; only the organiser, the office and
 * the department's head record attendance; a forged code is refused.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, problemOf } from '../../helpers/classification-org.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import {
  advanceMinutes,
  createOfflineCourse,
  getSession,
  inHours,
  qrOf,
  scan,
  scheduleSession,
  signUp,
  tick,
  type AttendanceResult,
  type SessionDetail,
} from '../../helpers/training-session.js';
import type { CourseDetail } from '../../../src/modules/training/contracts/courses.js';

describe.each(DB_KINDS)('signing up for and attending training sessions on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let course: CourseDetail;
  /** For post 工程师 only: engineer.a and member.suba. */
  let engineers: CourseDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    course = await createOfflineCourse(org);
    engineers = await createOfflineCourse(org, { audience: [{ kind: 'post', post: '工程师' }], kind: 'refresher' });
  });
  afterAll(() => t.close());

  const completionsOf = (userId: string, courseId: string) =>
    t.ctx.db
      .selectFrom('training_completions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('course_id', '=', courseId)
      .execute();

  it('[TRN-03] a person signs up, sees it among theirs, withdraws before it starts', async () => {
    const s = await scheduleSession(org, course.id);
    const h = await t.auditHead();
    const r = json<SessionDetail>(await signUp(org.clerkB, s.id));
    expect(r).toMatchObject({ enrolled: 1, signUpProblem: 'already_signed_up', withdrawProblem: null, people: null });
    expect(r.me?.attendedAt).toBeNull();
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.actor_name])).toEqual([
      ['training.session_sign_up', 'success', 'clerk.b'],
    ]);
    const mine = json<{ items: SessionDetail[] }>(await org.clerkB.get('/api/training/sessions?scope=mine')).items;
    expect(mine.map((x) => x.id)).toEqual([s.id]);
    const twice = await signUp(org.clerkB, s.id);
    expect([twice.statusCode, problemOf(twice)]).toEqual([409, 'already_signed_up']);
    const out = json<SessionDetail>(await org.clerkB.post(`/api/training/sessions/${s.id}/withdraw`));
    expect([out.enrolled, out.me]).toEqual([0, null]);
    const again = await org.clerkB.post(`/api/training/sessions/${s.id}/withdraw`);
    expect([again.statusCode, problemOf(again)]).toEqual([409, 'not_signed_up']);
  });

  it('[TRN-03] a full session takes no one more', async () => {
    const s = await scheduleSession(org, course.id, { capacity: 1 });
    expect((await signUp(org.clerkB, s.id)).statusCode).toBe(200);
    const full = await signUp(org.testerA, s.id);
    expect([full.statusCode, problemOf(full)]).toEqual([409, 'session_full']);
    expect((await getSession(org.sec, s.id)).people?.map((p) => p.username)).toEqual(['clerk.b']);
  });

  it('[TRN-02] a session not meant for the person: outside the audience (unless assigned), outside the department', async () => {
    const s = await scheduleSession(org, engineers.id);
    let h = await t.auditHead();
    const r = await signUp(org.testerA, s.id);
    await expectDenied(t, h, r, { action: 'training.session_sign_up', actorName: 'tester.a', reason: 'not_invited' });
    expect(problemOf(r)).toBe('not_invited');
    // A follow-up task for the course (TRN-13) invites the person whatever the audience says.
    await t.ctx.db
      .insertInto('training_assignments')
      .values({
        id: crypto.randomUUID(),
        user_id: org.testerA.userId,
        course_id: engineers.id,
        due_on: '2026-12-31',
        source: 'manual',
        source_ref: null,
        reason: '补训',
        assigned_by: org.sec.userId,
        assigned_at: t.ctx.now().toISOString(),
        completion_id: null,
        cancelled_at: null,
        cancelled_by: null,
        version: 1,
      })
      .execute();
    expect((await signUp(org.testerA, s.id)).statusCode).toBe(200);

    const dept = await scheduleSession(org, course.id, { departmentId: org.deptA }, org.headA);
    h = await t.auditHead();
    const outside = await signUp(org.clerkB, dept.id);
    await expectDenied(t, h, outside, { action: 'training.session_sign_up', actorName: 'clerk.b' });
    expect(problemOf(outside)).toBe('person_not_in_department');
    expect((await signUp(org.memberSubA, dept.id)).statusCode).toBe(200);
    expectError(await signUp(org.clerkB, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('concurrent sign-ups for the last seat: one wins', async () => {
    const s = await scheduleSession(org, course.id, { capacity: 2 });
    expect((await signUp(org.officerA, s.id)).statusCode).toBe(200);
    const racers = [org.clerkB, org.testerA, org.engineerA, org.headB];
    const results = await Promise.all(racers.map((a) => signUp(a, s.id)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(problemOf(r)).toBe('session_full');
    expect((await getSession(org.sec, s.id)).enrolled).toBe(2);
  });

  it('the organiser adds people (all or none, capacity holds); they are told', async () => {
    const s = await scheduleSession(org, course.id, { departmentId: org.deptA, capacity: 2 }, org.headA);
    const add = (userIds: string[]) => org.headA.post(`/api/training/sessions/${s.id}/people`, { userIds });
    const tooMany = await add([org.engineerA.userId, org.testerA.userId, org.memberSubA.userId]);
    expect([tooMany.statusCode, problemOf(tooMany)]).toEqual([409, 'session_full']);
    expect((await getSession(org.headA, s.id)).enrolled).toBe(0);
    const outside = await add([org.clerkB.userId]);
    expect([outside.statusCode, problemOf(outside)]).toEqual([403, 'person_not_in_department']);
    const unknown = await add([crypto.randomUUID()]);
    expect([unknown.statusCode, problemOf(unknown)]).toEqual([400, 'session_person_unknown']);
    const ok = json<SessionDetail>(await add([org.engineerA.userId, org.testerA.userId]));
    expect(ok.people?.map((p) => [p.username, p.enrolledBy])).toEqual([
      ['engineer.a', 'head.a 同志'],
      ['tester.a', 'head.a 同志'],
    ]);
    expect(await notificationsOf(t, org.testerA.userId, 'trainingSessionEnrolled')).toHaveLength(1);
    // Someone else may not; the organiser takes a person off the list.
    const h = await t.auditHead();
    await expectDenied(
      t,
      h,
      await org.engineerA.post(`/api/training/sessions/${s.id}/people`, { userIds: [org.memberSubA.userId] }),
      { action: 'training.session_enrol', actorName: 'engineer.a' },
    );
    const removed = json<SessionDetail>(
      await org.headA.delete(`/api/training/sessions/${s.id}/people/${org.testerA.userId}`),
    );
    expect(removed.people?.map((p) => p.username)).toEqual(['engineer.a']);
  });

  it('[TRN-03] the organiser ticks attendance: the completion is written once, numbered', async () => {
    const s = await scheduleSession(org, course.id);
    expect((await signUp(org.engineerA, s.id)).statusCode).toBe(200);
    const h = await t.auditHead();
    const r = json<AttendanceResult>(await tick(org.sec, s.id, org.engineerA.userId));
    expect(r.attendee).toMatchObject({ username: 'engineer.a', method: 'organiser', recordedByName: '安全保密管理员' });
    expect(r.completion.certificateNo).toMatch(/^TRN-2026-\d{6}$/);
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result])).toEqual([['training.attendance_record', 'success']]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ userId: org.engineerA.userId, method: 'organiser' });
    const completions = await completionsOf(org.engineerA.userId, course.id);
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({
      source: 'session',
      session_id: s.id,
      recorded_by: org.sec.userId,
      completed_on: '2026-11-23',
      round: 1,
    });
    const twice = await tick(org.sec, s.id, org.engineerA.userId);
    expect([twice.statusCode, problemOf(twice)]).toEqual([409, 'already_attended']);
    expect(await completionsOf(org.engineerA.userId, course.id)).toHaveLength(1);
    // The person sees their attendance; an attended person is not taken off the list.
    expect((await getSession(org.engineerA, s.id)).me?.attendedAt).not.toBeNull();
    const off = await org.sec.delete(`/api/training/sessions/${s.id}/people/${org.engineerA.userId}`);
    expect([off.statusCode, problemOf(off)]).toEqual([409, 'already_attended']);
    // Nor is a session with attendance cancelled.
    const cancel = await org.sec.post(`/api/training/sessions/${s.id}/cancel`, { version: 1 });
    expect([cancel.statusCode, problemOf(cancel)]).toEqual([409, 'session_has_attendance']);
  });

  it('[TRN-03] recording attendance without being the organiser is refused (403, audited)', async () => {
    const s = await scheduleSession(org, course.id, { departmentId: org.deptA }, org.headA);
    expect((await signUp(org.engineerA, s.id)).statusCode).toBe(200);
    for (const who of [org.engineerA, org.officerA, org.testerA]) {
      const h = await t.auditHead();
      await expectDenied(t, h, await tick(who, s.id, org.engineerA.userId), {
        action: 'training.attendance_record',
        actorName: who.username,
      });
    }
    // Head B does not even see a session of department A.
    expectError(await tick(org.headB, s.id, org.engineerA.userId), 404, 'not_found');
    const code = (await qrOf(org.engineerA)).code;
    const h = await t.auditHead();
    await expectDenied(t, h, await scan(org.testerA, s.id, code), {
      action: 'training.attendance_record',
      actorName: 'tester.a',
    });
    expect(await completionsOf(org.engineerA.userId, course.id)).toHaveLength(1); // the one of the test before
    // The office records it for a head's session.
    expect((await tick(org.sec, s.id, org.engineerA.userId)).statusCode).toBe(200);
  });

  it('[TRN-03] scanning the QR code at the door: the person on the list, a walk-in with a seat left, not one over capacity', async () => {
    const s = await scheduleSession(org, engineers.id, { capacity: 2 });
    expect((await signUp(org.engineerA, s.id)).statusCode).toBe(200);
    const qr = await qrOf(org.engineerA);
    expect(qr.code).toContain(org.engineerA.userId);
    expect(qr.svgDataUrl.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const r = json<AttendanceResult>(await scan(org.sec, s.id, `${qr.code}\n`));
    expect(r.attendee).toMatchObject({ username: 'engineer.a', method: 'qr' });
    // A walk-in of the audience takes the last seat.
    const walkIn = json<AttendanceResult>(await scan(org.sec, s.id, (await qrOf(org.memberSubA)).code));
    expect(walkIn.attendee).toMatchObject({ username: 'member.suba', method: 'qr', enrolledBy: '安全保密管理员' });
    // Attending a full session: refused (tester.a was assigned the course in a test above: invited).
    const late = await scan(org.sec, s.id, (await qrOf(org.testerA)).code);
    expect([late.statusCode, problemOf(late)]).toEqual([409, 'session_full']);
    // A walk-in not meant for it.
    const wide = await scheduleSession(org, engineers.id, { capacity: 5 });
    const clerk = await scan(org.sec, wide.id, (await qrOf(org.clerkB)).code);
    expect([clerk.statusCode, problemOf(clerk)]).toEqual([403, 'not_invited']);
    expect((await completionsOf(org.clerkB.userId, engineers.id)).length).toBe(0);
  });

  it("[TRN-02] the department's head records attendance at a session the office scheduled for the department", async () => {
    const s = await scheduleSession(org, course.id, { departmentId: org.subA });
    expect((await signUp(org.memberSubA, s.id)).statusCode).toBe(200);
    const seen = await getSession(org.headA, s.id);
    expect(seen.canManage).toBe(true);
    const r = json<AttendanceResult>(await tick(org.headA, s.id, org.memberSubA.userId));
    expect(r.attendee).toMatchObject({ username: 'member.suba', recordedByName: 'head.a 同志' });
    // Head B may not even see it.
    expectError(await org.headB.get(`/api/training/sessions/${s.id}`), 404, 'not_found');
  });

  it('the same code scanned twice at once (two doors): one attendance, one completion', async () => {
    const s = await scheduleSession(org, course.id);
    const code = (await qrOf(org.officerA)).code;
    const results = await Promise.all([scan(org.sec, s.id, code), tick(org.sec, s.id, org.officerA.userId)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(problemOf(results.find((r) => r.statusCode === 409)!)).toBe('already_attended');
    expect(await completionsOf(org.officerA.userId, course.id)).toHaveLength(1);
  });

  it('the QR code is for a signed-in person only, and the same every time', async () => {
    expectError(await t.agent().get('/api/training/me/qr'), 401, 'unauthenticated');
    expect((await qrOf(org.clerkB)).code).toBe((await qrOf(org.clerkB)).code);
    expect((await qrOf(org.clerkB)).code).not.toBe((await qrOf(org.testerA)).code);
  });

  it('a forged code is refused (400, audited); a code of another installation too', async () => {
    const s = await scheduleSession(org, course.id);
    const forged = [
      `BAOMI-TRN1.${org.clerkB.userId}.${crypto.randomBytes(16).toString('base64url')}`,
      org.clerkB.userId,
      'BAOMI-TRN1.x.y',
    ];
    for (const code of forged) {
      const h = await t.auditHead();
      const r = await scan(org.sec, s.id, code);
      expect([r.statusCode, problemOf(r)]).toEqual([400, 'qr_invalid']);
      const events = await auditRowsAfter(t, h);
      expect(events.map((e) => [e.action, e.result])).toEqual([['training.attendance_record', 'denied']]);
    }
    expect(await completionsOf(org.clerkB.userId, course.id)).toHaveLength(0);
  });

  it('attendance opens an hour before the start and ends when the session is closed; sign-up ends at the start', async () => {
    const later = await scheduleSession(org, course.id, { startsAt: inHours(org, 3), endsAt: inHours(org, 4) });
    expect((await signUp(org.headB, later.id)).statusCode).toBe(200);
    const early = await tick(org.sec, later.id, org.headB.userId);
    expect([early.statusCode, problemOf(early)]).toEqual([409, 'session_too_early']);

    const s = await scheduleSession(org, course.id, { startsAt: inHours(org, 0.2), endsAt: inHours(org, 1) });
    expect((await signUp(org.testerA, s.id)).statusCode).toBe(200);
    expect((await signUp(org.clerkB, s.id)).statusCode).toBe(200);
    await advanceMinutes(org, 13);
    const started = await signUp(org.officerA, s.id);
    expect([started.statusCode, problemOf(started)]).toEqual([409, 'session_started']);
    const leave = await org.testerA.post(`/api/training/sessions/${s.id}/withdraw`);
    expect([leave.statusCode, problemOf(leave)]).toEqual([409, 'session_started']);
    expect((await tick(org.sec, s.id, org.testerA.userId)).statusCode).toBe(200);
    const v = (await getSession(org.sec, s.id)).version;
    expect(json<SessionDetail>(await org.sec.post(`/api/training/sessions/${s.id}/close`, { version: v })).status).toBe(
      'held',
    );
    const closed = await tick(org.sec, s.id, org.clerkB.userId);
    expect([closed.statusCode, problemOf(closed)]).toEqual([409, 'session_closed']);
    const held = await getSession(org.sec, s.id);
    expect(held.people?.map((p) => [p.username, p.method])).toEqual([
      ['clerk.b', null],
      ['tester.a', 'organiser'],
    ]);
  });
});
