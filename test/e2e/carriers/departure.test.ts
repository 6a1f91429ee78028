/**
 * A leaver's departure blocked by a loan, in the browser (issue 14, CAR-11): 马超 of 软件部 has borrowed a 秘密 paper
 * document from 何俊. The system administrator opens 马超's departure on the users page: the loan is listed as
 * blocking, the reason is shown and the departure cannot be confirmed (the server refuses it too). 何俊 takes the
 * document back on its page; the departure then goes through.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { lendCarrier } from '../../../src/modules/carriers/services/loan-service.js';
import { holdingsOf } from '../../../src/platform/departure.js';
import { signDepartureNda } from '../../helpers/people-demo.js';
import { zhCN as identityTexts } from '../../../web/src/modules/identity/i18n/zh-CN.js';
import {
  W,
  apiPost,
  as,
  carrierAction,
  fill,
  openCarrier,
  personPage,
  registerSoftwareDocument,
  signInDemo,
  step,
  submitAction,
  userId,
} from './support.js';

const TITLE = '软件配置管理计划（E2E 离岗）';
const LEAVER = 'machao';
const LEAVER_NAME = '马超';
const I = identityTexts;

let browser: Browser;
let server: E2EServer;
let carrier: CarrierSummary;
let leaverId = '';

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  carrier = await registerSoftwareDocument(server, TITLE);
  leaverId = await userId(server, LEAVER);
  await lendCarrier(server.ctx, await as(server, 'hejun'), carrier.id, {
    version: carrier.version,
    borrowerId: leaverId,
    dueOn: null,
  });
  await signDepartureNda(server.ctx, LEAVER);
  // The loan is all the leaver holds: it alone decides whether he may leave.
  const held = await holdingsOf(server.ctx, server.ctx.db, leaverId);
  expect(held.flatMap((m) => m.holdings.map((h) => [m.module, h.kind, h.reference]))).toEqual([
    ['carriers', 'loan', carrier.number],
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/**
 * Finds the leaver on the users page and opens his departure dialog. The action menu is opened again until the
 * dialog shows: a click on its entry while the menu is still appearing (or the list refreshing under it) is lost.
 */
async function openDeparture(page: Page): Promise<Locator> {
  await page.goto(`/users?q=${LEAVER}`);
  const dialog = page.locator('.ant-modal', { hasText: fill(I.user.departTitle, { name: LEAVER_NAME }) });
  const entry = page.getByRole('menuitem', { name: I.user.depart });
  await expect
    .poll(
      async () => {
        if (await dialog.isVisible()) return true;
        if (!(await entry.isVisible())) await page.getByTestId(`user-actions-${LEAVER}`).click();
        await entry.click({ timeout: 2_000 }).catch(() => undefined);
        return dialog.isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return dialog;
}

const statusOf = async (id: string) =>
  (await server.ctx.db.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('carriers: departure', () => {
  test('[CAR-11] a leaver’s departure is blocked by a loan, with the reason shown, until the carrier is returned', async (t) => {
    const sys = await personPage(t, browser, server, 'sysadmin');
    const keeper = await personPage(t, browser, server, 'hejun');

    await step('the departure is refused while the loan is out, with the reason', async () => {
      await signedIn(sys, server.creds.sysadmin!);
      const dialog = await openDeparture(sys);
      const loan = dialog.getByTestId('holdings-carriers').getByTestId(`holding-${carrier.number}`);
      await expect.poll(() => loan.innerText()).toContain(I.holdingKind.carriers.loan);
      expect(await loan.innerText()).toContain(I.departure.blocking);
      expect(await loan.innerText()).toContain(W.level.confidential);
      // The reason, in words; the departure cannot be confirmed.
      await expect
        .poll(() => dialog.getByTestId('depart-holdings-note').innerText())
        .toBe(fill(I.departure.blocked, { count: 1 }));
      await expect.poll(() => dialog.getByTestId('depart-confirm').isDisabled()).toBe(true);
      // Nor does the server let it through when asked directly.
      const version = (
        await server.ctx.db.selectFrom('users').select('version').where('id', '=', leaverId).executeTakeFirstOrThrow()
      ).version;
      const refused = await apiPost(sys, `/api/users/${leaverId}/depart`, { version, separationMonths: 12 });
      expect(refused.status).toBe(409);
      expect(refused.body.error?.details?.problem).toBe('holdings_remain');
      expect(await statusOf(leaverId)).toBe('active');
      await dialog.locator('.ant-modal-close').click();
      await dialog.waitFor({ state: 'hidden' });
    });

    await step('the custodian takes the carrier back on its page', async () => {
      await signInDemo(keeper, 'hejun');
      await openCarrier(keeper, carrier.id, carrier.number);
      await carrierAction(keeper, 'return');
      await submitAction(keeper, 'return');
      await expect.poll(() => keeper.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
    });

    await step('the departure then goes through', async () => {
      const dialog = await openDeparture(sys);
      await expect.poll(() => dialog.getByTestId('depart-holdings-none').innerText()).toBe(I.departure.none);
      await expect.poll(() => dialog.getByTestId('depart-confirm').isEnabled()).toBe(true);
      await dialog.getByTestId('depart-confirm').click();
      await expect.poll(() => statusOf(leaverId)).toBe('departed');
      await expect.poll(() => sys.getByTestId('user-table').innerText()).toContain(I.status.departed);
    });
  }, 120_000);
});
