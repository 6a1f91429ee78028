/**
 * The agreements report and its export (PER-01/02/08): GET /api/agreements/report lists, per person in the
 * reader's scope, where they stand with each agreement — the security administrator everyone, a head or officer
 * their department with its sub-departments — filtered by department, state, overdue, re-sign, kind and name,
 * paged by cursor, with totals per state; GET /api/agreements/report/export writes the same rows to CSV/XLSX in
 * the reader's language. Refusals are audited (403 without the ability, 404 for another department); bad input is
 * 400 and leaves the audit head where it was.
 *
 * The state (day 16): NDA v1 (day 0) signed by test.a and clerk.b, v2 (day 1) signed by the readers (the security
 * administrator, head.a, officer.a, head.b); department A's responsibility letter v1 (day 0) signed by engineer.a,
 * v2 published on day 10 (due day 24); new.a joined on day 16.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, parseCsv } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import {
  advanceDays,
  createAndPublish,
  member,
  publishNewVersion,
  setupPeopleOrg,
  type PeopleOrg,
  type Person,
} from '../../helpers/people-org.js';
import { signInAgain, signVersion } from '../../helpers/people-report.js';
import type { ReportResponse } from '../../../src/modules/people/contracts/reports.js';
import type { Agent } from '../../helpers/api.js';

describe.each(DB_KINDS)('agreements report on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let newA: Person;
  let nda = { templateId: '', v1: '', v2: '' };
  let resp = { templateId: '', v2: '' };

  const report = async (who: Agent, query = '') =>
    json<ReportResponse>(await who.get(`/api/agreements/report?${query}`));
  /** username -> [kind, state] of each obligation shown. */
  const states = (r: ReportResponse) =>
    Object.fromEntries(r.items.map((p) => [p.username, p.obligations.map((o) => `${o.kind}:${o.state}`)]));
  /** Every row of a report, following the cursor. */
  const all = async (who: Agent, query: string, limit: number) => {
    const out: ReportResponse['items'] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await report(who, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return out;
    }
    throw new Error('no end');
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    const n1 = await createAndPublish(org, { title: '员工保密协议' });
    nda = { templateId: n1.template.id, v1: n1.version.id, v2: '' };
    const r1 = await createAndPublish(org, {
      kind: 'responsibility',
      title: '研发部保密责任书',
      departmentId: org.deptA,
      duties: '妥善保管本部门涉密载体',
      body: '# 保密责任书\n\n{{name}}：{{duties}}',
    });
    resp = { templateId: r1.template.id, v2: '' };
    for (const p of [org.testerA, org.clerkB]) await signVersion(t, p, nda.v1);
    await signVersion(t, org.engineerA, r1.version.id);
    advanceDays(org, 1);
    await signInAgain(t, org.sec);
    nda.v2 = (await publishNewVersion(org, nda.templateId, { body: '# 保密协议（第二版）\n\n{{name}}' })).version.id;
    for (const p of [org.sec, org.headA, org.officerA, org.headB]) await signVersion(t, p, nda.v2);
    advanceDays(org, 9);
    await signInAgain(t, org.sec);
    resp.v2 = (
      await publishNewVersion(org, resp.templateId, { duties: '妥善保管本部门涉密载体；按期清点' })
    ).version.id;
    advanceDays(org, 6);
    for (const p of [org.sec, org.headA, org.officerA, org.headB]) expect(await signInAgain(t, p)).toBe('full');
    newA = await member(t, 'new.a', { departmentId: org.deptA, post: '实习生' });
  });
  afterAll(() => t.close());

  it('[PER-01][PER-02] the security administrator sees everyone, each agreement in its state, with totals', async () => {
    const r = await report(org.sec);
    expect(states(r)).toEqual({
      auditor: ['nda:overdue'],
      'clerk.b': ['nda:resign_overdue'],
      'engineer.a': ['nda:overdue', 'responsibility:resign_due'],
      'head.a': ['nda:signed', 'responsibility:due'],
      'head.b': ['nda:signed'],
      'member.suba': ['nda:overdue', 'responsibility:due'],
      'new.a': ['nda:due', 'responsibility:due'],
      'officer.a': ['nda:signed', 'responsibility:due'],
      secadmin: ['nda:signed'],
      sysadmin: ['nda:overdue'],
      'tester.a': ['nda:resign_overdue', 'responsibility:due'],
    });
    expect(r.total).toBe(11);
    expect(r.nextCursor).toBe(null);
    expect(r.totals).toEqual({
      people: 11,
      byState: { signed: 4, due: 6, overdue: 4, resign_due: 1, resign_overdue: 2, expiring: 0 },
    });
    const engineer = r.items.find((p) => p.username === 'engineer.a')!;
    expect(engineer).toMatchObject({
      departmentId: org.deptA,
      departmentName: '研发部',
      post: '工程师',
      leaver: false,
    });
    expect(engineer.obligations[1]).toMatchObject({
      title: '研发部保密责任书',
      templateId: resp.templateId,
      versionId: resp.v2,
      versionNo: 2,
      dueOn: expect.any(String),
    });
  });

  it('[PER-08] a head or officer sees their department with its sub-departments only', async () => {
    const a = ['engineer.a', 'head.a', 'member.suba', 'new.a', 'officer.a', 'tester.a'];
    expect(Object.keys(states(await report(org.headA)))).toEqual(a);
    expect(Object.keys(states(await report(org.officerA)))).toEqual(a);
    expect(Object.keys(states(await report(org.headB)))).toEqual(['clerk.b', 'head.b']);
    expect(Object.keys(states(await report(org.headA, `departmentId=${org.subA}`)))).toEqual(['member.suba']);
    expect(Object.keys(states(await report(org.sec, `departmentId=${org.deptB}`)))).toEqual(['clerk.b', 'head.b']);
  });

  it('[PER-01] filters: overdue, must re-sign, one state, kind, name; totals stay those of the scope', async () => {
    const overdue = await report(org.sec, 'overdue=true');
    expect(states(overdue)).toEqual({
      auditor: ['nda:overdue'],
      'clerk.b': ['nda:resign_overdue'],
      'engineer.a': ['nda:overdue'],
      'member.suba': ['nda:overdue'],
      sysadmin: ['nda:overdue'],
      'tester.a': ['nda:resign_overdue'],
    });
    expect(overdue.total).toBe(6);
    expect(overdue.totals.people).toBe(11);
    expect(states(await report(org.headA, 'resign=true'))).toEqual({
      'engineer.a': ['responsibility:resign_due'],
      'tester.a': ['nda:resign_overdue'],
    });
    expect(states(await report(org.headA, 'state=due&kind=nda'))).toEqual({ 'new.a': ['nda:due'] });
    const letters = await report(org.sec, 'kind=responsibility');
    expect(letters.total).toBe(6);
    expect(letters.totals).toEqual({
      people: 6,
      byState: { signed: 0, due: 5, overdue: 0, resign_due: 1, resign_overdue: 0, expiring: 0 },
    });
    expect(Object.keys(states(await report(org.sec, `q=${encodeURIComponent('.SUBA')}`)))).toEqual(['member.suba']);
    expect((await report(org.sec, 'kind=commitment')).items).toEqual([]);
  });

  it('pages by cursor in username order, every person once', async () => {
    const whole = (await report(org.sec)).items.map((p) => p.username);
    for (const limit of [1, 3, 4]) expect((await all(org.sec, '', limit)).map((p) => p.username)).toEqual(whole);
    const first = await report(org.sec, 'limit=4');
    expect([first.items.length, first.total, first.nextCursor]).toEqual([4, 11, 'head.a']);
    const next = await report(org.sec, 'limit=4&cursor=head.a');
    expect(next.items.map((p) => p.username)).toEqual(whole.slice(4, 8));
    expect((await all(org.headA, 'overdue=true', 1)).map((p) => p.username)).toEqual([
      'engineer.a',
      'member.suba',
      'tester.a',
    ]);
  });

  it('refuses a person without the ability (403) and another department (404), audited', async () => {
    let head = await t.auditHead();
    expectError(await newA.get('/api/agreements/report'), 403, 'forbidden');
    let rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.actor_name])).toEqual([['agreement.report', 'denied', 'new.a']]);

    head = await t.auditHead();
    expectError(await org.headA.get(`/api/agreements/report?departmentId=${org.deptB}`), 404, 'not_found');
    rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([['agreement.report', 'denied', org.deptB]]);

    head = await t.auditHead();
    expectError(
      await org.headB.get(`/api/agreements/report/export?format=csv&departmentId=${org.deptA}`),
      404,
      'not_found',
    );
    expectError(await newA.get('/api/agreements/report/export?format=csv'), 403, 'forbidden');
    rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ['agreement.export', 'denied'],
      ['agreement.export', 'denied'],
    ]);
  });

  it.each([
    'state=late',
    'overdue=yes',
    'kind=letter',
    'limit=0',
    'limit=201',
    'limit=1e2',
    'departmentId=A',
    'extra=1',
    `q=${encodeURIComponent('a\u0000b')}`,
  ])('bad input %s: 400, nothing recorded', async (query) => {
    const head = await t.auditHead();
    expectError(await org.sec.get(`/api/agreements/report?${query}`), 400, 'validation_failed');
    expectError(await org.sec.get(`/api/agreements/report/export?format=csv&${query}`), 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
  });

  it('export: no format or an unknown one is 400, nothing recorded', async () => {
    const head = await t.auditHead();
    for (const q of ['', 'format=pdf', 'format=csv&lang=fr-FR'])
      expectError(await org.sec.get(`/api/agreements/report/export?${q}`), 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
  });

  it('[PER-01][PER-02] exports the report to CSV in the reader’s language, one line per agreement, audited', async () => {
    const head = await t.auditHead();
    const res = await org.headA.get('/api/agreements/report/export?format=csv&overdue=true');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="baomi-agreements-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([
      '部门',
      '姓名',
      '用户名',
      '岗位',
      '账号状态',
      '离职人员',
      '协议',
      '类型',
      '版本',
      '签署状态',
      '签署期限',
      '签署日期',
      '签署方式',
      '有效期至',
    ]);
    expect(rows.slice(1).map((r) => [r[2], r[6], r[7], r[8], r[9]])).toEqual([
      ['engineer.a', '员工保密协议', '保密协议', '第 2 版', '逾期未签'],
      ['member.suba', '员工保密协议', '保密协议', '第 2 版', '逾期未签'],
      ['tester.a', '员工保密协议', '保密协议', '第 2 版', '逾期未重新签署'],
    ]);
    // tester.a signed v1 electronically: the date and method of the signature that counts.
    expect(rows[3]![11]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[3]![12]).toBe('电子签署');
    const audit = await auditRowsAfter(t, head);
    expect(audit.map((r) => [r.action, r.result, r.actor_name])).toEqual([['agreement.export', 'success', 'head.a']]);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ format: 'csv', lang: 'zh-CN', filter: { overdue: 'true' } });
  });

  it('exports XLSX in English when asked, a person with nothing to sign on one line', async () => {
    const res = await org.sec.get(`/api/agreements/report/export?format=xlsx&lang=en-US&departmentId=${org.deptB}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Agreements')!;
    const values = ws
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values[0]).toEqual(expect.arrayContaining(['Department', 'Name', 'Username', 'State', 'Sign by']));
    expect(values.slice(1).map((r) => [r[2], r[9]])).toEqual([
      ['clerk.b', 'Overdue to sign again'],
      ['head.b', 'Signed'],
    ]);
  });
});
