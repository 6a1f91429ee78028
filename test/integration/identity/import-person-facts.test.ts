/**
 * The organisation import's optional people columns: the hire date (入职日期) and the computer-user flag
 * (计算机用户), which the training rules read. An imported person gets both; a workbook of the old template
 * (without them) imports as before; a bad cell is refused with nothing written. On both databases.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { expectOk, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { countRows, expectError } from '../../helpers/abuse.js';
import type { ImportPreview } from '../../../src/modules/identity/contracts/import.js';
import type { DirectoryEntry } from '../../../src/modules/identity/contracts/directory.js';
import { trainingPeople } from '../../../src/modules/training/services/training-facts.js';
import { inAudience } from '../../../src/modules/training/domain/audiences.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OLD_HEADER = ['用户名', '姓名', '部门编码', '岗位', '电子邮箱', '业务角色'];
const NEW_HEADER = [...OLD_HEADER, '入职日期', '计算机用户'];

/** A workbook with a people sheet only; a Date is written as Excel writes a date: a serial number shown as a date. */
async function peopleWorkbook(header: string[], rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(header);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((c) => {
      if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(DB_KINDS)('organisation import of hire dates and computer users on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
  });
  afterAll(() => t.close());

  const upload = (url: string, body: Buffer) => sys.request('POST', url, body, { 'content-type': XLSX_TYPE });
  async function preview(body: Buffer): Promise<ImportPreview> {
    const r = await upload('/api/directory/import/preview', body);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as ImportPreview;
  }
  async function person(username: string) {
    return t.ctx.db
      .selectFrom('users')
      .select(['id', 'hired_on', 'computer_user'])
      .where('username', '=', username)
      .executeTakeFirst();
  }
  const problemsOf = (p: ImportPreview) =>
    Object.fromEntries(
      p.people.filter((r) => r.errors.length).map((r) => [r.row, r.errors.map((e) => `${e.column}:${e.problem}`)]),
    );

  it('gives an imported person the hire date (a date cell or text) and the computer-user flag', async () => {
    const file = await peopleWorkbook(NEW_HEADER, [
      ['pf.date', '日期格', '', '', '', '', new Date(Date.UTC(2026, 2, 1)), '是'],
      ['pf.text', '文本日期', '', '', '', '', '2024-02-29', 'No'],
      ['pf.bool', '逻辑值', '', '', '', '', '', true],
      ['pf.one', '数字一', '', '', '', '', '', 1],
      ['pf.none', '都空', '', '', '', '', '', ''],
    ]);
    const p = await preview(file);
    expect([p.fileErrors, problemsOf(p)]).toEqual([[], {}]);
    expect(p.people.map((r) => [r.username, r.hiredOn, r.computerUser])).toEqual([
      ['pf.date', '2026-03-01', '是'],
      ['pf.text', '2024-02-29', 'No'],
      ['pf.bool', '', 'TRUE'],
      ['pf.one', '', '1'],
      ['pf.none', '', ''],
    ]);
    await expectOk(await upload(`/api/directory/import/commit?sha256=${p.sha256}`, file));
    const rows = await Promise.all(['pf.date', 'pf.text', 'pf.bool', 'pf.one', 'pf.none'].map(person));
    expect(rows.map((r) => [r!.hired_on, Number(r!.computer_user)])).toEqual([
      ['2026-03-01', 1],
      ['2024-02-29', 0],
      [null, 1],
      [null, 1],
      [null, 0],
    ]);
    // The directory shows them as the create form's fields.
    const entry = (await sys.get(`/api/users/${rows[0]!.id}`)).json() as DirectoryEntry;
    expect([entry.hiredOn, entry.computerUser]).toEqual(['2026-03-01', true]);
  });

  it('gives the training rules the imported facts: a long-serving person is no new hire, a computer user is one', async () => {
    const file = await peopleWorkbook(NEW_HEADER, [
      ['pf.veteran', '老员工', '', '', '', '', new Date(Date.UTC(2015, 5, 1)), '是'],
      ['pf.undated', '无日期', '', '', '', '', '', '否'],
    ]);
    const p = await preview(file);
    await expectOk(await upload(`/api/directory/import/commit?sha256=${p.sha256}`, file));
    const ids = await Promise.all(['pf.veteran', 'pf.undated'].map(async (u) => (await person(u))!.id));
    const facts = new Map((await trainingPeople(t.ctx, t.ctx.db, { userIds: ids })).map((r) => [r.facts.id, r.facts]));
    const [veteran, undated] = ids.map((id) => facts.get(id));
    // Without a hire date the account's creation (the import) counts as the start: that is the day the rules run.
    const today = undated!.startOn;
    const newHires = [{ kind: 'new_hires', withinDays: 30 }] as const;
    const computerUsers = [{ kind: 'computer_users' }] as const;
    expect([
      veteran!.startOn,
      inAudience(newHires, veteran!, today),
      inAudience(computerUsers, veteran!, today),
    ]).toEqual(['2015-06-01', false, true]);
    expect([inAudience(newHires, undated!, today), inAudience(computerUsers, undated!, today)]).toEqual([true, false]);
  });

  it('imports a workbook of the old template, without the two columns, as before', async () => {
    const file = await peopleWorkbook(OLD_HEADER, [['pf.old', '旧模板', 'ROOT', '科员', '', '普通员工']]);
    const p = await preview(file);
    expect(p.fileErrors).toEqual([]);
    expect(p.people).toEqual([
      {
        row: 2,
        username: 'pf.old',
        displayName: '旧模板',
        departmentCode: 'ROOT',
        post: '科员',
        email: '',
        businessRoles: '普通员工',
        hiredOn: '',
        computerUser: '',
        status: 'new',
        errors: [],
      },
    ]);
    const done = await upload(`/api/directory/import/commit?sha256=${p.sha256}`, file);
    expect(done.statusCode, done.body).toBe(200);
    expect((done.json() as { usersCreated: number }).usersCreated).toBe(1);
    expect(await person('pf.old')).toMatchObject({ hired_on: null });
    expect(Number((await person('pf.old'))!.computer_user)).toBe(0);
  });

  it('imports the template the reader downloads, filled in English with a date cell', async () => {
    const r = await sys.get('/api/directory/import/template?lang=en-US');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('People')!;
    ws.addRow(['pf.en', 'English', '', '', '', '', new Date(Date.UTC(2025, 11, 31)), 'YES']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const p = await preview(file);
    expect([p.fileErrors, problemsOf(p)]).toEqual([[], {}]);
    await expectOk(await upload(`/api/directory/import/commit?sha256=${p.sha256}`, file));
    const row = await person('pf.en');
    expect([row!.hired_on, Number(row!.computer_user)]).toEqual(['2025-12-31', 1]);
  });

  it('refuses a bad hire date or computer-user cell, in both languages, and writes nothing', async () => {
    const file = await peopleWorkbook(NEW_HEADER, [
      ['pf.good', '好', '', '', '', '', '2026-03-01', '否'],
      ['pf.feb30', '二月三十', '', '', '', '', '2026-02-30', ''],
      ['pf.slash', '斜杠', '', '', '', '', '2026/03/01', ''],
      ['pf.maybe', '也许', '', '', '', '', '', 'maybe'],
      ['pf.formula', '公式', '', '', '', '', { formula: 'TODAY()', result: new Date(Date.UTC(2026, 0, 5)) }, ''],
    ]);
    const p = await preview(file);
    expect(problemsOf(p)).toEqual({
      3: ['hiredOn:no_such_date'],
      4: ['hiredOn:bad_date'],
      5: ['computerUser:bad_yes_no'],
      6: ['hiredOn:formula'],
    });
    expect(p.people.find((r) => r.row === 4)!.errors[0]!.message).toEqual({
      'zh-CN': '“2026/03/01”不是日期：请填写日期单元格或 YYYY-MM-DD 格式的文本（如 2026-03-01），不知道可留空',
      'en-US':
        '"2026/03/01" is not a date: enter a date cell or text as YYYY-MM-DD (e.g. 2026-03-01), or leave it empty',
    });
    expect(p.people.find((r) => r.row === 5)!.errors[0]!.message['en-US']).toBe(
      '"maybe" is neither yes nor no: enter 是/否, yes/no, true/false or 1/0; empty means no',
    );

    const users = await countRows(t, 'users');
    const head = await t.auditHead();
    expectError(await upload(`/api/directory/import/commit?sha256=${p.sha256}`, file), 400, 'validation_failed');
    expect(await countRows(t, 'users')).toBe(users);
    expect(await t.auditHead()).toBe(head);
    expect(await person('pf.good')).toBeUndefined();

    // The error file carries the cells as given, to correct and upload again.
    const errors = await upload('/api/directory/import/errors?format=xlsx&lang=en-US', file);
    expect(errors.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errors.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('People')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Row',
      'Username',
      'Display name',
      'Department code',
      'Post',
      'E-mail',
      'Business roles',
      'Hired on',
      'Computer user',
      'Errors',
    ]);
    expect([2, 3, 4, 5].map((i) => (sheet.getRow(i).values as unknown[]).slice(0, 10))).toEqual([
      [undefined, '3', 'pf.feb30', '二月三十', '', '', '', '', '2026-02-30', ''],
      [undefined, '4', 'pf.slash', '斜杠', '', '', '', '', '2026/03/01', ''],
      [undefined, '5', 'pf.maybe', '也许', '', '', '', '', '', 'maybe'],
      [undefined, '6', 'pf.formula', '公式', '', '', '', '', '', ''],
    ]);
    expect(await t.auditHead()).toBe(head);

    // The valid row alone, when asked.
    await expectOk(await upload(`/api/directory/import/commit?sha256=${p.sha256}&validOnly=true`, file));
    expect(await person('pf.good')).toMatchObject({ hired_on: '2026-03-01' });
    expect(await person('pf.feb30')).toBeUndefined();
  });
});
