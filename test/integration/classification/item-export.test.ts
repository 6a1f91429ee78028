import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectRefusedQuietly, parseCsv } from '../../helpers/abuse.js';
import { classify, listAll, setupOrg, type Org } from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

/** GET /api/items/export: the register as CSV/XLSX, exactly what the list shows the person, audited. */
describe.each(DB_KINDS)('catalogue export on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let a1: ItemDetail;
  let a2: ItemDetail;
  let b1: ItemDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    a1 = await classify(org, org.officerA, {
      title: '=HYPERLINK("http://x","点击")',
      level: 'secret',
      period: { value: 10, unit: 'years' },
    });
    a2 = await classify(org, org.officerA, { title: '年度预算方案', declassifyCondition: '预算公布后', period: null });
    b1 = await classify(org, org.headB, { title: '乙部门事项', scope: [{ kind: 'department', ref: org.deptB }] });
  });
  afterAll(() => t.close());

  async function csvNumbers(a: typeof org.insiderA, query = ''): Promise<string[][]> {
    const r = await a.get(`/api/items/export?format=csv${query}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toMatch(
      /attachment; filename="baomi-secret-items-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    return parseCsv(r.body);
  }

  it('[CAR-01][CAR-05] exports exactly the visible items in registration order, with marking and formula protection; audited', async () => {
    const h = await t.auditHead();
    const rows = await csvNumbers(org.insiderA);
    expect(rows[0]![0]).toBe('编号');
    const body = rows.slice(1);
    const visible = (await listAll(org.insiderA)).map((i) => i.number).sort();
    expect(body.map((r) => r[0]).sort()).toEqual(visible);
    expect(body.map((r) => r[0])).toEqual([...body.map((r) => r[0]!)].sort());
    expect(body.map((r) => r[0])).not.toContain(b1.number);
    const first = body.find((r) => r[0] === a1.number)!;
    expect(first[1]).toBe(`'=HYPERLINK("http://x","点击")`);
    expect(first[4]).toBe('机密★10年');
    expect(body.find((r) => r[0] === a2.number)![4]).toBe('秘密★预算公布后');
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.result, e.actor_name])).toContainEqual(['item.export', 'success', 'insider.a']);
  });

  it('[CAR-05] honours the filters and search like the list; an out-of-scope person exports nothing of A', async () => {
    const rows = await csvNumbers(org.insiderA, `&q=${encodeURIComponent('预算')}`);
    expect(rows.slice(1).map((r) => r[0])).toEqual([a2.number]);
    const outsider = await csvNumbers(org.outsiderB);
    expect(outsider.slice(1).map((r) => r[0])).toEqual(expect.not.arrayContaining([a1.number, a2.number]));
    expect(outsider.slice(1).map((r) => r[0])).toContain(b1.number);
    // The sysadmin reads no classified content: the register it gets holds none of them.
    const sys = await csvNumbers(org.sys);
    expect(sys.slice(1).map((r) => r[0])).toEqual(expect.not.arrayContaining([a1.number, a2.number, b1.number]));
  });

  it('exports XLSX with the same rows', async () => {
    const r = await org.insiderA.get('/api/items/export?format=xlsx&level=secret');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = ws
      .getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[])[1]);
    expect(values).toEqual([a1.number]);
    expect((ws.getRow(2).values as unknown[])[2]).toBe(`'=HYPERLINK("http://x","点击")`);
  });

  it("[CAR-05] speaks the list's words in the viewer's language: its column names, labels, local times, and codes", async () => {
    const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
    const [zh, ...zhRows] = await csvNumbers(org.insiderA, '&level=secret');
    expect(zh!.slice(0, 13)).toEqual([
      '编号',
      '名称',
      '类别',
      '密级',
      '密级标志',
      '状态',
      '标志日期',
      '保密期限至',
      '解密条件',
      '保管人',
      '所属部门',
      '解密日期',
      '更新时间',
    ]);
    expect(zh).not.toContain('知悉范围责任人');
    const cell = (header: string[], row: string[], name: string) => row[header.indexOf(name)];
    const row = zhRows.find((r) => r[0] === a1.number)!;
    expect(cell(zh!, row, '类别')).toBe('科研成果');
    expect(cell(zh!, row, '密级')).toBe('机密');
    expect(cell(zh!, row, '状态')).toBe('有效');
    expect(cell(zh!, row, '更新时间')).toMatch(LOCAL);
    expect(cell(zh!, row, '类别代码')).toBe('research_result');
    expect(cell(zh!, row, '密级代码')).toBe('secret');
    expect(cell(zh!, row, '状态代码')).toBe('in_force');
    expect(cell(zh!, row, '事项 ID')).toBe(a1.id);

    const r = await org.insiderA.get('/api/items/export?format=xlsx&level=secret&lang=en-US');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const en = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(en.slice(0, 4)).toEqual(['Number', 'Title', 'Category', 'Level']);
    expect(en).toContain('Custodian');
    const x = (name: string) => ws.getRow(2).getCell(en.indexOf(name) + 1).value;
    expect(x('Number')).toBe(a1.number);
    expect(x('Category')).toBe('Research results');
    expect(x('Level')).toBe('Secret');
    expect(x('Status')).toBe('In force');
    expect(String(x('Updated at'))).toMatch(LOCAL);
    expect(x('Level code')).toBe('secret');
  });

  it('refuses bad input with 400, recording nothing', async () => {
    for (const q of [
      '',
      '?format=pdf',
      '?format=csv&level=secret&extra=1',
      '?format=csv&level=nope',
      '?format=csv&lang=fr-FR',
    ]) {
      const h = await t.auditHead();
      await expectRefusedQuietly(t, h, await org.insiderA.get(`/api/items/export${q}`), 400, 'validation_failed');
    }
  });
});
