/** Issue 15: the organisation import's row and cell rules (services/import-rules.ts, import-cells.ts), by table. */
import { describe, expect, it } from 'vitest';
import { checkImport, type DirectorySnapshot } from '../../../src/modules/identity/services/import-rules.js';
import {
  parseBusinessRoles,
  parseComputerUser,
  parseHiredOn,
  type ImportCell,
  type RawRow,
} from '../../../src/modules/identity/services/import-cells.js';
import { cellOf } from '../../../src/modules/identity/services/import-xlsx.js';
import { IMPORT_PROBLEMS, IMPORT_PROBLEM_TEXTS } from '../../../src/modules/identity/contracts/import.js';
import type { DepartmentColumn, PersonColumn } from '../../../src/modules/identity/contracts/import.js';

const DIR: DirectorySnapshot = {
  departments: new Map([
    ['ROOT', { name: 'Org', parentCode: null }],
    ['HR', { name: '人事部', parentCode: 'ROOT' }],
  ]),
  usernameKeys: new Set(['sysadmin', 'taken.user']),
};

const text = (s: string): ImportCell => ({ text: s });
let next = 2;
function dept(code: string, name = `D-${code}`, parentCode = '', sortOrder = ''): RawRow<DepartmentColumn> {
  const cells: RawRow<DepartmentColumn>['cells'] = {};
  if (code) cells.code = text(code);
  if (name) cells.name = text(name);
  if (parentCode) cells.parentCode = text(parentCode);
  if (sortOrder) cells.sortOrder = text(sortOrder);
  return { row: next++, cells };
}
function person(fields: Partial<Record<PersonColumn, string | ImportCell>>): RawRow<PersonColumn> {
  const cells: RawRow<PersonColumn>['cells'] = {};
  const all = { username: 'new.person', displayName: 'New Person', ...fields };
  for (const [k, v] of Object.entries(all))
    if (v !== '') cells[k as PersonColumn] = typeof v === 'string' ? text(v) : v;
  return { row: next++, cells };
}
const problems = (rows: { errors: { column: string | null; problem: string }[] }[]) =>
  rows.map((r) => r.errors.map((e) => `${e.column}:${e.problem}`));

describe('department rows', () => {
  it.each<[string, RawRow<DepartmentColumn>, string[]]>([
    ['a valid row under a directory department', dept('OPS', 'Operations', 'ROOT', '5'), []],
    ['a top-level department', dept('TOP', 'Top'), []],
    ['no code', dept('', 'No code'), ['code:required']],
    ['a code with a space', dept('A B'), ['code:bad_format']],
    ['a code of 33 characters', dept('A'.repeat(33)), ['code:bad_format']],
    ['no name', dept('NONAME', ''), ['name:required']],
    ['a name of 101 characters', dept('LONG', 'n'.repeat(101)), ['name:too_long']],
    ['a name with a tab inside', dept('TAB', 'a\tb'), ['name:bad_text']],
    ['a parent nobody has', dept('LOST', 'Lost', 'NOWHERE'), ['parentCode:unknown_parent']],
    ['a sort order that is not a number', dept('S1', 'S', '', 'first'), ['sortOrder:bad_number']],
    ['a sort order too large', dept('S2', 'S', '', '100001'), ['sortOrder:bad_number']],
    ['a negative sort order', dept('S3', 'S', '', '-1'), ['sortOrder:formula']],
    ['a code the directory uses for another', dept('HR', 'Human resources', 'ROOT'), ['code:code_taken']],
    ['a code the directory has elsewhere', dept('HR', '人事部', ''), ['code:code_taken']],
    ['a formula-like name', dept('F', '=1+1'), ['name:formula']],
  ])('%s', (_, row, expected) => {
    const r = checkImport([row], [], DIR);
    expect(problems(r.departments)).toEqual([expected]);
    expect(r.departments[0]!.status).toBe(expected.length ? 'invalid' : 'new');
    expect(r.newDepartments.length).toBe(expected.length ? 0 : 1);
  });

  it('takes a row the directory already has, unchanged, as existing', () => {
    const r = checkImport([dept('HR', '人事部', 'ROOT')], [], DIR);
    expect(r.departments[0]).toMatchObject({ status: 'existing', errors: [] });
    expect(r.newDepartments).toEqual([]);
  });

  it.each<[string, RawRow<DepartmentColumn>[], string[][]]>([
    [
      'a duplicate code: both rows',
      [dept('DUP'), dept('DUP')],
      [['code:duplicate_in_file'], ['code:duplicate_in_file']],
    ],
    ['a department its own parent', [dept('SELF', 'Self', 'SELF')], [['parentCode:cycle']]],
    [
      'a cycle of three, and a child under it',
      [dept('C1', 'c1', 'C3'), dept('C2', 'c2', 'C1'), dept('C3', 'c3', 'C2'), dept('C4', 'c4', 'C2')],
      [['parentCode:cycle'], ['parentCode:cycle'], ['parentCode:cycle'], ['parentCode:parent_invalid']],
    ],
    [
      'a chain under a bad row',
      [dept('G1', ''), dept('G2', 'g2', 'G1'), dept('G3', 'g3', 'G2')],
      [['name:required'], ['parentCode:parent_invalid'], ['parentCode:parent_invalid']],
    ],
    ['a parent later in the file', [dept('KID', 'kid', 'MOM'), dept('MOM', 'mom', 'ROOT')], [[], []]],
  ])('%s', (_, rows, expected) => {
    expect(problems(checkImport(rows, [], DIR).departments)).toEqual(expected);
  });

  it('orders new departments parents first', () => {
    const r = checkImport(
      [
        dept('LEAF', 'leaf', 'MID'),
        dept('MID', 'mid', 'TOP2'),
        dept('TOP2', 'top', 'ROOT'),
        dept('UNDER-HR', 'u', 'HR'),
      ],
      [],
      DIR,
    );
    expect(r.newDepartments.map((d) => d.code)).toEqual(['TOP2', 'MID', 'LEAF', 'UNDER-HR']);
    expect(r.newDepartments[0]).toEqual({ code: 'TOP2', name: 'top', parentCode: 'ROOT', sortOrder: 0 });
  });

  it('names the cycle in both languages', () => {
    const r = checkImport([dept('A1', 'a', 'B1'), dept('B1', 'b', 'A1')], [], DIR);
    expect(r.departments[0]!.errors[0]!.message).toEqual({
      'zh-CN': '上级部门形成循环：A1 → B1 → A1',
      'en-US': 'The parent codes form a cycle: A1 → B1 → A1',
    });
  });
});

