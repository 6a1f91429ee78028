/**
 * The approval chains page: the security administrator opens it from the menu, finds the organisation's groups
 * (主管领导, 总经理) and the functional roles offered for a classification request type, adds a step to a
 * chain, saves it, and finds it kept after a reload (and in the API's answer).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

const TYPE = 'classification.classify';
const CHAIN = `chain-${TYPE}-confidential`;

/** The texts of the options the open Select offers. */
const offered = (page: Page) => () =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();

test('the security administrator adds a step to a chain, choosing among the groups offered, and it is kept', async (t) => {
  const page = await openPage(t, browser, server.url);
  await signedIn(page, server.creds.secadmin!);
  await page.getByTestId('nav-approval-chains').click();
  await page.waitForURL('**/approval-chains');
  await page.getByTestId(`approval-chains-tab-${TYPE}`).click();
  await expect.poll(() => page.getByTestId(`approval-chains-tab-${TYPE}`).innerText()).toBe('定密');

  // The confidential tier starts with one step, the department head's.
  await expect.poll(() => page.getByTestId(`${CHAIN}-step-0-group`).innerText()).toContain('部门负责人');
  await expect
    .poll(() => page.getByTestId(CHAIN).locator(`[data-testid^="${CHAIN}-step-"][data-testid$="-group"]`).count())
    .toBe(1);
  await page.getByTestId(`${CHAIN}-add`).click();
  await page.getByTestId(`${CHAIN}-step-1-group`).click();
  // The organisation's groups, the functional roles and the item's own groups.
  await expect.poll(offered(page)).toEqual(expect.arrayContaining(['主管领导', '总经理', '财务主管', '保管人']));
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '总经理' }).click();
  await expect.poll(() => page.getByTestId(`${CHAIN}-step-1-group`).innerText()).toContain('总经理');

  await page.getByTestId('approval-chains-save').click();
  await page.getByText('审批流程已保存').waitFor();

  await page.reload();
  await page.getByTestId(`approval-chains-tab-${TYPE}`).click();
  await expect.poll(() => page.getByTestId(`${CHAIN}-step-1-group`).innerText()).toContain('总经理');
  const saved = (await (await page.request.get('/api/approval-chains')).json()) as {
    chains: Record<string, Record<string, { group: string; mode: string }[]>>;
  };
  expect(saved.chains[TYPE]!.confidential).toEqual([
    { group: 'dept_head', mode: 'any' },
    { group: 'general_manager', mode: 'any' },
  ]);
}, 120_000);
