/**
 * The audit trail as a Chinese auditor reads it (issue 17): the auditor filters the trail by an action's Chinese
 * name (登录), sees readable rows — the action's name, local time in the organisation's zone, the actor's role
 * in words — and the filter in the page's address; opens an event's details; follows an event's object (the
 * account the system administrator created, shown by its person's name) to its page; and a link with the
 * filter in its query opens the trail filtered. One server; the account is created through the services.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { personPage } from '../people/support.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { localIsoOf } from '../../../src/kernel/local-time.js';
import { pickActions, trailRows } from './support.js';

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const { ctx } = server;
  const sysadmin = toActor((await findUserByUsername(ctx.db, 'sysadmin'))!);
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  // An administrator's action the auditor reviews: the system administrator creates 刘洋's account.
  await createUser(
    ctx,
    { actor: sysadmin, ip: '10.0.0.8', requestId: 'e2e-setup' },
    { username: 'liuyang', displayName: '刘洋', departmentId: root.id, businessRoles: ['employee'] },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the audit trail in the browser', () => {
  test('the auditor filters by a Chinese action name, reads the rows and opens an event and its object', async (t) => {
    const page = await personPage(t, browser, server, 'auditor');
    await signedIn(page, server.creds.auditor!);
    await page.goto('/audit');
    await page.getByTestId('audit-table').waitFor();

    // 登录, picked by its name: the address keeps the filter, every row is a sign-in, in words.
    await pickActions(page, ['登录']);
    await page.getByTestId('audit-search').click();
    await page.waitForURL((u) => u.pathname === '/audit' && u.searchParams.get('action') === 'auth.login');
    await expect.poll(() => trailRows(page).count()).toBeGreaterThan(0);
    await expect
      .poll(async () =>
        (
          await trailRows(page)
            .locator('[data-action]')
            .evaluateAll((els) => els.map((e) => e.textContent))
        ).every((name) => name === '登录'),
      )
      .toBe(true);
    const rows = await trailRows(page).allInnerTexts();
    expect(rows.join('\n')).not.toContain('auth.login');
    expect(rows[0]).toContain('安全审计员'); // the actor's role in words (the auditor's own sign-in)
    // Local time in the organisation's zone (Asia/Shanghai), as the newest sign-in was recorded.
    const newest = await server.ctx.db
      .selectFrom('audit_events')
      .select('at')
      .where('action', '=', 'auth.login')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const local = localIsoOf(newest.at, 'Asia/Shanghai').slice(0, 19).replace('T', ' ');
    await expect.poll(() => page.getByTestId('audit-time').first().innerText()).toBe(local);
    // The export speaks the page's language and keeps the filter.
    const csv = new URL((await page.getByTestId('audit-export-csv').getAttribute('href'))!, server.url);
    expect([csv.searchParams.get('lang'), csv.searchParams.get('action')]).toEqual(['zh-CN', 'auth.login']);

    // 新建账号 instead: the object is the person by name, linked; the event's details open in a drawer.
    await pickActions(page, ['新建账号']);
    await page.getByTestId('audit-search').click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'user.create');
    const created = trailRows(page, '人员 刘洋');
    await expect.poll(() => created.count()).toBe(1);
    expect(await created.innerText()).toContain('系统管理员');
    await created.locator('[data-testid^="audit-open-"]').click();
    const drawer = page.getByTestId('audit-event-drawer');
    await expect.poll(() => drawer.innerText()).toContain('user.create');
    expect(await page.getByTestId('audit-event-details').innerText()).toContain('liuyang');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await created.getByTestId('audit-target-link').click();
    await page.waitForURL((u) => u.pathname === '/users' && u.searchParams.get('q') === 'liuyang');
    await expect.poll(() => page.locator('tbody tr.ant-table-row').first().innerText()).toContain('刘洋');

    // A link with the filter in its query (a workbench card's) opens the trail filtered, the filter shown.
    await page.goto('/audit?action=user.create&result=success');
    await expect.poll(() => trailRows(page, '人员 刘洋').count()).toBe(1);
    expect(await page.getByTestId('audit-action').innerText()).toContain('新建账号');
    expect(await page.getByTestId('audit-result').innerText()).toContain('成功');

    // The 「对象」 filter takes a person's name; a click anywhere on a row opens its details at the table's time.
    await page.goto('/audit');
    await page.getByTestId('audit-target').fill('刘洋');
    await page.getByTestId('audit-search').click();
    await page.waitForURL((u) => u.searchParams.get('target') === '刘洋');
    const named = trailRows(page, '人员 刘洋');
    await expect.poll(() => named.count()).toBeGreaterThan(0);
    const time = await named.first().getByTestId('audit-time').innerText();
    await named.first().getByTestId('audit-time').click();
    await expect.poll(() => page.getByTestId('audit-drawer-time').innerText()).toBe(time);
  });
});