describe('people rows', () => {
  const FILE_DEPTS = [dept('NEWD', 'New department', 'ROOT'), dept('BADD', '')];
  it.each<[string, Partial<Record<PersonColumn, string | ImportCell>>, string[]]>([
    ['a valid row', { departmentCode: 'HR', post: '专员', email: 'a@b.cn', businessRoles: 'dept_officer' }, []],
    ['into a department of the file', { departmentCode: 'NEWD' }, []],
    ['without a department', {}, []],
    ['no username', { username: '' }, ['username:required']],
    ['a username too short', { username: 'ab' }, ['username:bad_format']],
    ['a username with a space', { username: 'zhang san' }, ['username:bad_format']],
    ['a username in Chinese', { username: '张三' }, ['username:bad_format']],
    ['a username taken (in another case)', { username: 'Taken.User' }, ['username:username_taken']],
    ['no display name', { displayName: '' }, ['displayName:required']],
    ['a display name of 65', { displayName: 'x'.repeat(65) }, ['displayName:too_long']],
    ['a post of 65', { post: 'p'.repeat(65) }, ['post:too_long']],
    ['a bad e-mail', { email: 'nobody' }, ['email:bad_email']],
    ['an unknown department', { departmentCode: 'NOPE' }, ['departmentCode:unknown_department']],
    ['a department whose row fails', { departmentCode: 'BADD' }, ['departmentCode:department_invalid']],
    ['an unknown role', { businessRoles: 'boss' }, ['businessRoles:unknown_role']],
    ['a formula cell', { displayName: { refused: 'formula' } }, ['displayName:formula']],
    ['a refused cell', { post: { refused: 'not_text' } }, ['post:not_text']],
    ['a date cell as a post', { post: { date: '2026-03-01' } }, ['post:not_text']],
    ['a TRUE cell as a display name', { displayName: { yesNo: true } }, ['displayName:not_text']],
    ['a hire date and a computer user', { hiredOn: '2026-03-01', computerUser: '是' }, []],
    ['a hire date that does not exist', { hiredOn: '2026-02-30' }, ['hiredOn:no_such_date']],
    ['a computer user neither yes nor no', { computerUser: 'maybe' }, ['computerUser:bad_yes_no']],
    ['text starting with @', { post: '@home' }, ['post:formula']],
    ['text starting with +', { email: '+1@x.cn' }, ['email:formula']],
  ])('%s', (_, fields, expected) => {
    const r = checkImport(FILE_DEPTS, [person(fields)], DIR);
    expect(problems(r.people)).toEqual([expected]);
    expect(r.newPeople.length).toBe(expected.length ? 0 : 1);
  });

  it('marks both rows of a username the file repeats, in any case or width', () => {
    const r = checkImport([], [person({ username: 'same.one' }), person({ username: 'SAME.ONE' })], DIR);
    expect(problems(r.people)).toEqual([['username:duplicate_in_file'], ['username:duplicate_in_file']]);
  });

  it('hands over the new people with their roles and department codes', () => {
    const r = checkImport(
      FILE_DEPTS,
      [person({ username: 'p.one', departmentCode: 'NEWD', businessRoles: '部门负责人、Leadership' })],
      DIR,
    );
    expect(r.newPeople).toEqual([
      {
        row: expect.any(Number) as number,
        username: 'p.one',
        displayName: 'New Person',
        departmentCode: 'NEWD',
        post: null,
        email: null,
        businessRoles: ['dept_head', 'leadership'],
        hiredOn: null,
        computerUser: false,
      },
    ]);
  });

  it('hands over the hire date and the computer-user flag, and shows the cells as given', () => {
    const r = checkImport(
      [],
      [
        person({ username: 'p.date', hiredOn: { date: '2025-12-31' }, computerUser: 'YES' }),
        person({ username: 'p.text', hiredOn: ' 2024-02-29 ', computerUser: { yesNo: false } }),
        person({ username: 'p.none' }),
      ],
      DIR,
    );
    expect(r.people.map((p) => [p.hiredOn, p.computerUser, p.status])).toEqual([
      ['2025-12-31', 'YES', 'new'],
      ['2024-02-29', 'FALSE', 'new'],
      ['', '', 'new'],
    ]);
    expect(r.newPeople.map((p) => [p.username, p.hiredOn, p.computerUser])).toEqual([
      ['p.date', '2025-12-31', true],
      ['p.text', '2024-02-29', false],
      ['p.none', null, false],
    ]);
  });
});

