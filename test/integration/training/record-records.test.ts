/**
 * A person's training record: my training (dues with titles and states, completions with certificates, external
 * certificates, follow-up tasks), a person's record for the office and the heads or officers above them (404,
 * audited, for anyone else), completions the office records for training held outside Baomi with an evidence file
 * (never on its own record), and the evidence read back by whoever may read the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { member, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createCourse, createPublished } from '../../helpers/training-course.js';
import { PDF_FILE, PNG_FILE, myRecord, recordCompletionAs } from '../../helpers/training-record.js';
import type { CourseDetail } from '../../../src/modules/training/contracts/courses.js';
import type { CompletionDto, TrainingRecord } from '../../../src/modules/training/contracts/records.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('training records on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let refresher: CourseDetail;
  let draft: CourseDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    refresher = await createPublished(org, {
      title: '年度保密知识更新培训',
      kind: 'refresher',
      mode: 'offline',
      audience: [{ kind: 'all' }],
      validityMonths: 12,
    });
    draft = await createCourse(org, { title: '草稿课程' });
  });
  afterAll(() => t.close());

  it('[TRN-02] a person reads their own training: the refresher due, with its title, mode and date', async () => {
    const r = await myRecord(org.testerA);
    expect(r.person).toMatchObject({
      id: org.testerA.userId,
      username: 'tester.a',
      computerUser: false,
      hiredOn: null,
    });
    const due = r.dues.find((d) => d.courseId === refresher.id);
    expect(due).toMatchObject({ title: '年度保密知识更新培训', kind: 'refresher', mode: 'offline', state: 'due' });
    expect(due!.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.dues.some((d) => d.courseId === draft.id)).toBe(false);
    expect(r).toMatchObject({ completions: [], external: [], tasks: [] });
  });

  it('[TRN-03] the office records a completion held outside Baomi, with its evidence: numbered, completed, notified', async () => {
    const h = await t.auditHead();
    const res = await recordCompletionAs(org.sec, org.engineerA.userId, {
      courseId: refresher.id,
      completedOn: '2026-11-20',
      note: '市保密局专题讲座',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as CompletionDto;
    expect(c).toMatchObject({
      courseId: refresher.id,
      title: '年度保密知识更新培训',
      source: 'recorded',
      completedOn: '2026-11-20',
      round: 1,
      hasEvidence: true,
      note: '市保密局专题讲座',
    });
    expect(c.certificateNo).toMatch(/^TRN-2026-\d{6}$/);
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['training.record_completion', 'success', c.id],
    ]);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({
      userId: org.engineerA.userId,
      certificateNo: c.certificateNo,
    });

    const mine = await myRecord(org.engineerA);
    expect(mine.dues.find((d) => d.courseId === refresher.id)).toMatchObject({
      state: 'completed',
      lastCompletedOn: '2026-11-20',
      expiresOn: '2027-11-20',
    });
    expect(mine.completions.map((x) => x.id)).toEqual([c.id]);
    const n = await t.ctx.db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('user_id', '=', org.engineerA.userId)
      .where('kind', '=', 'trainingCompletionRecorded')
      .execute();
    expect(n).toEqual([{ kind: 'trainingCompletionRecorded', link: '/training' }]);

    // The evidence: the person, the office, the head above them; nobody else (404, audited).
    for (const a of [org.engineerA, org.sec, org.headA, org.officerA]) {
      const f = await a.get(`/api/training/completions/${c.id}/evidence`);
      expect(f.statusCode, f.body).toBe(200);
      expect(f.headers['content-type']).toBe('application/pdf');
      expect(f.rawPayload.equals(PDF_FILE)).toBe(true);
    }
    const before = await t.auditHead();
    expectError(await org.clerkB.get(`/api/training/completions/${c.id}/evidence`), 404, 'not_found');
    expectError(await org.headB.get(`/api/training/completions/${c.id}/evidence`), 404, 'not_found');
    expectError(await org.sec.get(`/api/training/completions/${randomId()}/evidence`), 404, 'not_found');
    expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.result])).toEqual([
      ['training.view_evidence', 'denied'],
      ['training.view_evidence', 'denied'],
      ['training.view_evidence', 'denied'],
    ]);
  });

  it('[TRN-03] a second recorded completion is the next round (a refresher taken again), a PNG evidence too', async () => {
    const res = await recordCompletionAs(
      org.sec,
      org.engineerA.userId,
      { courseId: refresher.id, completedOn: '2026-11-23' },
      PNG_FILE,
      'image/png',
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ round: 2, completedOn: '2026-11-23' });
    const f = await org.engineerA.get(`/api/training/completions/${(res.json() as CompletionDto).id}/evidence`);
    expect(f.headers['content-type']).toBe('image/png');
  });

  it('[TRN-03] the same upload sent again (its idempotency key) records the completion once', async () => {
    const key = randomId();
    const q = { courseId: refresher.id, completedOn: '2026-11-22', key };
    const other = await createPublished(org, {
      title: '涉密载体管理专题',
      mode: 'offline',
      audience: [{ kind: 'all' }],
    });
    const trainee = await member(t, 'retry.trainee');
    const first = await recordCompletionAs(org.sec, trainee.userId, q);
    expect(first.statusCode, first.body).toBe(201);
    const h = await t.auditHead();
    const again = await recordCompletionAs(org.sec, trainee.userId, q);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect((first.json() as CompletionDto).id).toBe(key);
    expect(await auditRowsAfter(t, h)).toEqual([]);
    const rows = await t.ctx.db
      .selectFrom('training_completions')
      .select('id')
      .where('user_id', '=', trainee.userId)
      .execute();
    expect(rows.map((r) => r.id)).toEqual([key]);
    // The key is the completion's: not for another person or another course.
    expectError(await recordCompletionAs(org.sec, org.clerkB.userId, q), 409, 'conflict');
    expectError(await recordCompletionAs(org.sec, trainee.userId, { ...q, courseId: other.id }), 409, 'conflict');
  });

  it('only the security office records completions, and never on its own record (403, audited)', async () => {
    const q = { courseId: refresher.id, completedOn: '2026-11-20' };
    const h = await t.auditHead();
    expectError(await recordCompletionAs(org.headA, org.testerA.userId, q), 403, 'forbidden');
    expectError(await recordCompletionAs(org.testerA, org.testerA.userId, q), 403, 'forbidden');
    expectError(await recordCompletionAs(org.sec, org.sec.userId, q), 403, 'forbidden');
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result])).toEqual([
      ['training.record_completion', 'denied'],
      ['training.record_completion', 'denied'],
      ['training.record_completion', 'denied'],
    ]);
    const counted = await t.ctx.db
      .selectFrom('training_completions')
      .select('id')
      .where('user_id', 'in', [org.testerA.userId, org.sec.userId])
      .execute();
    expect(counted).toEqual([]);
  });

  it('bad input changes nothing (400/409, nothing audited): dates, course, file, person', async () => {
    const uid = org.testerA.userId;
    const ok = { courseId: refresher.id, completedOn: '2026-11-20' };
    const h = await t.auditHead();
    const future = await recordCompletionAs(org.sec, uid, { ...ok, completedOn: '2026-11-24' });
    await expectRefusedQuietly(t, h, future, 400, 'bad_request');
    expect(problemOf(future)).toBe('completed_on_future');
    await expectRefusedQuietly(
      t,
      h,
      await recordCompletionAs(org.sec, uid, { ...ok, completedOn: '2026-02-30' }),
      400,
      'validation_failed',
    );
    const unknown = await recordCompletionAs(org.sec, uid, { ...ok, courseId: randomId() });
    await expectRefusedQuietly(t, h, unknown, 400, 'bad_request');
    expect(problemOf(unknown)).toBe('course_unknown');
    const drafted = await recordCompletionAs(org.sec, uid, { ...ok, courseId: draft.id });
    await expectRefusedQuietly(t, h, drafted, 409, 'conflict');
    expect(problemOf(drafted)).toBe('course_not_published');
    const text = await recordCompletionAs(org.sec, uid, ok, Buffer.from('not a pdf'), 'application/pdf');
    await expectRefusedQuietly(t, h, text, 400, 'bad_request');
    expect(problemOf(text)).toBe('record_file_type');
    // Declared as one type, being another.
    const lying = await recordCompletionAs(org.sec, uid, ok, PDF_FILE, 'image/png');
    expect(problemOf(lying)).toBe('record_file_type');
    await expectRefusedQuietly(t, h, await recordCompletionAs(org.sec, randomId(), ok), 404, 'not_found');
    expect(await t.auditHead()).toBe(h);
    const none = await t.ctx.db.selectFrom('training_completions').select('id').where('user_id', '=', uid).execute();
    expect(none).toEqual([]);
  });

  it('nothing new is recorded for a disabled person (409)', async () => {
    const gone = await import('../../helpers/people.js').then((m) => m.person(t, 'record.gone'));
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.userId).execute();
    const r = await recordCompletionAs(org.sec, gone.userId, { courseId: refresher.id, completedOn: '2026-11-20' });
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('person_inactive');
  });

  it("a person's record: the office, the head and officer above them; anyone else 404 (audited)", async () => {
    for (const [a, who] of [
      [org.sec, org.engineerA],
      [org.headA, org.engineerA],
      [org.officerA, org.memberSubA],
      [org.headA, org.memberSubA],
      [org.headB, org.clerkB],
      [org.engineerA, org.engineerA],
    ] as const) {
      const r = json<TrainingRecord>(await a.get(`/api/training/people/${who.userId}`));
      expect(r.person.id).toBe(who.userId);
      expect(r.dues.length).toBeGreaterThan(0);
    }
    const h = await t.auditHead();
    for (const [a, who] of [
      [org.headB, org.engineerA],
      [org.headA, org.clerkB],
      [org.testerA, org.engineerA],
      [org.memberSubA, org.testerA],
      [org.aud, org.engineerA],
    ] as const)
      expectError(await a.get(`/api/training/people/${who.userId}`), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual(
      Array(5).fill(['training.view_person', 'denied']),
    );
    // Nobody by that id answers the same: 404 to the office (nothing to refuse), 404 audited to a head.
    const h2 = await t.auditHead();
    expectError(await org.sec.get(`/api/training/people/${randomId()}`), 404, 'not_found');
    expect(await t.auditHead()).toBe(h2);
    expectError(await org.headA.get(`/api/training/people/${randomId()}`), 404, 'not_found');
    expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([
      ['training.view_person', 'denied'],
    ]);
    expectError(await org.sec.get('/api/training/people/not-a-uuid'), 400, 'validation_failed');
  });

  it('signed out: no training is read (401)', async () => {
    expect((await t.agent().get('/api/training/me')).statusCode).toBe(401);
  });
});
