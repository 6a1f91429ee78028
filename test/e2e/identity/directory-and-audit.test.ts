/**
 * The system administrator creates a department and a user in the browser; the auditor then finds both
 * actions, attributed to sysadmin, in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser, openPage, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';

const DEPT = '保密办公室';
const USER = 'zhang.wei';
const DISPLAY = '张伟';

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** The row of an antd table (inside a wrapper with a testid) whose text contains all of `texts`. */
function row(table: Locator, ...texts: string[]): Locator {
  let rows = table.locator('tbody tr.ant-table-row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

/**
 * The two actions the auditor looks for, made by sysadmin through the services when the browser test before
 * did not make them (this test run alone): either way there is one of each.
 */
async function ensureSysadminActions(): Promise<void> {
  const { ctx } = server;
  const done = await ctx.db
    .selectFrom('audit_events')
    .select('seq')
    .where('action', '=', 'department.create')
    .where('actor_name', '=', 'sysadmin')
    .executeTakeFirst();
  if (done) return;
  const rc = { actor: toActor((await findUserByUsername(ctx.db, 'sysadmin'))!), ip: null, requestId: 'e2e-setup' };
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const dept = await createDepartment(ctx, rc, { name: DEPT, parentId: root.id });
  await createUser(ctx, rc, { username: USER, displayName: DISPLAY, departmentId: dept.id });
}

describe.sequential('directory administration and audit', () => {
  test('sysadmin creates a department and a user', async (t) => {
    const page = await openPage(t, browser, server.url);
    await signedIn(page, server.creds.sysadmin!);

    // Department
    await page.getByTestId('nav-departments').click();
    await page.waitForURL('**/departments');
    const tree = page.getByTestId('dept-tree');
    await tree.locator('.ant-tree-treenode:not([aria-hidden]) .ant-tree-title').first().waitFor();
    await page.getByTestId('dept-create').click();
    await page.getByTestId('dept-name').fill(DEPT);
    await page.getByTestId('dept-code').fill('BMB');
    await page.getByTestId('dept-submit').click();
    await expect.poll(() => page.getByTestId('dept-name').count()).toBe(0); // the modal closed
    await tree.locator('.ant-tree-title', { hasText: DEPT }).waitFor();
    // The new department is selected and shown in the edit panel.
    await expect.poll(() => page.getByTestId('dept-edit-name').inputValue()).toBe(DEPT);

    // User
    await page.getByTestId('nav-users').click();
    await page.waitForURL('**/users');
    const table = page.getByTestId('user-table');
    await row(table, 'sysadmin').waitFor();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill(USER);
    await page.getByTestId('user-displayname').fill(DISPLAY);
    await page.getByTestId('user-email').fill('zhang.wei@example.com');
    // Department: an antd TreeSelect (with search). Open it and pick the new department.
    // On a loaded machine the tree may still be rendering when the option is first clicked: open and pick
    // until the field shows the department (a condition, not a pause).
    const field = page.getByTestId('user-department');
    const option = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', {
      hasText: DEPT,
    });
    await expect
      .poll(
        async () => {
          if ((await field.innerText()).includes(DEPT)) return true;
          if (!(await option.isVisible())) await field.click();
          await option.click({ timeout: 2_000 }).catch(() => undefined);
          return (await field.innerText()).includes(DEPT);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.getByTestId('user-submit').click();

    const otp = page.getByTestId('one-time-password');
    await otp.waitFor();
    const oneTimePassword = (await otp.innerText()).trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(10);
    // Close the one-time password dialog.
    await page.getByTestId('user-submit').waitFor({ state: 'hidden' }); // the form closed first
    await page.locator('.ant-modal', { has: otp }).locator('.ant-modal-footer .ant-btn-primary').click();
    await otp.waitFor({ state: 'hidden' });

    const created = row(table, USER);
    await created.waitFor();
    await expect.poll(() => created.innerText()).toContain(DISPLAY);
    await expect.poll(() => created.innerText()).toContain(DEPT);

    // Still there after a reload (it came from the server, not only from the client cache).
    await page.reload();
    await row(page.getByTestId('user-table'), USER, DEPT).waitFor();
  });

  test('the auditor sees both actions by sysadmin in the audit trail', async (t) => {
    await ensureSysadminActions();
    const page = await openPage(t, browser, server.url);
    await signedIn(page, server.creds.auditor!);

    await page.getByTestId('nav-audit').click();
    await page.waitForURL('**/audit');
    const table = page.getByTestId('audit-table');
    // Each action by its name, its object by name, attributed to the system administrator (its role in words).
    await row(table, '新建部门', DEPT).waitFor();
    await expect.poll(() => row(table, '新建部门', DEPT, '系统管理员').count()).toBe(1);
    // user.create: the administrators' accounts by the system at initialisation, and this one by sysadmin.
    await expect.poll(() => row(table, '新建账号', DISPLAY, '系统管理员').count()).toBe(1);
    await expect.poll(() => row(table, '新建账号', DISPLAY).innerText()).toMatch(/成功/);

    // Verifying the chain shows it intact, the last signed checkpoint and what is not yet signed.
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    await expect.poll(() => result.innerText()).toMatch(/审计链完整/);
    await expect.poll(() => result.innerText()).toMatch(/最近签名检查点/);
    await expect.poll(() => page.getByTestId('audit-unsigned-tail').innerText()).toMatch(/条事件|全部事件均已覆盖/);
  });
});
