/**
 * The security administrator sets the leader in charge of a department and adds a member to the finance
 * supervisor role on the departments page; both are shown there, and still after a reload (issue 12).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, pickPerson, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';

const DEPT = '财务部';
const LEADER = '李秀英';
const FINANCE = '孙丽';

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  // The department and its people, made as the local operator would.
  const { ctx } = server;
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const sys = { actor: toActor((await findUserByUsername(ctx.db, 'sysadmin'))!), ip: null, requestId: 'e2e-setup' };
  const fin = await createDepartment(ctx, sys, { name: DEPT, parentId: root.id });
  await createUser(ctx, SYSTEM_CONTEXT, { username: 'lixiuying', displayName: LEADER, departmentId: root.id });
  await createUser(ctx, SYSTEM_CONTEXT, {
    username: 'sunli',
    displayName: FINANCE,
    departmentId: fin.id,
    businessRoles: ['dept_head'],
  });
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('organisation roles', () => {
  test('the security administrator assigns a leader in charge and a finance supervisor, sees them shown, and finds them offered as approval steps', async (t) => {
    const page = await openPage(t, browser, server.url);
    await signedIn(page, server.creds.secadmin!);

    await page.getByTestId('nav-departments').click();
    await page.waitForURL('**/departments');
    const tree = page.getByTestId('dept-tree');
    await tree.locator('.ant-tree-title', { hasText: DEPT }).click();

    // The department's roles: its head (the dept_head business role) read-only, no leader in charge yet.
    const roles = page.getByTestId('dept-roles');
    await expect.poll(() => roles.getByTestId('dept-heads').innerText()).toContain(FINANCE);
    await expect.poll(() => roles.getByTestId('dept-leader-current').innerText()).toContain('未设定');

    await pickPerson(page, page.getByTestId('dept-leader-picker'), LEADER);
    await page.getByTestId('dept-leader-save').click();
    await expect.poll(() => roles.getByTestId('dept-leader-current').innerText()).toContain(LEADER);

    // The finance supervisor (a built-in functional role) gets a member.
    const org = page.getByTestId('org-roles');
    await expect.poll(() => org.getByTestId('org-role-finance_supervisor').innerText()).toContain('财务主管');
    await pickPerson(page, page.getByTestId('org-role-finance_supervisor-picker'), FINANCE);
    await page.getByTestId('org-role-finance_supervisor-add').click();
    await expect.poll(() => org.getByTestId('org-role-finance_supervisor-members').innerText()).toContain(FINANCE);

    // From the server, not only the client cache.
    await page.reload();
    await page.getByTestId('dept-tree').locator('.ant-tree-title', { hasText: DEPT }).click();
    await expect.poll(() => page.getByTestId('dept-leader-current').innerText()).toContain(LEADER);
    await expect.poll(() => page.getByTestId('org-role-finance_supervisor-members').innerText()).toContain(FINANCE);

    // Both are approval steps the chain editor offers for a request type.
    const TYPE = 'classification.reclassify';
    const CHAIN = `chain-${TYPE}-secret`;
    await page.getByTestId('nav-approval-chains').click();
    await page.waitForURL('**/approval-chains');
    await page.getByTestId(`approval-chains-tab-${TYPE}`).click();
    await page.getByTestId(`${CHAIN}-add`).click();
    await page.getByTestId(`${CHAIN}-step-2-group`).click();
    await expect
      .poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts())
      .toEqual(expect.arrayContaining(['主管领导', '财务主管']));
  });
});
