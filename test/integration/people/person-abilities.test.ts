/**
 * The abilities a person's agreements and training record carry (GET /api/agreements/people/:id, GET
 * /api/training/people/:id, GET /api/training/me): the page offers an action exactly when the action would be
 * accepted, so each claim is checked against the action itself, for the office, a head above the person, the
 * person, the office on its own record and a disabled person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json, person } from '../../helpers/people.js';
import { problemOf } from '../../helpers/classification-org.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createPublished } from '../../helpers/training-course.js';
import { recordCompletionAs, recordExternalAs } from '../../helpers/training-record.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import type { PersonAgreementsDto } from '../../../src/modules/people/contracts/signatures.js';
import type { CourseDetail } from '../../../src/modules/training/contracts/courses.js';
import type { TrainingRecord } from '../../../src/modules/training/contracts/records.js';

type Agent = PeopleOrg['sec'];
const SCAN = Buffer.from('%PDF-1.4\n% a paper agreement, scanned\n%%EOF\n');

describe.each(DB_KINDS)('abilities on a person’s records on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  let course: CourseDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议', body: '# 员工保密协议\n\n{{name}}' });
    course = await createPublished(org, { title: '年度保密知识更新培训', kind: 'refresher', mode: 'offline' });
  });
  afterAll(() => t.close());

  const agreements = async (a: Agent, userId: string) =>
    json<PersonAgreementsDto>(await a.get(`/api/agreements/people/${userId}`));
  const training = async (a: Agent, userId: string) =>
    json<TrainingRecord>(await a.get(`/api/training/people/${userId}`));
  const paper = (a: Agent, userId: string) =>
    a.request('POST', `/api/agreements/paper?userId=${userId}&versionId=${nda.version.id}&signedOn=2026-11-23`, SCAN, {
      'content-type': 'application/pdf',
    });
  const complete = (a: Agent, userId: string) =>
    recordCompletionAs(a, userId, { courseId: course.id, completedOn: '2026-11-20' });
  const assign = (a: Agent, userId: string) =>
    a.post('/api/training/assignments', {
      userIds: [userId],
      courseId: course.id,
      dueOn: '2026-12-31',
      reason: '补训',
      source: 'incident',
    });

  it('agreements: the office may record paper and ask for the NDA; a head above reads only; each claim holds', async () => {
    const uid = org.clerkB.userId;
    expect((await agreements(org.headB, uid)).abilities).toEqual({ recordPaper: false, askLeaver: false });
    expect((await paper(org.headB, uid)).statusCode).toBe(403);
    expect((await agreements(org.sec, uid)).abilities).toEqual({ recordPaper: true, askLeaver: true });
    expect((await paper(org.sec, uid)).statusCode).toBe(201);
    // Everything signed: nothing left to record on paper, and the action says so too.
    const signed = await agreements(org.sec, uid);
    expect(signed.abilities.recordPaper).toBe(false);
    const again = await paper(org.sec, uid);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again)).toBe('already_signed');
    // The signature is the office's to withdraw, not the head's nor the person's own.
    const sig = signed.signatures.find((s) => s.act === 'signed')!;
    expect(sig.canWithdraw).toBe(true);
    expect((await agreements(org.headB, uid)).signatures.find((s) => s.id === sig.id)!.canWithdraw).toBe(false);
    expect((await org.headB.post(`/api/agreements/signatures/${sig.id}/withdraw`, { reason: '错' })).statusCode).toBe(
      403,
    );
    expect((await agreements(org.clerkB, uid)).signatures.find((s) => s.id === sig.id)!.canWithdraw).toBe(false);
    expect(
      (await org.sec.post(`/api/agreements/signatures/${sig.id}/withdraw`, { reason: '扫描件不清' })).statusCode,
    ).toBe(200);
    // Withdrawn: neither record is withdrawable any more, and the person is due again (paper offered again).
    const after = await agreements(org.sec, uid);
    expect(after.signatures.map((s) => s.canWithdraw)).toEqual(after.signatures.map(() => false));
    expect(after.abilities.recordPaper).toBe(true);
    const refused = await org.sec.post(`/api/agreements/signatures/${sig.id}/withdraw`, { reason: '再次' });
    expect(refused.statusCode).toBe(409);
    // Asked once for the departure NDA, it is not offered again; asking again is refused.
    expect((await org.sec.post('/api/agreements/leavers', { userId: uid })).statusCode).toBe(201);
    expect((await agreements(org.sec, uid)).abilities.askLeaver).toBe(false);
    const twice = await org.sec.post('/api/agreements/leavers', { userId: uid });
    expect(problemOf(twice)).toBe('already_leaver');
  });

  it('agreements: never on the office’s own record, nothing new for a disabled person', async () => {
    expect((await agreements(org.sec, org.sec.userId)).abilities).toEqual({ recordPaper: false, askLeaver: false });
    expect((await paper(org.sec, org.sec.userId)).statusCode).toBe(403);
    const gone = await person(t, 'abilities.gone.p');
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.userId).execute();
    expect((await agreements(org.sec, gone.userId)).abilities).toEqual({ recordPaper: false, askLeaver: false });
    const r = await paper(org.sec, gone.userId);
    expect(r.statusCode).toBe(409);
    expect(problemOf(r)).toBe('person_inactive');
  });

  it('training: the office records and assigns, the head above reads, the person adds their certificates', async () => {
    const uid = org.engineerA.userId;
    const none = { recordCompletion: false, assign: false, recordExternal: false, cancelTasks: false };
    expect((await training(org.headA, uid)).abilities).toEqual(none);
    expect((await complete(org.headA, uid)).statusCode).toBe(403);
    expect((await recordExternalAs(org.headA, uid)).statusCode).toBe(403);
    const all = { recordCompletion: true, assign: true, recordExternal: true, cancelTasks: true };
    expect((await training(org.sec, uid)).abilities).toEqual(all);
    expect((await complete(org.sec, uid)).statusCode).toBe(201);
    expect((await assign(org.sec, uid)).statusCode).toBe(201);
    expect((await recordExternalAs(org.sec, uid)).statusCode).toBe(201);
    // The person: their own certificates only, on both their pages.
    const own = { ...none, recordExternal: true };
    expect(json<TrainingRecord>(await org.engineerA.get('/api/training/me')).abilities).toEqual(own);
    expect((await training(org.engineerA, uid)).abilities).toEqual(own);
    expect((await recordExternalAs(org.engineerA, uid)).statusCode).toBe(201);
    expect((await complete(org.engineerA, uid)).statusCode).toBe(403);
  });

  it('training: the office on its own record adds only certificates; a disabled person’s open task may be cancelled', async () => {
    const me = await training(org.sec, org.sec.userId);
    expect(me.abilities).toEqual({ recordCompletion: false, assign: false, recordExternal: true, cancelTasks: false });
    const self = await complete(org.sec, org.sec.userId);
    expect(self.statusCode).toBe(403);
    const gone = await person(t, 'abilities.gone.t');
    expect((await assign(org.sec, gone.userId)).statusCode).toBe(201);
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.userId).execute();
    const r = await training(org.sec, gone.userId);
    expect(r.abilities).toEqual({ recordCompletion: false, assign: false, recordExternal: false, cancelTasks: true });
    expect(problemOf(await complete(org.sec, gone.userId))).toBe('person_inactive');
    expect(problemOf(await assign(org.sec, gone.userId))).toBe('person_inactive');
    expect(problemOf(await recordExternalAs(org.sec, gone.userId))).toBe('person_inactive');
    const task = r.tasks.find((x) => x.state === 'open')!;
    const cancelled = await org.sec.post(`/api/training/assignments/${task.id}/cancel`, { version: task.version });
    expect(cancelled.statusCode).toBe(200);
  });
});
