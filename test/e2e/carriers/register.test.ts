/**
 * Registering a carrier in the browser (issue 14): in the demo organisation, 何俊, the designated handler of 软件部,
 * produces a 秘密 paper document from the register page — title, kind, level and period, copies, pages,
 * originator, 林峰 as its custodian through the person picker, the department's cabinet, the department as its
 * scope — lands on its page with its register number and marking, and finds it in the register. A colleague who is
 * no designated handler is offered no registering at all. A chart linked to a secret item of the catalogue takes the
 * item's marking, and its 机密 copies become one unit each.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, pickPerson, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { T, W, allRows, fill, input, listSettled, personPage, pick, row, signInDemo, step } from './support.js';

const TITLE = '北斗授时模块接口设计说明（E2E）';
const CHART = '加密模块数据流程图（E2E）';
/** A secret item of the demo catalogue, 机密★15年, known to 软件部. */
const ITEM_TITLE = '核心加密算法源代码';

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('carriers: registering', () => {
  test('[CAR-01][CAR-02][CAR-03] a designated handler registers a paper document from the UI: its number, marking and custodian, in the register', async (t) => {
    const page = await personPage(t, browser, server, 'hejun');
    let id = '';
    let number = '';

    await step('the designated handler fills the register form', async () => {
      await signInDemo(page, 'hejun');
      await page.getByTestId('nav-carriers').click();
      await page.waitForURL('**/carriers');
      await page.getByTestId('carrier-register').click();
      await page.waitForURL('**/carriers/new');
      // Produced (制作) in the one department where he is a designated handler: chosen for him.
      await expect.poll(() => page.getByTestId('carrier-department').innerText()).toContain('软件部');
      await input(page, 'carrier-title').fill(TITLE);
      await pick(page, 'carrier-kind', '纸质文件');
      await input(page, 'carrier-originator').fill('软件部');
      await input(page, 'carrier-pages').fill('24');
      await pick(page, 'carrier-level', '秘密');
      await input(page, 'carrier-period-value').fill('10');
      await input(page, 'carrier-copies').fill('1');
      // Custodian: 林峰, found through the person picker (only people cleared for 秘密 are offered).
      await pickPerson(page, page.getByTestId('carrier-custodian'), '林峰');
      // Only registered locations that may hold 秘密.
      await pick(page, 'carrier-location', '软件部保密柜');
      await expect.poll(() => page.getByTestId('carrier-location').innerText()).toContain('SW-C01');
      await pick(page, 'scope-add-dept', '软件部');
      await page.getByTestId('scope-list').getByText('软件部').waitFor();
      await page.getByTestId('carrier-submit').click();
    });

    await step('it lands on its page with its number and marking', async () => {
      await page.waitForURL(/\/carriers\/[0-9a-f-]{36}$/);
      id = page.url().split('/').pop()!;
      await expect.poll(() => page.getByTestId('carrier-heading').innerText()).toContain(TITLE);
      number = (await page.getByTestId('carrier-number').innerText()).trim();
      expect(number).not.toBe('');
      expect(await page.getByTestId('carrier-heading').innerText()).toContain(number);
      await expect.poll(() => page.getByTestId('carrier-marking').innerText()).toBe('秘密★10年');
      await expect.poll(() => page.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
      await expect.poll(() => page.getByTestId('carrier-custodian-name').innerText()).toBe('林峰');
      await expect.poll(() => page.getByTestId('carrier-location-name').innerText()).toContain('软件部保密柜');
      const details = await page.getByTestId('carrier-details').innerText();
      expect(details).toMatch(/页数\s+24/);
      expect(details).toMatch(new RegExp(`来源\\s+${W.origin.produced}`));
      expect(details).toMatch(/制发单位 \/ 起草人\s+软件部/);
      await expect.poll(() => page.getByTestId('carrier-scope').innerText()).toContain('软件部');
      // Its history starts with its production, by the handler.
      await expect.poll(() => page.getByTestId('carrier-event-produced').innerText()).toContain('何俊');
    });

    await step('it is in the register: the department ledger and a search find it', async () => {
      await page.goto('/carriers?ledger=department');
      await listSettled(page);
      await row(page.getByTestId('carrier-table'), number, TITLE, '秘密★10年', '林峰').waitFor();
      await page.goto('/carriers');
      await listSettled(page);
      await input(page, 'carrier-search').fill('北斗授时');
      await input(page, 'carrier-search').press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === '北斗授时');
      await listSettled(page);
      await expect.poll(() => page.getByTestId('carrier-total').innerText()).toMatch(/\b1\b/);
      const found = row(page.getByTestId('carrier-table'), number, TITLE);
      await found.waitFor();
      await found.getByTestId(`carrier-link-${number}`).click();
      await page.waitForURL(`**/carriers/${id}`);
      await expect.poll(() => page.getByTestId('carrier-heading').innerText()).toContain(TITLE);
    });

    await step('[CAR-03] a colleague who is no designated handler may not register', async () => {
      const other = await personPage(t, browser, server, 'machao');
      await signInDemo(other, 'machao');
      await other.goto('/carriers');
      await listSettled(other);
      expect(await other.getByTestId('carrier-register').count()).toBe(0);
      await other.goto('/carriers/new');
      await other.locator('.ant-result-403').waitFor();
      expect(await other.getByTestId('carrier-form').count()).toBe(0);
    });
  }, 120_000);

  test('[CAR-01][CAR-02] a chart linked to a secret item takes the item’s marking; its 机密 copies are registered one unit each', async (t) => {
    const page = await personPage(t, browser, server, 'hejun-item');
    const item = await server.ctx.db
      .selectFrom('secret_items')
      .select(['id', 'number'])
      .where('title', '=', ITEM_TITLE)
      .executeTakeFirstOrThrow();

    await signInDemo(page, 'hejun');
    await page.goto('/carriers/new');
    await input(page, 'carrier-title').fill(CHART);
    await pick(page, 'carrier-kind', W.kind.chart);
    await input(page, 'carrier-originator').fill('软件部');
    await input(page, 'carrier-pages').fill('3');
    // Classified by the catalogue: the item's level and term, shown before registering.
    await page.getByTestId('carrier-classify-by').getByText(T.register.byItem).click();
    await pick(page, 'carrier-item', item.number, '核心加密算法');
    await page.getByText(fill(T.register.itemLevel, { marking: '机密★15年' })).waitFor();
    await input(page, 'carrier-copies').fill('2');
    await page.getByText(T.register.copiesNumbered).waitFor();
    // The custodian is the registering handler unless another is chosen.
    await expect.poll(() => page.getByTestId('carrier-custodian').innerText()).toContain('何俊');
    await pick(page, 'carrier-location', '软件部保密柜');
    await page.getByTestId('carrier-submit').click();

    await page.waitForURL(/\/carriers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('carrier-heading').innerText()).toContain(CHART);
    await expect.poll(() => page.getByTestId('carrier-marking').innerText()).toBe('机密★15年');
    await expect.poll(() => page.getByTestId('carrier-item-link').innerText()).toBe(item.number);
    const number = (await page.getByTestId('carrier-number').innerText()).trim();
    const set = number.replace(/-\d+\/\d+$/, '');
    expect(await page.getByTestId('carrier-details').innerText()).toContain(
      fill(T.carrier.copyOf, { n: 1, of: 2, set }),
    );
    // Each copy is a unit of the register of its own.
    await page.goto('/carriers?ledger=personal');
    const rows = (await allRows(page, 'personal')).filter((r) => r.title === CHART);
    expect(rows.map((r) => r.number).sort()).toEqual([`${set}-1/2`, `${set}-2/2`]);
  }, 120_000);
});
