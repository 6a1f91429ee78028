/**
 * A paper approval in the browser (issue 12): a department officer's secret proposal waits for the department
 * head, who signed the paper form. The security administrator opens the request, records the head's approval
 * with the scanned form (uploaded with its progress, then recorded), and finds it marked as recorded from paper
 * in the history, with a link to the scan; the chain moved on to the confidentiality office.
 *
 * People, the classification authority and the proposal are seeded through the services.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../../../src/platform/context.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser, updateUserSecurity } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { appointClassifier } from '../../../src/modules/classification/services/classifier-service.js';
import { proposeItem } from '../../../src/modules/classification/services/item-service.js';
import type { BusinessRole, ClearanceClass } from '../../../src/kernel/roles.js';

const SCAN = Buffer.from('%PDF-1.4\n% 纸质审批单（扫描件）\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

let browser: Browser;
let server: E2EServer;
let requestId = '';

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
  ];
  for (const [username, displayName, departmentId, businessRoles, clearanceClass] of people) {
    const { user } = await createUser(ctx, SYSTEM_CONTEXT, { username, displayName, departmentId, businessRoles });
    await updateUserSecurity(ctx, SYSTEM_CONTEXT, user.id, { version: user.version!, clearanceClass });
  }
  const leaderId = (await rcOf('leader')).actor!.id;
  await appointClassifier(ctx, await rcOf('secadmin'), { userId: leaderId, kind: 'statutory', maxLevel: 'top_secret' });
  ({ requestId } = await proposeItem(ctx, await rcOf('officer.a'), {
    title: '新型号发动机研制方案',
    content: '推力 120 kN。',
    category: 'research_result',
    level: 'secret',
    basis: '本单位保密事项一览表第3条',
    period: { value: 10, unit: 'years' },
    declassifyCondition: null,
    classifierId: leaderId,
    origin: 'original',
    departmentId: deptA,
    scope: [{ kind: 'department', ref: deptA }],
    reason: '需要定密',
  }));
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

test('the security administrator records a paper approval with its scan, and the history shows it recorded', async (t) => {
  // The office's calendar (Asia/Shanghai) decides which dates are signed "today".
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  t.onTestFinished(async (c) => {
    if (c.task.result?.state === 'fail') await screenshot(page, `e2e-paper-approval`);
    await context.close().catch(() => undefined);
  });

  await signedIn(page, server.creds.secadmin!);
  await page.goto(`/approvals/${requestId}`);
  await page.getByTestId('approval-heading').waitFor();
  await page.getByTestId('approval-step-0-open').waitFor();
  await page.getByTestId('approval-record-paper').click();

  const modal = page.locator('.ant-modal:visible');
  await modal.getByText('代录纸质审批意见').first().waitFor();
  // The only approver of the step is offered, and chosen.
  await expect.poll(() => page.getByTestId('paper-approver').innerText()).toContain('林主任');
  await page.getByTestId('paper-comment').fill('同意定密（纸质审批单第 12 号）');
  await modal
    .locator('input[type=file]')
    .setInputFiles({ name: '审批单.pdf', mimeType: 'application/pdf', buffer: SCAN });
  await page.getByTestId('paper-scan-uploaded').waitFor({ state: 'attached' });
  const sha256 = crypto.createHash('sha256').update(SCAN).digest('hex');
  expect(await page.getByTestId('paper-scan-uploaded').getAttribute('data-sha256')).toBe(sha256);
  await page.getByTestId('paper-submit').click();
  await page.getByText('已代录纸质审批意见').waitFor();

  // The history marks the head's approval as recorded from paper by the office, with the scan; step 2 is open.
  const tag = page.getByTestId('approval-step-0-paper');
  await expect.poll(() => tag.innerText()).toContain('纸质审批');
  expect(await tag.innerText()).toContain('附扫描件');
  await page.getByTestId('approval-step-0-approved').waitFor();
  await page.getByTestId('approval-step-1-open').waitFor();
  expect(await page.getByTestId('approval-step-0-approved').innerText()).toContain('同意定密（纸质审批单第 12 号）');
  const href = await page.getByTestId('approval-step-0-paper-scan').getAttribute('href');
  expect(href).toMatch(new RegExp(`^/api/requests/${requestId}/paper-evidence/[0-9a-f-]{36}$`));
  const scan = await page.request.get(href!);
  expect(scan.status()).toBe(200);
  expect(scan.headers()['content-type']).toBe('application/pdf');
  expect(Buffer.compare(await scan.body(), SCAN)).toBe(0);

  // Recorded as the office's act on the head's behalf.
  const task = await server.ctx.db
    .selectFrom('approval_tasks')
    .select(['recorded_by', 'evidence_blob_id', 'status'])
    .where('request_id', '=', requestId)
    .where('step', '=', 0)
    .executeTakeFirstOrThrow();
  const sec = await findUserByUsername(server.ctx.db, 'secadmin');
  expect(task).toMatchObject({ status: 'approved', recorded_by: sec!.id });
  expect(href).toContain(task.evidence_blob_id!);
}, 120_000);
