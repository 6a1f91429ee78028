/**
 * Follow-up training tasks (TRN-13): the security office assigns a course to people after an incident or a finding;
 * the course is then due to them by the date (even an elective, even when completed before), they are notified; a
 * completion on or after the day it was assigned meets it; the office may cancel an open one (at its version). The
 * incident module assigns through `assignFollowUpTraining` in its own transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createCourse, createPublished } from '../../helpers/training-course.js';
import { assignAs, myRecord, recordCompletionAs } from '../../helpers/training-record.js';
import type { CourseDetail } from '../../../src/modules/training/contracts/courses.js';
import type { AssignmentDto } from '../../../src/modules/training/contracts/records.js';
import { assignFollowUpTraining } from '../../../src/modules/training/index.js';
import { tx } from '../../../src/platform/context.js';
import { duesOfPerson } from '../../../src/modules/training/services/training-facts.js';
import { doneStates } from '../../helpers/notifications.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('follow-up training tasks on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let elective: CourseDetail;
  let draft: CourseDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    elective = await createPublished(org, { title: '涉密载体管理专题', kind: 'elective', mode: 'offline' });
    draft = await createCourse(org, { title: '草稿补训课程' });
  });
  afterAll(() => t.close());

  const list = async (query = '') =>
    json<{ items: AssignmentDto[] }>(await org.sec.get(`/api/training/assignments${query}`)).items;

  it('[TRN-13] the office assigns an elective after an incident: due to each person by the date, notified, audited', async () => {
    expect((await myRecord(org.testerA)).dues.some((d) => d.courseId === elective.id)).toBe(false);
    const h = await t.auditHead();
    const tasks = await assignAs(org.sec, {
      userIds: [org.testerA.userId, org.clerkB.userId, org.testerA.userId],
      courseId: elective.id,
      dueOn: '2026-12-15',
      sourceRef: 'INC-2026-007',
    });
    expect(tasks.map((x) => [x.userId, x.state, x.dueOn, x.source, x.sourceRef])).toEqual([
      [org.testerA.userId, 'open', '2026-12-15', 'incident', 'INC-2026-007'],
      [org.clerkB.userId, 'open', '2026-12-15', 'incident', 'INC-2026-007'],
    ]);
    expect(tasks[0]).toMatchObject({ title: '涉密载体管理专题', reason: '泄密事件后的补训', version: 1 });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual(
      tasks.map((x) => ['training.assign', 'success', x.id]),
    );
    const mine = await myRecord(org.testerA);
    expect(mine.dues.find((d) => d.courseId === elective.id)).toMatchObject({
      state: 'due',
      dueOn: '2026-12-15',
      assignmentId: tasks[0]!.id,
    });
    expect(mine.tasks.map((x) => [x.id, x.state])).toEqual([[tasks[0]!.id, 'open']]);
    const n = await t.ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'body'])
      .where('kind', '=', 'trainingAssigned')
      .execute();
    expect(n.map((x) => x.user_id).sort()).toEqual([org.testerA.userId, org.clerkB.userId].sort());
    expect(JSON.parse(n[0]!.body)).toMatchObject({
      title: '涉密载体管理专题',
      dueOn: '2026-12-15',
      source: 'incident',
    });

    // Overdue the day after its date.
    const later = await duesOfPerson(t.ctx, t.ctx.db, org.clerkB.userId, '2026-12-16');
    expect(later!.dues.find((d) => d.courseId === elective.id)?.state).toBe('overdue');
  });

  it('[TRN-13] a completion after the assignment meets it', async () => {
    const [task] = await assignAs(org.sec, {
      userIds: [org.memberSubA.userId],
      courseId: elective.id,
      dueOn: '2026-12-31',
    });
    expect(await doneStates(t, org.memberSubA.userId, 'trainingAssigned')).toEqual([false]);
    const r = await recordCompletionAs(org.sec, org.memberSubA.userId, {
      courseId: elective.id,
      completedOn: '2026-11-23',
    });
    expect(r.statusCode, r.body).toBe(201);
    const mine = await myRecord(org.memberSubA);
    expect(mine.tasks).toEqual([
      expect.objectContaining({ id: task!.id, state: 'met', completionId: (r.json() as { id: string }).id }),
    ]);
    expect(mine.dues.find((d) => d.courseId === elective.id)).toMatchObject({ state: 'completed', assignmentId: null });
    // Met: the 「培训任务」 notice is done.
    expect(await doneStates(t, org.memberSubA.userId, 'trainingAssigned')).toEqual([true]);
  });

  it('[TRN-13] the office lists tasks by state, person and course', async () => {
    expect((await list('?state=open')).every((x) => x.state === 'open')).toBe(true);
    expect((await list(`?userId=${org.memberSubA.userId}`)).map((x) => x.state)).toEqual(['met']);
    expect((await list(`?courseId=${elective.id}&state=met`)).map((x) => x.userId)).toEqual([org.memberSubA.userId]);
    const h = await t.auditHead();
    expectError(await org.headA.get('/api/training/assignments'), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['training.view_person', 'denied']]);
    expectError(await org.sec.get('/api/training/assignments?state=late'), 400, 'validation_failed');
  });

  it('[TRN-13] the office cancels an open task at its version (the person is told); a closed or stale one is refused', async () => {
    const [task] = await assignAs(org.sec, {
      userIds: [org.engineerA.userId],
      courseId: elective.id,
      dueOn: '2026-12-20',
    });
    const stale = await org.sec.post(`/api/training/assignments/${task!.id}/cancel`, { version: 9 });
    expectError(stale, 409, 'stale_version');
    const h = await t.auditHead();
    const done = json<AssignmentDto>(
      await org.sec.post(`/api/training/assignments/${task!.id}/cancel`, { version: 1 }),
    );
    expect(done).toMatchObject({ state: 'cancelled', version: 2 });
    expect(await doneStates(t, org.engineerA.userId, 'trainingAssigned')).toEqual([true]);
    expect(done.cancelledAt).not.toBeNull();
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['training.cancel_assignment', 'success'],
    ]);
    expect((await myRecord(org.engineerA)).dues.some((d) => d.courseId === elective.id)).toBe(false);
    const n = await t.ctx.db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', org.engineerA.userId)
      .where('kind', '=', 'trainingAssignmentCancelled')
      .execute();
    expect(n).toHaveLength(1);
    const again = await org.sec.post(`/api/training/assignments/${task!.id}/cancel`, { version: 2 });
    expectError(again, 409, 'conflict');
    expect(problemOf(again)).toBe('assignment_closed');
    const met = (await list(`?userId=${org.memberSubA.userId}`))[0]!;
    const metR = await org.sec.post(`/api/training/assignments/${met.id}/cancel`, { version: met.version });
    expect(problemOf(metR)).toBe('assignment_closed');
    const h2 = await t.auditHead();
    expectError(await org.sec.post(`/api/training/assignments/${randomId()}/cancel`, { version: 1 }), 404, 'not_found');
    expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([
      ['training.cancel_assignment', 'denied'],
    ]);
  });

  it('only the office assigns or cancels, never on its own record (403, audited)', async () => {
    const body = {
      userIds: [org.testerA.userId],
      courseId: elective.id,
      dueOn: '2026-12-15',
      reason: 'x',
      source: 'manual',
    };
    const [open] = await assignAs(org.sec, { userIds: [org.headB.userId], courseId: elective.id, dueOn: '2026-12-15' });
    const h = await t.auditHead();
    expectError(await org.headA.post('/api/training/assignments', body), 403, 'forbidden');
    expectError(await org.testerA.post('/api/training/assignments', body), 403, 'forbidden');
    expectError(
      await org.sec.post('/api/training/assignments', { ...body, userIds: [org.testerA.userId, org.sec.userId] }),
      403,
      'forbidden',
    );
    expectError(await org.headB.post(`/api/training/assignments/${open!.id}/cancel`, { version: 1 }), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['training.assign', 'denied'],
      ['training.assign', 'denied'],
      ['training.assign', 'denied'],
      ['training.cancel_assignment', 'denied'],
    ]);
    // The refused request with a valid person first assigned nobody.
    expect((await list(`?userId=${org.testerA.userId}`)).length).toBe(1);
  });

  it('bad input changes nothing (400/409, nothing audited)', async () => {
    const ok = {
      userIds: [org.testerA.userId],
      courseId: elective.id,
      dueOn: '2026-12-15',
      reason: '补训',
      source: 'finding',
    };
    const h = await t.auditHead();
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ ...ok, dueOn: '2026-11-22' }, 400, 'bad_request', 'due_on_past'],
      [{ ...ok, courseId: randomId() }, 400, 'bad_request', 'course_unknown'],
      [{ ...ok, courseId: draft.id }, 409, 'conflict', 'course_not_published'],
      [{ ...ok, userIds: [randomId()] }, 400, 'bad_request', 'record_person_unknown'],
      [{ ...ok, userIds: [] }, 400, 'validation_failed', undefined],
      [{ ...ok, reason: '   ' }, 400, 'validation_failed', undefined],
      [{ ...ok, source: 'rumour' }, 400, 'validation_failed', undefined],
      [{ ...ok, dueOn: '15/12/2026' }, 400, 'validation_failed', undefined],
      [{ ...ok, extra: 1 }, 400, 'validation_failed', undefined],
    ];
    for (const [body, status, code, problem] of cases) {
      const r = await org.sec.post('/api/training/assignments', body);
      await expectRefusedQuietly(t, h, r, status, code);
      if (problem) expect(problemOf(r), JSON.stringify(body)).toBe(problem);
    }
    expect((await list(`?userId=${org.testerA.userId}`)).length).toBe(1);
  });

  it('[TRN-13] the incident module assigns in its own transaction (the system as actor), rolled back with it', async () => {
    const ids = await tx(t.ctx, (trx) =>
      assignFollowUpTraining(t.ctx, trx, {
        userIds: [org.officerA.userId],
        courseId: elective.id,
        dueOn: '2026-12-31',
        reason: '事件 INC-2026-009 的整改',
        source: 'incident',
        sourceRef: 'INC-2026-009',
      }),
    );
    expect(ids).toHaveLength(1);
    expect((await myRecord(org.officerA)).tasks).toEqual([
      expect.objectContaining({ id: ids[0], sourceRef: 'INC-2026-009', assignedByName: null, state: 'open' }),
    ]);
    await expect(
      tx(t.ctx, async (trx) => {
        await assignFollowUpTraining(t.ctx, trx, {
          userIds: [org.officerA.userId],
          courseId: elective.id,
          dueOn: '2026-12-31',
          reason: 'x',
          source: 'incident',
        });
        throw new Error('the incident failed');
      }),
    ).rejects.toThrow('the incident failed');
    expect((await myRecord(org.officerA)).tasks).toHaveLength(1);
  });
});
