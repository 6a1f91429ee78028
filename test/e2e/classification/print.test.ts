/**
 * Printing an item's catalogue entry from its page: the custodian clicks 「打印」, the browser downloads a PDF,
 * and the PDF's text has the Chinese title, the marking and 「第 x 页 共 y 页」 on every page, and its title
 * area has ink (the glyphs are drawn, not only extractable).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  E2E_PASSWORD,
  expectHome,
  launchBrowser,
  openPage,
  startE2EServer,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfPages } from '../../helpers/pdf.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser, updateUserSecurity } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { appointClassifier } from '../../../src/modules/classification/services/classifier-service.js';
import { proposeItem } from '../../../src/modules/classification/services/item-service.js';

const TITLE = '新型号发动机试验大纲';

let browser: Browser;
let server: E2EServer;
let itemId = '';
let requestId = '';
let otp = '';

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const { ctx } = server;
  const as = async (username: string) => ({
    actor: toActor((await findUserByUsername(ctx.db, username))!),
    ip: null,
    requestId: 'e2e-setup',
  });
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const dept = (await createDepartment(ctx, await as('sysadmin'), { name: '研发部', parentId: root.id })).id;
  const person = async (
    username: string,
    displayName: string,
    roles: ('leadership' | 'dept_officer' | 'dept_head')[],
  ) => {
    const { user, oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
      username,
      displayName,
      departmentId: roles.includes('leadership') ? root.id : dept,
      businessRoles: roles,
    });
    await updateUserSecurity(ctx, SYSTEM_CONTEXT, user.id, { version: user.version!, clearanceClass: 'core' });
    return { id: user.id, oneTimePassword };
  };
  const leader = await person('leader', '王总', ['leadership']);
  await person('head.a', '林主任', ['dept_head']); // the first approver of the proposal
  otp = (await person('officer.a', '周保密', ['dept_officer'])).oneTimePassword;
  await appointClassifier(ctx, await as('secadmin'), { userId: leader.id, kind: 'statutory', maxLevel: 'top_secret' });
  // A proposal: its proposer keeps it (custodian) and may print it before it is approved.
  const proposed = await proposeItem(ctx, await as('officer.a'), {
    title: TITLE,
    content: '试车程序见附件。',
    category: 'research_result',
    level: 'secret',
    basis: '本单位保密事项一览表第3条',
    period: { value: 10, unit: 'years' },
    declassifyCondition: null,
    classifierId: leader.id,
    origin: 'original',
    scope: [{ kind: 'department', ref: dept }],
    reason: '新项目定密',
  });
  itemId = proposed.item.id;
  requestId = proposed.requestId;
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

test('the custodian prints the catalogue entry from the item page and the approval form (审批表) from the request page: marked PDFs with the Chinese title drawn', async (t) => {
  const page = await openPage(t, browser, server.url);
  await submitLogin(page, 'officer.a', otp);
  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-current').fill(otp);
  await page.getByTestId('pw-new').fill(E2E_PASSWORD);
  await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);

  await page.goto(`/items/${itemId}`);
  await expect.poll(() => page.getByTestId('item-heading').innerText()).toContain(TITLE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('item-print').click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
  const pages = pdfPages(pdf);
  pages.forEach((p, i) => {
    const flat = p.replace(/\s+/g, '');
    expect(flat).toContain('机密★10年');
    expect(flat).toContain(`第${i + 1}页共${pages.length}页`);
  });
  expect(pages[0]).toContain(TITLE);
  expect(pages[0]).toContain('000001');
  expect(inkIn(pdf, 1, { x: 150, y: 70, width: 295, height: 40 })).toBeGreaterThan(200);

  // The approval form of the proposal, as its requester sees it: the chain waits for the department head.
  await page.goto(`/approvals/${requestId}`);
  const [form] = await Promise.all([page.waitForEvent('download'), page.getByTestId('approval-print').click()]);
  const formPdf = fs.readFileSync((await form.path())!);
  const formPages = pdfPages(formPdf);
  formPages.forEach((p, i) => {
    const flat = p.replace(/\s+/g, '');
    expect(flat).toContain('机密');
    expect(flat).toContain(`第${i + 1}页共${formPages.length}页`);
  });
  const flatForm = formPages.join('').replace(/\s+/g, '');
  expect(flatForm).toContain('审批表');
  expect(flatForm).toContain(TITLE);
  expect(flatForm).toContain('林主任');
  expect(inkIn(formPdf, 1, { x: 0, y: 40, width: 595, height: 120 })).toBeGreaterThan(200);
}, 120_000);
