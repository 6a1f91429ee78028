/**
 * The 三员 audit split in the browser (issue 17, ADR 0024): the auditor, an employee (刘洋) and the security
 * administrator sign in; the security administrator's trail shows the employee's sign-in and not the auditor's; the
 * auditor's shows the security administrator's and not the employee's; the security administrator lets the auditor
 * read the whole trail on 「审计设置」 and the auditor then sees the employee's too; the security administrator sets the
 * retention, the trail so far is archived (ADR 0030) and the auditor finds the employee's sign-in in the archive
 * segment picked on the trail page. One server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startE2EServer, submitLogin, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { personPage } from '../people/support.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { trailRows } from './support.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';
import { archiveAudit } from '../../../src/platform/audit/archive.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';

let browser: Browser;
let server: E2EServer;
let employeePassword: string;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const { ctx } = server;
  const sysadmin = toActor((await findUserByUsername(ctx.db, 'sysadmin'))!);
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const { oneTimePassword } = await createUser(
    ctx,
    { actor: sysadmin, ip: null, requestId: 'e2e-setup' },
    { username: 'liuyang', displayName: '刘洋', departmentId: root.id, businessRoles: ['employee'] },
  );
  employeePassword = oneTimePassword;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The sign-ins the trail shows to the person on `page`, waiting until the list has loaded. */
async function signIns(page: Page): Promise<void> {
  await page.goto('/audit?action=auth.login');
  await expect.poll(() => trailRows(page).count(), { timeout: 20_000 }).toBeGreaterThan(0);
}

describe('the 三员 audit split', () => {
  test("the security administrator sees the employee's events, the auditor the administrators'", async (t) => {
    const auditor = await personPage(t, browser, server, 'auditor');
    await signedIn(auditor, server.creds.auditor!);
    const employee = await personPage(t, browser, server, 'employee');
    // 刘洋's sign-in is recorded as he signs in; choosing his own password is the next step, not needed here.
    await submitLogin(employee, 'liuyang', employeePassword);
    await employee.waitForURL('**/login/password');
    const secadmin = await personPage(t, browser, server, 'secadmin');
    await signedIn(secadmin, server.creds.secadmin!);

    await signIns(secadmin);
    await expect.poll(() => trailRows(secadmin, '刘洋').count()).toBeGreaterThan(0);
    expect(await trailRows(secadmin, '安全审计员').count()).toBe(0);
    expect(await secadmin.getByRole('alert').filter({ hasText: '您审查普通用户的操作记录' }).count()).toBe(1);

    await signIns(auditor);
    await expect.poll(() => trailRows(auditor, '安全保密管理员').count()).toBeGreaterThan(0);
    expect(await trailRows(auditor, '刘洋').count()).toBe(0);
    // The auditor has no 「审计设置」: the security administrator decides it.
    expect(await auditor.getByTestId('nav-audit-settings').count()).toBe(0);

    await secadmin.getByTestId('nav-audit-settings').click();
    await secadmin.waitForURL('**/audit/settings');
    const readsAll = secadmin.getByTestId('audit-settings-reads-all');
    await expect.poll(() => readsAll.getAttribute('aria-checked')).toBe('false');
    await expect
      .poll(async () => {
        if ((await readsAll.getAttribute('aria-checked')) !== 'true') await readsAll.click();
        return readsAll.getAttribute('aria-checked');
      })
      .toBe('true');
    await secadmin.getByTestId('audit-settings-save').click();
    await expect.poll(() => secadmin.locator('.ant-message').innerText()).toContain('审计设置已保存');

    // The auditor's trail widens once the page reads it again.
    await expect
      .poll(
        async () => {
          await signIns(auditor);
          return trailRows(auditor, '刘洋').count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);

    // The retention (never below six months: the field's minimum, the server's bound).
    await secadmin.getByTestId('audit-settings-retention').fill('12');
    await secadmin.getByTestId('audit-settings-save').click();
    await expect.poll(() => secadmin.locator('.ant-message').innerText()).toContain('审计设置已保存');

    // Everything so far moves into a segment; the auditor picks it on the trail page and finds 刘洋's sign-in there.
    const head = await readAuditHead(server.ctx.db);
    expect((await archiveAudit(server.ctx, SYSTEM_CONTEXT, { throughSeq: head.seq })).events).toBe(head.seq);
    await auditor.goto('/audit?action=auth.login');
    const source = auditor.getByTestId('audit-source');
    await expect.poll(() => source.isVisible(), { timeout: 20_000 }).toBe(true);
    await source.click();
    await auditor
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '归档：事件 1–' })
      .click();
    await expect.poll(() => auditor.getByTestId('audit-archive-note').count()).toBe(1);
    await expect.poll(() => trailRows(auditor, '刘洋').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Verifying from the trail page reads the archive too: the whole chain, the archived range said.
    await auditor.getByTestId('audit-verify').click();
    await expect.poll(() => auditor.getByTestId('audit-verify-result').innerText()).toMatch(/审计链完整/);
    await expect.poll(() => auditor.getByTestId('audit-verify-archive').innerText()).toMatch(/已读取并校验/);
  });
});
