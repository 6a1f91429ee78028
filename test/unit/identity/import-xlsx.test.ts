/** The organisation import's reader (services/import-xlsx.ts): the optional columns and date cells in any zone. */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { importTemplate, readImportFile } from '../../../src/modules/identity/services/import-xlsx.js';

const OLD_PEOPLE_HEADER = ['用户名', '姓名', '部门编码', '岗位', '电子邮箱', '业务角色'];

async function peopleSheet(header: string[], rows: ExcelJS.CellValue[][], dateFormat?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  if (dateFormat) for (let i = 2; i <= rows.length + 1; i++) ws.getRow(i).getCell(7).numFmt = dateFormat;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('the optional people columns', () => {
  it('reads a workbook of the old template (no hire date, no computer user) without a file error', async () => {
    const f = await readImportFile(await peopleSheet(OLD_PEOPLE_HEADER, [['old.one', '旧模板', '', '', '', '']]));
    expect(f.fileErrors).toEqual([]);
    expect(f.people).toEqual([{ row: 2, cells: { username: { text: 'old.one' }, displayName: { text: '旧模板' } } }]);
  });

  it('still refuses a sheet without a column of the old template', async () => {
    const header = ['用户名', '部门编码', '岗位', '电子邮箱', '业务角色', '入职日期', '计算机用户'];
    const f = await readImportFile(await peopleSheet(header, [['a.b', '', '', '', '', '', '']]));
    expect(f.fileErrors.map((e) => [e.problem, e.message['zh-CN']])).toEqual([
      ['missing_column', '缺少列“人员/姓名”（请使用导入模板）'],
    ]);
  });

  it('takes the columns under either language, in any order', async () => {
    const header = ['Computer user', 'Username', 'Display name', 'Hired on', 'Department code', 'Post', 'E-mail'];
    const f = await readImportFile(
      await peopleSheet([...header, 'Business roles'], [['yes', 'en.one', 'English', '2026-03-01']]),
    );
    expect(f.fileErrors).toEqual([]);
    expect(f.people[0]!.cells).toEqual({
      computerUser: { text: 'yes' },
      username: { text: 'en.one' },
      displayName: { text: 'English' },
      hiredOn: { text: '2026-03-01' },
    });
  });

  it('writes them into the template, the hire date formatted as a date', async () => {
    for (const [lang, header] of [
      ['zh-CN', [...OLD_PEOPLE_HEADER, '入职日期', '计算机用户']],
      [
        'en-US',
        [
          'Username',
          'Display name',
          'Department code',
          'Post',
          'E-mail',
          'Business roles',
          'Hired on',
          'Computer user',
        ],
      ],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await importTemplate(lang)) as unknown as ArrayBuffer);
      expect(wb.worksheets[1]!.getRow(1).values).toEqual([undefined, ...header]);
      expect(wb.worksheets[1]!.getColumn(7).numFmt).toBe('yyyy-mm-dd');
    }
  });
});

describe('date cells', () => {
  // Excel keeps a date as a serial number of days: 46082 is 2026-03-01, .99 late that evening.
  const rows: ExcelJS.CellValue[][] = [
    ['d.one', 'One', '', '', '', '', 46082, true],
    ['d.two', 'Two', '', '', '', '', 46082.99, false],
    ['d.three', 'Three', '', '', '', '', new Date(Date.UTC(2025, 11, 31)), 1],
  ];
  it.each([
    ['UTC', 0],
    ['Asia/Shanghai', -480],
    ['Pacific/Honolulu', 600],
    ['Pacific/Kiritimati', -840],
    ['America/St_Johns', 210],
  ])('are the calendar date the sheet shows, with the server in %s', async (tz, offset) => {
    const file = await peopleSheet([...OLD_PEOPLE_HEADER, '入职日期', '计算机用户'], rows, 'yyyy-mm-dd');
    process.env.TZ = tz;
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(offset);
    const f = await readImportFile(file);
    expect(f.people.map((r) => [r.cells.hiredOn, r.cells.computerUser])).toEqual([
      [{ date: '2026-03-01' }, { yesNo: true }],
      [{ date: '2026-03-01' }, { yesNo: false }],
      [{ date: '2025-12-31' }, { text: '1' }],
    ]);
  });
});
