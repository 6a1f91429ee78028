/**
 * The organisation import in the browser: the system administrator uploads a workbook (two departments in a tree,
 * three people, one of them in an unknown department, one with a hire date and the computer-user flag), reads the
 * error row and the hire-date and computer-user columns in the preview, imports only the valid rows, is shown the
 * one-time passwords once (no mail configured), and an imported person signs in with theirs and must change it.
 * Every employee must be in the system to sign (PER-01).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser, openPage, startE2EServer, submitLogin, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DEPT_HEADER = ['部门编码', '部门名称', '上级部门编码', '排序'];
const PEOPLE_HEADER = ['用户名', '姓名', '部门编码', '岗位', '电子邮箱', '业务角色', '入职日期', '计算机用户'];

const PARENT = { code: 'E2E-RD', name: '研发中心' };
const CHILD = { code: 'E2E-QA', name: '测试部' };
const GOOD = [
  { username: 'imp.chen', name: '陈静', dept: CHILD, hiredOn: '2026-03-01', computerUser: '是' },
  { username: 'imp.lin', name: '林峰', dept: PARENT, hiredOn: null, computerUser: '' },
];
const BAD = { username: 'imp.wu', name: '吴昊', deptCode: 'NO-SUCH' };
const NEW_PASSWORD = 'Another-Horse-57!';

/** The workbook of the import template (Chinese sheet and column names) with the journey's rows. */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const d = wb.addWorksheet('部门');
  d.addRow(DEPT_HEADER);
  d.addRow([PARENT.code, PARENT.name, 'ROOT', 1]);
  d.addRow([CHILD.code, CHILD.name, PARENT.code, 2]);
  const p = wb.addWorksheet('人员');
  p.addRow(PEOPLE_HEADER);
  // The hire date as a date cell, as Excel keeps a typed date.
  const hired = new Date(`${GOOD[0]!.hiredOn}T00:00:00Z`);
  p.addRow([GOOD[0]!.username, GOOD[0]!.name, GOOD[0]!.dept.code, '测试工程师', '', '', hired, GOOD[0]!.computerUser]);
  p.getCell('G2').numFmt = 'yyyy-mm-dd';
  p.addRow([GOOD[1]!.username, GOOD[1]!.name, GOOD[1]!.dept.code, '', '', '', '', '']);
  p.addRow([BAD.username, BAD.name, BAD.deptCode, '', '', '', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rows of an antd table inside `scope` whose text contains all of `texts`. */
function row(scope: Locator, ...texts: string[]): Locator {
  let rows = scope.locator('tbody tr.ant-table-row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe.sequential('organisation import', () => {
  test('[PER-01] sysadmin imports the valid rows of a workbook; an imported person signs in with the one-time password', async (t) => {
    const file = await workbook();
    const page = await openPage(t, browser, server.url);
    await signedIn(page, server.creds.sysadmin!);

    await page.getByTestId('nav-import').click();
    await page.waitForURL('**/directory/import');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'organisation.xlsx', mimeType: XLSX_TYPE, buffer: file });

    // The preview: counts, the invalid person's row marked with its message.
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect.poll(() => preview.innerText()).toContain('共 2 行，有效 2 行，有误 0 行');
    await expect.poll(() => preview.innerText()).toContain('共 3 行，有效 2 行，有误 1 行');
    await expect.poll(() => preview.innerText()).toContain('1 行有错误');
    await expect.poll(() => page.getByTestId('import-commit').isDisabled()).toBe(true);
    await preview.getByRole('tab', { name: /人员/ }).click();
    const people = preview.locator('[role=tabpanel]:visible');
    const errorRow = people.getByTestId('import-row-error');
    await errorRow.waitFor();
    await expect.poll(() => errorRow.count()).toBe(1);
    await expect.poll(() => errorRow.innerText()).toContain(BAD.username);
    await expect.poll(() => errorRow.innerText()).toContain(`部门编码“${BAD.deptCode}”既不在文件中也不在系统中`);
    await expect.poll(() => errorRow.innerText()).toContain('有误');
    await expect.poll(() => people.getByTestId('import-row').count()).toBe(2);
    // The hire date and the computer-user flag, in their own columns.
    await expect.poll(() => people.locator('thead').innerText()).toMatch(/入职日期\s+计算机用户/);
    await expect.poll(() => row(people, GOOD[0]!.username, GOOD[0]!.hiredOn!, GOOD[0]!.computerUser).count()).toBe(1);

    // Only the valid rows, confirmed.
    const validOnly = page.getByTestId('import-valid-only');
    await validOnly.click();
    await expect.poll(() => validOnly.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('import-commit').isEnabled()).toBe(true);
    await page.getByTestId('import-commit').click();
    const confirm = page.locator('.ant-popover:visible', { hasText: '确认只导入 4 个有效行？' });
    await confirm.waitFor();
    await confirm.locator('.ant-popconfirm-buttons .ant-btn-primary').click();

    // The result and the one-time passwords, shown once (no mail server).
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await expect.poll(() => result.innerText()).toContain('已导入：新建部门 2 个，新建账号 2 个');
    await expect.poll(() => result.innerText()).toContain('跳过有误的 1 行。');
    const credentials = page.getByTestId('import-credentials');
    await credentials.waitFor();
    await expect.poll(() => row(credentials).count()).toBe(2);
    await expect.poll(() => row(credentials, BAD.username).count()).toBe(0);
    const passwords = new Map<string, string>();
    for (const person of GOOD) {
      const r = row(credentials, person.username, person.name, person.dept.name);
      await expect.poll(() => r.count()).toBe(1);
      const otp = (await r.locator('code').innerText()).trim();
      expect(otp.length).toBeGreaterThanOrEqual(10);
      passwords.set(person.username, otp);
    }
    await expect.poll(() => credentials.innerText()).toContain('首次登录时须修改密码。');
    await page.getByTestId('import-close-credentials').click();
    await credentials.waitFor({ state: 'detached' });

    // The departments are in the directory, in their tree; the skipped person is not.
    const { db } = server.ctx;
    const depts = await db
      .selectFrom('departments')
      .select(['id', 'code', 'name', 'parent_id'])
      .where('code', 'in', ['ROOT', PARENT.code, CHILD.code])
      .execute();
    const byCode = new Map(depts.map((d) => [d.code, d]));
    expect(byCode.get(PARENT.code)?.name).toBe(PARENT.name);
    expect(byCode.get(PARENT.code)?.parent_id).toBe(byCode.get('ROOT')?.id);
    expect(byCode.get(CHILD.code)?.name).toBe(CHILD.name);
    expect(byCode.get(CHILD.code)?.parent_id).toBe(byCode.get(PARENT.code)?.id);
    const users = await db
      .selectFrom('users')
      .select(['username', 'hired_on', 'computer_user'])
      .where('username', 'in', [...GOOD.map((g) => g.username), BAD.username])
      .orderBy('username')
      .execute();
    expect(users.map((u) => [u.username, u.hired_on, Boolean(u.computer_user)])).toEqual(
      [...GOOD]
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((g) => [g.username, g.hiredOn, g.computerUser === '是']),
    );

    await page.getByTestId('nav-departments').click();
    await page.waitForURL('**/departments');
    const tree = page.getByTestId('dept-tree');
    await tree.locator('.ant-tree-title', { hasText: PARENT.name }).waitFor();
    await tree.locator('.ant-tree-title', { hasText: CHILD.name }).waitFor();

    // An imported person signs in with the one-time password shown and must change it first.
    const person = GOOD[0]!;
    const other = await openPage(t, browser, server.url);
    await submitLogin(other, person.username, passwords.get(person.username)!);
    await other.waitForURL('**/login/password');
    await other.getByTestId('pw-rules').waitFor();
    await other.getByTestId('pw-current').fill(passwords.get(person.username)!);
    await other.getByTestId('pw-new').fill(NEW_PASSWORD);
    await other.getByTestId('pw-confirm').fill(NEW_PASSWORD);
    await other.getByTestId('pw-submit').click();
    await other.waitForURL((u) => u.pathname !== '/login/password');
    const changed = await db
      .selectFrom('users')
      .select('must_change_password')
      .where('username', '=', person.username)
      .executeTakeFirstOrThrow();
    expect(Boolean(changed.must_change_password)).toBe(false);
  });
});
