/**
 * The training report, its coverage and its export (TRN-01/02/03/10): GET /api/training/report lists, per active
 * person in the reader's scope, where they stand with each course due to them — the security administrator
 * everyone, a head or officer their department with its sub-departments — filtered by department, course, state
 * and name, paged by cursor, with totals per state; GET /api/training/report/coverage counts per department, post
 * or cleared class; GET /api/training/report/export writes the rows to CSV/XLSX in the reader's language. Refusals
 * are audited (403 without the ability, 404 for another department); bad input is 400 and records nothing.
 *
 * The state (today T): everyone started on 2020-01-01 but new.a (starts T+10). An onboarding course for all,
 * published T-60 (due T-30: overdue but for engineer.a, tester.a and head.b, who completed it); the IT-security
 * refresher for computer users (engineer.a, clerk.b), published T-60: clerk.b overdue, engineer.a's completion of a
 * year ago expiring in 3 days; an elective nobody was assigned and a draft (due to nobody).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, parseCsv } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { member, setupPeopleOrg, type PeopleOrg, type Person } from '../../helpers/people-org.js';
import { createCourse, createPublished } from '../../helpers/training-course.js';
import { complete, dayFrom, publishedOn, setPersonFacts } from '../../helpers/training-report.js';
import { addMonths } from '../../../src/kernel/secrecy-period.js';
import type { CoverageResponse, ReportResponse } from '../../../src/modules/training/contracts/reports.js';

describe.each(DB_KINDS)('training report on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let newA: Person;
  const c = { onboarding: '', it: '', elective: '', draft: '' };

  const report = async (who: Agent, query = '') => json<ReportResponse>(await who.get(`/api/training/report?${query}`));
  /** username -> `course:state` of each due shown. */
  const states = (r: ReportResponse) =>
    Object.fromEntries(
      r.items.map((p) => [
        p.username,
        p.dues.map((d) => `${d.courseId === c.onboarding ? 'onb' : d.courseId === c.it ? 'it' : '?'}:${d.state}`),
      ]),
    );
  const coverage = async (who: Agent, query: string) =>
    json<CoverageResponse>(await who.get(`/api/training/report/coverage?${query}`));
  const counts = (r: CoverageResponse) =>
    Object.fromEntries(
      r.groups.map((g) => [g.label ?? '-', [g.people, g.inAudience, g.completed, g.due, g.overdue, g.rate]]),
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    const everyone = (await t.ctx.db.selectFrom('users').select('id').execute()).map((u) => u.id);
    await setPersonFacts(t, everyone, { hiredOn: '2020-01-01' });
    await setPersonFacts(t, [org.engineerA.userId, org.clerkB.userId], { computerUser: true });
    newA = await member(t, 'new.a', { departmentId: org.deptA, post: '实习生' });
    await setPersonFacts(t, [newA.userId], { hiredOn: await dayFrom(t, 10) });
    const past = await dayFrom(t, -60);
    c.onboarding = (await createPublished(org, { title: '新员工保密培训', kind: 'onboarding' })).id;
    c.it = (
      await createPublished(org, {
        title: '信息安全年度培训',
        kind: 'refresher',
        topics: ['it_security'],
        audience: [{ kind: 'computer_users' }],
      })
    ).id;
    c.elective = (await createPublished(org, { title: '保密法选修' })).id;
    c.draft = (await createCourse(org, { title: '草稿课程', kind: 'onboarding' })).id;
    for (const id of [c.onboarding, c.it]) await publishedOn(t, id, past);
    for (const p of [org.engineerA, org.testerA, org.headB])
      await complete(t, p.userId, c.onboarding, await dayFrom(t, -10));
    // A year ago plus three days: valid until three days from now (expiring within the 7-day window).
    await complete(t, org.engineerA.userId, c.it, addMonths(await dayFrom(t, 3), -12));
  });
  afterAll(() => t.close());

  it('[TRN-01][TRN-10] the security administrator sees every active person, each course due in its state, with totals', async () => {
    const r = await report(org.sec);
    expect(states(r)).toEqual({
      auditor: ['onb:overdue'],
      'clerk.b': ['it:overdue', 'onb:overdue'],
      'engineer.a': ['it:expiring', 'onb:completed'],
      'head.a': ['onb:overdue'],
      'head.b': ['onb:completed'],
      'member.suba': ['onb:overdue'],
      'new.a': ['onb:due'],
      'officer.a': ['onb:overdue'],
      secadmin: ['onb:overdue'],
      sysadmin: ['onb:overdue'],
      'tester.a': ['onb:completed'],
    });
    expect([r.total, r.nextCursor]).toEqual([11, null]);
    expect(r.totals).toEqual({ people: 11, byState: { completed: 3, expiring: 1, due: 1, overdue: 8 } });
    const engineer = r.items.find((p) => p.username === 'engineer.a')!;
    expect(engineer).toMatchObject({
      departmentId: org.deptA,
      departmentName: '研发部',
      post: '工程师',
      status: 'active',
    });
    expect(engineer.dues[0]).toMatchObject({
      title: '信息安全年度培训',
      kind: 'refresher',
      dueOn: await dayFrom(t, 3),
      expiresOn: await dayFrom(t, 3),
      lastCompletedOn: addMonths(await dayFrom(t, 3), -12),
      assignmentId: null,
    });
    expect(r.items.find((p) => p.username === 'new.a')!.dues[0]!.dueOn).toBe(await dayFrom(t, 10));
  });

  it('[TRN-02] a head or officer sees their department with its sub-departments only', async () => {
    const a = ['engineer.a', 'head.a', 'member.suba', 'new.a', 'officer.a', 'tester.a'];
    expect(Object.keys(states(await report(org.headA)))).toEqual(a);
    expect(Object.keys(states(await report(org.officerA)))).toEqual(a);
    expect(Object.keys(states(await report(org.headB)))).toEqual(['clerk.b', 'head.b']);
    expect(Object.keys(states(await report(org.headA, `departmentId=${org.subA}`)))).toEqual(['member.suba']);
    expect(Object.keys(states(await report(org.sec, `departmentId=${org.deptB}`)))).toEqual(['clerk.b', 'head.b']);
  });

  it('[TRN-01] filters: state, course, name; totals stay those of the scope', async () => {
    const overdue = await report(org.headA, 'state=overdue');
    expect(states(overdue)).toEqual({
      'head.a': ['onb:overdue'],
      'member.suba': ['onb:overdue'],
      'officer.a': ['onb:overdue'],
    });
    expect([overdue.total, overdue.totals.people]).toEqual([3, 6]);
    const it = await report(org.sec, `courseId=${c.it}`);
    expect(states(it)).toEqual({ 'clerk.b': ['it:overdue'], 'engineer.a': ['it:expiring'] });
    expect(it.totals).toEqual({ people: 2, byState: { completed: 0, expiring: 1, due: 0, overdue: 1 } });
    expect(states(await report(org.sec, `courseId=${c.onboarding}&state=completed`))).toEqual({
      'engineer.a': ['onb:completed'],
      'head.b': ['onb:completed'],
      'tester.a': ['onb:completed'],
    });
    expect(Object.keys(states(await report(org.sec, `q=${encodeURIComponent('.SUBA')}`)))).toEqual(['member.suba']);
    expect(
      Object.keys(states(await report(org.sec, `q=${encodeURIComponent('同志')}&departmentId=${org.deptB}`))),
    ).toEqual(['clerk.b', 'head.b']);
    // An elective nobody was assigned, a draft: due to nobody.
    expect((await report(org.sec, `courseId=${c.elective}`)).items).toEqual([]);
    expect((await report(org.sec, `courseId=${c.draft}`)).total).toBe(0);
  });

  it('pages by cursor in username order, every person once', async () => {
    const whole = (await report(org.sec)).items.map((p) => p.username);
    for (const limit of [1, 3, 4]) {
      const got: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const page: ReportResponse = await report(
          org.sec,
          `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        got.push(...page.items.map((p) => p.username));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(got).toEqual(whole);
    }
    const first = await report(org.sec, 'limit=4');
    expect([first.items.length, first.total, first.nextCursor]).toEqual([4, 11, 'head.a']);
  });

  it('[TRN-03] coverage by department, post and cleared class: in the reader’s scope only', async () => {
    const byDept = await coverage(org.sec, 'by=department');
    expect(counts(byDept)).toMatchObject({
      研发部: [5, 5, 2, 1, 2, 0.4],
      研发一室: [1, 1, 0, 0, 1, 0],
      财务部: [2, 2, 1, 0, 1, 0.5],
    });
    expect(byDept.total).toEqual({ people: 11, inAudience: 11, completed: 3, due: 1, overdue: 7, rate: 0.2727 });
    expect(counts(await coverage(org.headA, 'by=department'))).toEqual({
      研发部: [5, 5, 2, 1, 2, 0.4],
      研发一室: [1, 1, 0, 0, 1, 0],
    });
    expect(counts(await coverage(org.headB, `by=post&courseId=${c.it}`))).toEqual({
      主任: [1, 0, 0, 0, 0, null],
      会计: [1, 1, 0, 0, 1, 0],
    });
    const byClass = await coverage(org.headA, 'by=clearance');
    expect(counts(byClass)).toEqual({ important: [3, 3, 1, 0, 2, 0.3333], '-': [3, 3, 1, 1, 1, 0.3333] });
    expect(byClass.groups.at(-1)!.key).toBe(null);
  });

  it('refuses a person without the ability (403) and another department (404), audited; an unknown course 400', async () => {
    let head = await t.auditHead();
    expectError(await newA.get('/api/training/report'), 403, 'forbidden');
    expectError(await org.testerA.get('/api/training/report/coverage?by=department'), 403, 'forbidden');
    let rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.actor_name])).toEqual([
      ['training.report', 'denied', 'new.a'],
      ['training.report', 'denied', 'tester.a'],
    ]);

    head = await t.auditHead();
    expectError(await org.headA.get(`/api/training/report?departmentId=${org.deptB}`), 404, 'not_found');
    expectError(
      await org.headB.get(`/api/training/report/coverage?by=post&departmentId=${org.deptA}`),
      404,
      'not_found',
    );
    rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([
      ['training.report', 'denied', org.deptB],
      ['training.report', 'denied', org.deptA],
    ]);

    head = await t.auditHead();
    expectError(
      await org.headB.get(`/api/training/report/export?format=csv&departmentId=${org.deptA}`),
      404,
      'not_found',
    );
    expectError(await newA.get('/api/training/report/export?format=csv'), 403, 'forbidden');
    rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ['training.export', 'denied'],
      ['training.export', 'denied'],
    ]);

    head = await t.auditHead();
    const unknown = await org.sec.get(`/api/training/report?courseId=${crypto.randomUUID()}`);
    expectError(unknown, 400, 'bad_request');
    expect(unknown.json()).toMatchObject({ error: { details: { problem: 'course_unknown' } } });
    expect(await t.auditHead()).toBe(head);
  });

  it.each([
    'state=late',
    'courseId=x',
    'limit=0',
    'limit=201',
    'limit=1e2',
    'departmentId=A',
    'extra=1',
    `q=${encodeURIComponent('a\u0000b')}`,
  ])('bad input %s: 400, nothing recorded', async (query) => {
    const head = await t.auditHead();
    expectError(await org.sec.get(`/api/training/report?${query}`), 400, 'validation_failed');
    if (!query.startsWith('limit'))
      expectError(await org.sec.get(`/api/training/report/export?format=csv&${query}`), 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
  });

  it('coverage and export: a missing or unknown grouping or format is 400, nothing recorded', async () => {
    const head = await t.auditHead();
    for (const q of ['', 'by=team', 'by=post&state=due'])
      expectError(await org.sec.get(`/api/training/report/coverage?${q}`), 400, 'validation_failed');
    for (const q of ['', 'format=pdf', 'format=csv&lang=fr-FR'])
      expectError(await org.sec.get(`/api/training/report/export?${q}`), 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
  });

  it('[TRN-03] exports the report to CSV in the reader’s language, one line per course due, audited', async () => {
    const head = await t.auditHead();
    const res = await org.headA.get('/api/training/report/export?format=csv&state=overdue');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="baomi-training-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([
      '部门',
      '姓名',
      '用户名',
      '岗位',
      '课程',
      '类型',
      '状态',
      '完成期限',
      '最近完成日期',
      '有效期至',
      '补训任务',
    ]);
    const due = await dayFrom(t, -30);
    expect(rows.slice(1).map((r) => [r[2], r[4], r[5], r[6], r[7]])).toEqual([
      ['head.a', '新员工保密培训', '入职培训', '已逾期', due],
      ['member.suba', '新员工保密培训', '入职培训', '已逾期', due],
      ['officer.a', '新员工保密培训', '入职培训', '已逾期', due],
    ]);
    const audit = await auditRowsAfter(t, head);
    expect(audit.map((r) => [r.action, r.result, r.actor_name])).toEqual([['training.export', 'success', 'head.a']]);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ format: 'csv', lang: 'zh-CN', filter: { state: 'overdue' } });
  });

  it('exports XLSX in English when asked, a person with nothing due on one line', async () => {
    const res = await org.sec.get(`/api/training/report/export?format=xlsx&lang=en-US&departmentId=${org.deptB}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Training')!;
    const values = ws
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values[0]).toEqual(expect.arrayContaining(['Department', 'Name', 'Username', 'Course', 'State', 'Due by']));
    expect(values.slice(1).map((r) => [r[2], r[4], r[6]])).toEqual([
      ['clerk.b', '信息安全年度培训', 'Overdue'],
      ['clerk.b', '新员工保密培训', 'Overdue'],
      ['head.b', '新员工保密培训', 'Completed'],
    ]);
    // Someone with nothing due: one line saying so.
    const none = await org.sec.get(`/api/training/report/export?format=csv&lang=en-US&courseId=${c.elective}`);
    expect(parseCsv(none.body)).toHaveLength(1);
  });
});
