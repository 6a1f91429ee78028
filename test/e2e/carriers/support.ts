/**
 * Shared by the carriers' end-to-end tests (issue 14): demo people signed in (the files start the demo organisation
 * with `startDemoE2EServer`), carriers put in place through the module's use cases (as the demo does), and the few
 * ways the tests drive antd's fields and tables. Each test file still starts its own server and browser contexts.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, type TestContext } from 'vitest';
import {
  expectHome,
  newContext,
  noDropdown,
  pick,
  screenshot,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';
import { DEMO_PASSWORD } from '../../../src/platform/demo.js';
import type { RequestContext } from '../../../src/platform/context.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/index.js';
import { registerCarrier } from '../../../src/modules/carriers/services/register-service.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { CARRIER_CODE_WORDS } from '../../../src/modules/carriers/contracts/print-texts.js';
import { zhCN } from '../../../web/src/modules/carriers/i18n/zh-CN.js';

/** Carriers' coded values in Chinese words (statuses, channels, history events...): what the pages show. */
export const W = CARRIER_CODE_WORDS['zh-CN'];
/** The carriers web module's Chinese texts. */
export const T = zhCN;
/** An i18next template filled in (`{{name}}`). */
export const fill = (template: string, vars: Record<string, string | number>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

export const DAY = 86_400_000;

/** A demo person acting through the services (to put things in place before the browser takes over). */
export async function as(server: E2EServer, username: string): Promise<RequestContext> {
  const u = await findUserByUsername(server.ctx.db, username);
  if (!u) throw new Error(`no demo person ${username}`);
  return { actor: toActor(u), ip: null, requestId: 'e2e-setup' };
}

export async function userId(server: E2EServer, username: string): Promise<string> {
  return (await as(server, username)).actor!.id;
}

export async function departmentId(server: E2EServer, name: string): Promise<string> {
  return (await server.ctx.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow())
    .id;
}

export async function locationId(server: E2EServer, code: string): Promise<string> {
  return (
    await server.ctx.db.selectFrom('storage_locations').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}

/**
 * A 秘密 paper document of 软件部 registered by its designated handler 何俊 (hejun), in his custody in the
 * department's cabinet, known to the department: the demo's everyday carrier, with a title of the test's own.
 */
export async function registerSoftwareDocument(
  server: E2EServer,
  title: string,
  overrides: Record<string, unknown> = {},
): Promise<CarrierSummary> {
  const sw = await departmentId(server, '软件部');
  const { items } = await registerCarrier(server.ctx, await as(server, 'hejun'), {
    origin: 'produced',
    title,
    kind: 'paper_document',
    itemId: null,
    level: 'confidential',
    period: { value: 5, unit: 'years' },
    declassifyCondition: null,
    copies: 1,
    pages: 16,
    originator: '软件部',
    departmentId: sw,
    custodianId: await userId(server, 'hejun'),
    locationId: await locationId(server, 'SW-C01'),
    scope: [{ kind: 'department', ref: sw }],
    received: null,
    ...overrides,
  } as Parameters<typeof registerCarrier>[2]);
  return items[0]!;
}

/** A page in its own browser context (own cookies), screenshotted when the test fails, closed when it ends. */
export async function personPage(t: TestContext, browser: Browser, server: E2EServer, name: string): Promise<Page> {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  t.onTestFinished(async (c) => {
    if (c.task.result?.state === 'fail') await screenshot(page, `e2e-carriers-${t.task.name.slice(0, 60)}-${name}`);
    await context.close().catch(() => undefined);
  });
  return page;
}

/** Signs a demo person in (the demo password; people without an administrator role have no second factor). */
export async function signInDemo(page: Page, username: string): Promise<void> {
  await submitLogin(page, username, DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
}

/** The text input of a field hook (antd puts the testid on the input itself or on a wrapper). */
export const input = (scope: Page | Locator, testid: string): Locator =>
  scope
    .locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"], [data-testid="${testid}"] input`)
    .first();

export { pick };

/** The option texts of an antd Select (opened, read, closed again), with whether each is disabled. */
export async function optionsOf(page: Page, testid: string): Promise<{ text: string; disabled: boolean }[]> {
  const field = page.locator(`[data-testid="${testid}"]:visible`).first();
  await noDropdown(page);
  await field.click();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const options = dropdown.locator('.ant-select-item-option');
  await options.first().waitFor();
  // antd renders a virtual list: every option of a short list is in the DOM at once.
  const out = await options.evaluateAll((els) =>
    els.map((e) => ({
      text: (e as HTMLElement).innerText.trim(),
      disabled: e.classList.contains('ant-select-item-option-disabled'),
    })),
  );
  // Closed by a second click (Escape would close a dialog around it too).
  await field.click();
  await noDropdown(page);
  return out;
}

/** Types a date into an antd DatePicker (YYYY-MM-DD) and confirms it. */
export async function fillDate(page: Page, testid: string, date: string): Promise<void> {
  const field = input(page, testid);
  await field.click();
  await field.fill(date);
  await field.press('Enter');
  await expect.poll(() => field.inputValue()).toBe(date);
}

/** The rows of an antd table (inside the hook's wrapper) showing every one of `texts`. */
export function row(table: Locator, ...texts: string[]): Locator {
  let rows = table.locator('tbody tr.ant-table-row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

/** Waits until the register list shows the rows of the filters in the URL (not the previous ones, kept meanwhile). */
export async function listSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="carrier-table"][data-loading="false"]').waitFor();
  await page.getByTestId('carrier-total').waitFor();
}

/** Opens a carrier's page and waits for its heading. */
export async function openCarrier(page: Page, id: string, number: string): Promise<void> {
  await page.goto(`/carriers/${id}`);
  await expect.poll(() => page.getByTestId('carrier-heading').innerText()).toContain(number);
}

/** Opens one of the carrier page's actions (a button, or an entry of the 更多 menu). */
export async function carrierAction(page: Page, key: string): Promise<void> {
  const button = page.getByTestId('carrier-actions').getByTestId(`carrier-action-${key}`);
  if (await button.isVisible()) return button.click();
  await page.getByTestId('carrier-action-more').click();
  await page.locator('.ant-dropdown:visible').getByTestId(`carrier-action-${key}`).click();
}

/** Submits an action dialog and waits until it has closed (the carrier page then shows the new state). */
export async function submitAction(page: Page, name: string): Promise<void> {
  const submit = page.getByTestId(`carrier-${name}-submit`);
  await submit.click();
  // A refusal keeps the dialog open with the reason in words: fail at once, saying it.
  const refusal = page.locator('.ant-modal:visible .ant-alert-error');
  await expect
    .poll(async () => {
      if (await refusal.isVisible()) throw new Error(`the ${name} dialog refused: ${await refusal.innerText()}`);
      return submit.isHidden();
    })
    .toBe(true);
}

/** One step of a journey: its failure says which step. */
export async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof Error) e.message = `[step: ${name}] ${e.message}`;
    throw e;
  }
}