describe('business roles', () => {
  it.each<[string, string[], string[]]>([
    ['employee', ['employee'], []],
    ['Employee, DEPT_HEAD', ['employee', 'dept_head'], []],
    ['普通员工、部门保密员；单位领导', ['employee', 'dept_officer', 'leadership'], []],
    ['Department head; department officer', ['dept_head', 'dept_officer'], []],
    ['employee,employee', ['employee'], []],
    ['employee, sysadmin', ['employee'], ['unknown_role']],
    ['', [], []],
  ])('%s', (cell, roles, errors) => {
    const r = parseBusinessRoles(cell);
    expect(r.roles).toEqual(roles);
    expect(r.errors.map((e) => e.problem)).toEqual(errors);
  });
});

describe('hire dates', () => {
  it.each<[string, ImportCell | undefined, string | null, string[]]>([
    ['no cell', undefined, null, []],
    ['an empty text', text('  '), null, []],
    ['a date cell', { date: '2026-03-01' }, '2026-03-01', []],
    ['a date cell on 29 February of a leap year', { date: '2028-02-29' }, '2028-02-29', []],
    ['text YYYY-MM-DD', text('2026-03-01'), '2026-03-01', []],
    ['text with spaces around', text(' 2026-12-31 '), '2026-12-31', []],
    ['29 February of a leap year', text('2024-02-29'), '2024-02-29', []],
    ['29 February of another year', text('2023-02-29'), null, ['no_such_date']],
    ['30 February', text('2026-02-30'), null, ['no_such_date']],
    ['31 April', text('2026-04-31'), null, ['no_such_date']],
    ['month 13', text('2026-13-01'), null, ['no_such_date']],
    ['day 0', text('2026-03-00'), null, ['no_such_date']],
    ['slashes', text('2026/03/01'), null, ['bad_date']],
    ['no leading zeros', text('2026-3-1'), null, ['bad_date']],
    ['day first', text('01-03-2026'), null, ['bad_date']],
    ['Chinese', text('2026年3月1日'), null, ['bad_date']],
    ['a date and a time', text('2026-03-01 09:00'), null, ['bad_date']],
    ['a serial number', text('46082'), null, ['bad_date']],
    ['words', text('next Monday'), null, ['bad_date']],
    ['a TRUE cell', { yesNo: true }, null, ['bad_date']],
    ['a formula', { refused: 'formula' }, null, ['formula']],
    ['an error value', { refused: 'not_text' }, null, ['not_text']],
    ['formula-like text', text('=TODAY()'), null, ['formula']],
  ])('%s', (_, cell, value, problems) => {
    const r = parseHiredOn(cell);
    expect(r.value).toBe(value);
    expect(r.errors.map((e) => e.problem)).toEqual(problems);
    expect(r.errors.every((e) => e.column === 'hiredOn')).toBe(true);
  });

  it('names the refused value in both languages', () => {
    expect(parseHiredOn(text('2026/03/01')).errors[0]!.message).toEqual({
      'zh-CN': '“2026/03/01”不是日期：请填写日期单元格或 YYYY-MM-DD 格式的文本（如 2026-03-01），不知道可留空',
      'en-US':
        '"2026/03/01" is not a date: enter a date cell or text as YYYY-MM-DD (e.g. 2026-03-01), or leave it empty',
    });
    expect(parseHiredOn(text('2026-02-30')).errors[0]!.message).toEqual({
      'zh-CN': '日期“2026-02-30”不存在（请检查月份和日）',
      'en-US': 'The date "2026-02-30" does not exist (check the month and the day)',
    });
  });
});

