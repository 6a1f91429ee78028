/**
 * The shared list component in the browser (issue 18), in the demo organisation: 周婷, custodian of the 2026 finance
 * report, sorts the catalogue by its 编号 column header; two colleagues of other departments have asked to read the
 * report, and she approves both requests at once from her approval inbox; once the confidentiality office has
 * approved them too, she revokes both grants at once from 我管理的 — the demo's own grant on the report, left
 * unchosen, stays in force. Each bulk action goes through the single endpoints: each row is audited on its own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { as, personPage, row, signInDemo } from '../carriers/support.js';
import { requestAccess } from '../../../src/modules/classification/services/grant-service.js';
import { loadRequest } from '../../../src/platform/approvals/approval-service.js';
import { decideRequest } from '../../../src/platform/approvals/decide.js';

const FINANCE = '2026年度财务决算报告';

let browser: Browser;
let server: E2EServer;
const asked: { requestId: string; number: string; grantee: string }[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  const item = await server.ctx.db
    .selectFrom('secret_items')
    .select('id')
    .where('title', '=', FINANCE)
    .executeTakeFirstOrThrow();
  for (const username of ['linfeng', 'gaojie']) {
    const rc = await as(server, username);
    const { requestId } = await requestAccess(server.ctx, rc, {
      itemId: item.id,
      actions: ['read'],
      days: 7,
      reason: '成本核算需要参阅决算数据',
    });
    const number = (await loadRequest(server.ctx.db, requestId))!.req.number;
    asked.push({ requestId, number, grantee: rc.actor!.displayName });
  }
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** Checks a row's selection box, again until it holds (a click can be lost while the table re-renders). */
async function choose(r: Locator): Promise<void> {
  const box = r.locator('input[type="checkbox"]');
  await expect
    .poll(async () => {
      if (!(await box.isChecked())) await box.check({ force: true }).catch(() => undefined);
      return box.isChecked();
    })
    .toBe(true);
}

const numbersShown = (page: Page) =>
  page.locator('[data-testid="item-table"] tbody tr.ant-table-row td:nth-child(1)').allInnerTexts();

describe('lists: header sorting and bulk actions', () => {
  test('the custodian sorts the catalogue by a header, approves two requests and revokes two grants at once', async (t) => {
    const page = await personPage(t, browser, server, 'zhouting');
    await signInDemo(page, 'zhouting');

    // The catalogue: newest number first by default; the 编号 header turns it around, and the URL keeps it.
    await page.goto('/items');
    await page.locator('[data-testid="item-table"][data-loading="false"]').waitFor();
    await expect.poll(async () => (await numbersShown(page)).length).toBeGreaterThan(1);
    const before = await numbersShown(page);
    expect(before).toEqual([...before].sort().reverse());
    const header = page.locator('[data-testid="item-table"] thead th', { hasText: '编号' });
    await expect
      .poll(async () => {
        if (!page.url().includes('order=asc')) await header.click().catch(() => undefined);
        return numbersShown(page);
      })
      .toEqual([...before].sort());
    expect(page.url()).toContain('sort=number');
    // `/` focuses the page's search, as on most consoles; typed into it, `/` is just a character.
    await page.keyboard.press('/');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.placeholder ?? '');
    await expect.poll(focused).toBe('搜索标题、编号或定密依据');
    await page.keyboard.type('a/b');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('a/b');
    await page.keyboard.press('Escape');

    // The approval inbox: both requests are hers to decide; chosen and approved in one go.
    await page.goto('/approvals');
    const inbox = page.getByTestId('approvals-table');
    for (const a of asked) await choose(row(inbox, a.number));
    // antd's hidden measure row copies the select-all checkbox: the app keeps it out of the tab order (inert).
    const measureRows = (inert: boolean) =>
      inbox.locator(`.ant-table-measure-row${inert ? '[inert]' : ':not([inert])'}`).count();
    expect([await measureRows(false), await measureRows(true)]).toEqual([0, 1]);
    await expect.poll(() => page.getByTestId('list-selected-count').innerText()).toContain('2');
    await page.getByTestId('approvals-bulk-approve').click();
    await page.getByTestId('approvals-bulk-comment').fill('同意，用毕交回');
    await page.getByTestId('approvals-bulk-submit').click();
    for (const a of asked) await expect.poll(() => row(inbox, a.number).count()).toBe(0);
    for (const a of asked) {
      const { req } = (await loadRequest(server.ctx.db, a.requestId))!;
      expect({ status: req.status, step: req.current_step }).toEqual({ status: 'pending', step: 1 });
    }

    // The confidentiality office approves the second step (through the service: its web sign-in needs a key).
    const sec = await as(server, 'secadmin');
    for (const a of asked) {
      const { req } = (await loadRequest(server.ctx.db, a.requestId))!;
      await decideRequest(server.ctx, sec, a.requestId, { version: req.version, decision: 'approve', comment: null });
    }

    // The grants on her item: the two new ones chosen and revoked at once, with one reason.
    await page.goto('/grants?view=managed');
    const grants = page.getByTestId('grants-table');
    for (const a of asked) await choose(row(grants, FINANCE, a.grantee));
    // At a laptop's 1280 px the actions column is in view without scrolling inside the table (fixed at its right).
    const frame = (await grants.locator('.ant-table-container').boundingBox())!;
    const ops = (await grants.locator('thead th', { hasText: /^操作$/ }).boundingBox())!;
    expect(page.viewportSize()!.width).toBe(1280);
    expect(ops.x).toBeGreaterThanOrEqual(frame.x);
    expect(ops.x + ops.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
    await page.getByTestId('grants-bulk-revoke').click();
    await page.getByTestId('grants-bulk-reason').fill('核算已完成');
    await page.getByTestId('grants-bulk-submit').click();
    const requestIds = asked.map((a) => a.requestId);
    await expect
      .poll(async () =>
        (
          await server.ctx.db
            .selectFrom('access_grants')
            .select('revoked_at')
            .where('request_id', 'in', requestIds)
            .execute()
        ).map((g) => g.revoked_at !== null),
      )
      .toEqual([true, true]);
    // Each revoke is its own audited event by her; the demo's grant on the report is still in force.
    const events = await server.ctx.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('action', '=', 'grant.revoke')
      .where('result', '=', 'success')
      .execute();
    const zhouting = (await as(server, 'zhouting')).actor!.id;
    expect(events.map((e) => e.actor_id)).toEqual([zhouting, zhouting]);
    const kept = await server.ctx.db
      .selectFrom('access_grants')
      .select('revoked_at')
      .where((eb) => eb.or([eb('request_id', 'not in', requestIds), eb('request_id', 'is', null)]))
      .where('source', '=', 'request')
      .execute();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((g) => g.revoked_at === null)).toBe(true);
  });
});
