/**
 * A notification that resolves itself, in the browser (issue 17): a department officer's proposal waits for the
 * department's heads, 林主任 and 刘洋; both get 「等待您审批」 naming the item by number and title. 林主任 approves in
 * the browser; 刘洋's inbox then shows the notice done (「已处理」), and his bell no longer counts it.
 *
 * People, the classification authority and the proposal are seeded through the services.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  Authenticator,
  E2E_PASSWORD,
  expectHome,
  launchBrowser,
  startE2EServer,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';
import { personPage, step } from '../people/support.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../../../src/platform/context.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser, updateUserSecurity } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { appointClassifier } from '../../../src/modules/classification/services/classifier-service.js';
import { proposeItem } from '../../../src/modules/classification/services/item-service.js';
import type { BusinessRole, ClearanceClass } from '../../../src/kernel/roles.js';
import { zhCN } from '../../../web/src/app/i18n/zh-CN.js';

const TITLE = '新型号发动机研制方案';

let browser: Browser;
let server: E2EServer;
let requestId = '';
let itemNumber = '';
const otp: Record<string, string> = {};

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const { ctx } = server;
  const rcOf = async (username: string): Promise<RequestContext> => ({
    actor: toActor((await findUserByUsername(ctx.db, username))!),
    ip: null,
    requestId: 'e2e-setup',
  });
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const deptA = (await createDepartment(ctx, await rcOf('sysadmin'), { name: '研发部', parentId: root.id })).id;
  const people: [string, string, string, BusinessRole[], ClearanceClass][] = [
    ['leader', '王总', root.id, ['leadership'], 'core'],
    ['officer.a', '周保密', deptA, ['dept_officer'], 'important'],
    ['head.a', '林主任', deptA, ['dept_head'], 'important'],
    ['liuyang', '刘洋', deptA, ['dept_head'], 'important'],
  ];
  for (const [username, displayName, departmentId, businessRoles, clearanceClass] of people) {
    const { user, oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
      username,
      displayName,
      departmentId,
      businessRoles,
    });
    otp[username] = oneTimePassword;
    await updateUserSecurity(ctx, SYSTEM_CONTEXT, user.id, { version: user.version!, clearanceClass });
  }
  const leaderId = (await rcOf('leader')).actor!.id;
  await appointClassifier(ctx, await rcOf('secadmin'), { userId: leaderId, kind: 'statutory', maxLevel: 'top_secret' });
  // Confidential: one step, any head of the department approves it.
  let item: { number: string };
  ({ requestId, item } = await proposeItem(ctx, await rcOf('officer.a'), {
    title: TITLE,
    content: '推力 120 kN。',
    category: 'research_result',
    level: 'confidential',
    basis: '本单位保密事项一览表第3条',
    period: { value: 10, unit: 'years' },
    declassifyCondition: null,
    classifierId: leaderId,
    origin: 'original',
    departmentId: deptA,
    scope: [{ kind: 'department', ref: deptA }],
    reason: '需要定密',
  }));
  itemNumber = item.number;
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/**
 * A first sign-in with the one-time password: a new password, then an authenticator where the organisation
 * requires a second factor of this person (the helper's `firstSignIn` assumes it always does).
 */
async function signInFirst(page: Page, username: string): Promise<void> {
  await submitLogin(page, username, otp[username]!);
  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-current').fill(otp[username]!);
  await page.getByTestId('pw-new').fill(E2E_PASSWORD);
  await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL((u) => u.pathname === '/' || u.pathname === '/login/mfa-enrol');
  if (new URL(page.url()).pathname === '/login/mfa-enrol') {
    await expect.poll(() => page.getByTestId('mfa-secret').count()).toBe(1);
    const auth = new Authenticator((await page.getByTestId('mfa-secret').innerText()).replace(/\s+/g, ''));
    await page.getByTestId('enrol-code').fill(auth.next());
    await page.getByTestId('enrol-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
  }
  await expectHome(page);
}

/** The bell's unread count as shown (no badge: 0). */
async function bellCount(page: Page): Promise<number> {
  const badge = page.getByTestId('notif-count').locator('.ant-badge-count');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.getAttribute('title')) ?? '0');
}

/** The inbox row of the approval notice of the request (it links there). */
async function approvalRow(page: Page) {
  await page.goto('/inbox');
  const row = page.getByTestId('inbox-item').filter({ hasText: zhCN.inbox.open }).filter({ hasText: TITLE });
  await row.first().waitFor();
  return row.first();
}

test('the other approver’s notice turns done when one approver decides the step', async (t) => {
  const liu = await personPage(t, browser, server, 'liuyang');
  const lin = await personPage(t, browser, server, 'head.a');

  await step('both approvers are told, naming the item by number and title', async () => {
    await signInFirst(liu, 'liuyang');
    await expect.poll(() => bellCount(liu), { timeout: 30_000 }).toBe(1);
    const row = await approvalRow(liu);
    expect(await row.getAttribute('data-state')).toBe('unread');
    expect(await row.innerText()).toContain('等待您审批');
    expect(await row.innerText()).toContain(`${itemNumber} “${TITLE}”`);
    expect(await row.innerText()).toContain(zhCN.inbox.todo);
  });

  await step('林主任 approves in the browser', async () => {
    await signInFirst(lin, 'head.a');
    await lin.goto(`/approvals/${requestId}`);
    await lin.getByTestId('approval-approve').click();
    await lin.getByTestId('approval-step-0-approved').waitFor();
  });

  await step('刘洋 sees the notice done, and his bell no longer counts it', async () => {
    await expect
      .poll(async () => (await approvalRow(liu)).getAttribute('data-state'), { timeout: 30_000 })
      .toBe('done');
    const row = await approvalRow(liu);
    await row.getByTestId('inbox-done').waitFor();
    expect(await row.getByTestId('inbox-done').innerText()).toBe(zhCN.inbox.done);
    await expect.poll(() => bellCount(liu), { timeout: 30_000 }).toBe(0);
  });
}, 180_000);