/** A call of the API in the page's session (its cookies and CSRF token), as the web app would make it. */
export async function apiPost(
  page: Page,
  path: string,
  body: unknown,
): Promise<{ status: number; body: { error?: { code?: string; message?: string; details?: { problem?: string } } } }> {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const r = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
  return { status: r.status(), body: (await r.json().catch(() => ({}))) as never };
}

export interface ListSnapshot {
  loading: boolean;
  /** The total the list shows (null while it is being counted). */
  total: number | null;
  /** The active ledger tab. */
  tab: string | null;
  rows: { number: string; title: string; text: string }[];
  more: boolean;
}

/** The register list as shown at one instant (read in one go, so rows, total and tab belong together). */
export function listSnapshot(page: Page): Promise<ListSnapshot> {
  return page.evaluate(() => {
    const wrap = document.querySelector('[data-testid="carrier-table"]');
    const totalText = document.querySelector('[data-testid="carrier-total"]')?.textContent ?? null;
    const active = document.querySelector('.ant-tabs-tab-active [data-testid^="carrier-ledger-"]');
    const rows = [...(wrap?.querySelectorAll('tbody tr.ant-table-row') ?? [])].map((tr) => {
      const cells = tr.querySelectorAll('td');
      return {
        number: cells[0]?.textContent?.trim() ?? '',
        title: cells[1]?.textContent?.trim() ?? '',
        text: (tr as HTMLElement).innerText,
      };
    });
    return {
      loading: wrap?.getAttribute('data-loading') !== 'false',
      total: totalText === null ? null : Number(totalText.replace(/\D/g, '')),
      tab: active?.getAttribute('data-testid')?.replace('carrier-ledger-', '') ?? null,
      rows,
      // The shared list's "load more" stays in place, disabled once every row is loaded.
      more: document.querySelector('[data-testid="carriers-more"]:not([disabled])') !== null,
    };
  });
}

/**
 * Every row of the ledger tab `tab` (loading more until none is left), once the list shows them all with their
 * total: never the rows of the tab or filters shown before.
 */
export async function allRows(page: Page, tab: string): Promise<ListSnapshot['rows']> {
  let rows: ListSnapshot['rows'] = [];
  await expect
    .poll(async () => {
      const s = await listSnapshot(page);
      if (s.tab !== tab || s.loading) return false;
      if (s.more) {
        await page.getByTestId('carriers-more').click();
        return false;
      }
      rows = s.rows;
      return s.total !== null && s.total === s.rows.length;
    })
    .toBe(true);
  return rows;
}