describe('computer users', () => {
  it.each<[string, ImportCell | undefined, boolean, string[]]>([
    ['no cell', undefined, false, []],
    ['an empty text', text(' '), false, []],
    ['是', text('是'), true, []],
    ['否', text('否'), false, []],
    ['yes', text('yes'), true, []],
    ['YES', text('YES'), true, []],
    ['No', text('No'), false, []],
    ['true', text('true'), true, []],
    ['False', text('False'), false, []],
    ['1 (a number cell reads as text)', text('1'), true, []],
    ['0', text('0'), false, []],
    ['with spaces around', text(' 是 '), true, []],
    ['a TRUE cell', { yesNo: true }, true, []],
    ['a FALSE cell', { yesNo: false }, false, []],
    ['y', text('y'), false, ['bad_yes_no']],
    ['2', text('2'), false, ['bad_yes_no']],
    ['对', text('对'), false, ['bad_yes_no']],
    ['是的', text('是的'), false, ['bad_yes_no']],
    ['a date cell', { date: '2026-03-01' }, false, ['bad_yes_no']],
    ['a formula', { refused: 'formula' }, false, ['formula']],
    ['an error value', { refused: 'not_text' }, false, ['not_text']],
  ])('%s', (_, cell, value, problems) => {
    const r = parseComputerUser(cell);
    expect(r.value).toBe(value);
    expect(r.errors.map((e) => e.problem)).toEqual(problems);
    expect(r.errors.every((e) => e.column === 'computerUser')).toBe(true);
  });

  it('names the refused value and what is allowed, in both languages', () => {
    expect(parseComputerUser(text('maybe')).errors[0]!.message).toEqual({
      'zh-CN': '“maybe”不是“是”或“否”：请填写 是/否、yes/no、true/false 或 1/0，留空为否',
      'en-US': '"maybe" is neither yes nor no: enter 是/否, yes/no, true/false or 1/0; empty means no',
    });
  });
});

describe('cells', () => {
  it.each<[string, unknown, ImportCell | null]>([
    ['text', 'abc', { text: 'abc' }],
    ['a number', 42, { text: '42' }],
    ['empty', null, null],
    ['a date', new Date('2026-01-01'), { date: '2026-01-01' }],
    ['a date late in the day (a date-time cell)', new Date('2026-01-01T23:59:59Z'), { date: '2026-01-01' }],
    ['a date in year 900', new Date('0900-06-30T00:00:00Z'), { date: '0900-06-30' }],
    ['an invalid date', new Date(NaN), { refused: 'not_text' }],
    ['true', true, { yesNo: true }],
    ['false', false, { yesNo: false }],
    ['an error value', { error: '#REF!' }, { refused: 'not_text' }],
    ['a formula with a text result', { formula: 'A1', result: 'x' }, { text: 'x' }],
    ['a formula with a number result', { formula: '1+1', result: 2 }, { refused: 'formula' }],
    ['a formula without a result', { formula: 'NOW()' }, { refused: 'formula' }],
    ['a shared formula', { sharedFormula: 'A1', result: 3 }, { refused: 'formula' }],
    ['rich text', { richText: [{ text: 'ab' }, { text: 'c' }] }, { text: 'abc' }],
    ['a hyperlink', { text: 'a@b.cn', hyperlink: 'mailto:a@b.cn' }, { text: 'a@b.cn' }],
  ])('%s', (_, value, expected) => {
    expect(cellOf(value as never)).toEqual(expected);
  });
});

describe('problem texts', () => {
  it('has both languages for every problem', () => {
    for (const p of IMPORT_PROBLEMS) {
      expect(IMPORT_PROBLEM_TEXTS[p]['zh-CN'].length, p).toBeGreaterThan(0);
      expect(IMPORT_PROBLEM_TEXTS[p]['en-US'].length, p).toBeGreaterThan(0);
    }
  });
});
