/**
 * Carrying a carrier out in the browser (issue 14, CAR-12): 林峰, head of 软件部 and custodian of a 秘密 paper
 * document, asks to have it carried to a review at the group's headquarters by 何俊, the department's designated
 * carry-out handler. The request goes to the department's leader in charge (主管领导), 黄志强, who reads what is asked
 * and approves it in his approvals inbox. 何俊 records leaving with it; back in the department, 林峰 records its return,
 * counted against the register. Its history shows every step.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { addDays } from '../../../src/modules/carriers/domain/movement-rules.js';
import {
  T,
  W,
  carrierAction,
  fillDate,
  input,
  openCarrier,
  personPage,
  pick,
  registerSoftwareDocument,
  row,
  signInDemo,
  step,
  submitAction,
  userId,
} from './support.js';

const TITLE = '系统总体技术方案（E2E 携带外出）';
const DESTINATION = '集团公司科技部（北京）';
const PAGES = 36;

let browser: Browser;
let server: E2EServer;
let carrier: CarrierSummary;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  carrier = await registerSoftwareDocument(server, TITLE, {
    pages: PAGES,
    custodianId: await userId(server, 'linfeng'),
  });
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

async function cardCount(page: Page, key: string): Promise<number> {
  await page.goto('/');
  const value = page.getByTestId(`card-${key}`).locator('.ant-statistic-content-value');
  return Number((await value.innerText()).replace(/\D/g, ''));
}

describe('carriers: carrying out', () => {
  test('[CAR-03][CAR-12] a carry-out approved by the leader in charge, carried by a designated handler, recorded leaving and coming back', async (t) => {
    const custodian = await personPage(t, browser, server, 'linfeng');
    const leader = await personPage(t, browser, server, 'huangzhiqiang');
    const bearer = await personPage(t, browser, server, 'hejun');
    const returnOn = addDays(await todayOf(server.ctx), 3);
    let carriedOut = 0;

    await step('the custodian asks to carry it out, borne by the designated handler', async () => {
      await signInDemo(custodian, 'linfeng');
      carriedOut = await cardCount(custodian, 'carriers.carried_out');
      await openCarrier(custodian, carrier.id, carrier.number);
      await carrierAction(custodian, 'carry_out');
      // Only the department's designated carry-out handlers may bear it.
      await pick(custodian, 'carrier-carry-out-bearer', '何俊');
      await input(custodian, 'carrier-carry-out-destination').fill(DESTINATION);
      await input(custodian, 'carrier-carry-out-purpose').fill('参加系统总体方案评审会');
      await fillDate(custodian, 'carrier-carry-out-return-on', returnOn);
      await submitAction(custodian, 'carry-out');
      // The request is under way; the carrier is still at home.
      const pending = custodian.getByTestId('carrier-pending');
      await expect.poll(() => pending.innerText()).toContain(T.requestType['carriers.carry_out']);
      await expect.poll(() => custodian.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
      await expect
        .poll(() => custodian.getByTestId('carrier-carry-out-status').innerText())
        .toBe(W.carryOutStatus.requested);
    });

    await step('the leader in charge approves it from his inbox', async () => {
      await signInDemo(leader, 'huangzhiqiang');
      await leader.getByTestId('nav-approvals').click();
      await leader.waitForURL('**/approvals');
      const r = row(leader.getByTestId('approvals-table'), carrier.number, T.requestType['carriers.carry_out']);
      await r.waitFor();
      await r.locator('a').first().click();
      await leader.waitForURL(/\/approvals\/[0-9a-f-]{36}$/);
      // He reads what is asked: who carries it, where, until when.
      const asked = leader.getByTestId('approval-payload');
      await expect.poll(() => asked.innerText()).toContain(DESTINATION);
      expect(await asked.innerText()).toContain('何俊');
      expect(await asked.innerText()).toContain(returnOn);
      await expect.poll(() => leader.getByTestId('approval-target-details').innerText()).toContain(TITLE);
      await leader.getByTestId('approval-comment').fill('同意，全程随身携带');
      await leader.getByTestId('approval-approve').click();
      await leader.locator('[data-testid="approval-status"][data-status="approved"]').waitFor();
    });

    await step('the bearer records leaving with it', async () => {
      await signInDemo(bearer, 'hejun');
      await openCarrier(bearer, carrier.id, carrier.number);
      await expect
        .poll(() => bearer.getByTestId('carrier-carry-out-status').innerText())
        .toBe(W.carryOutStatus.approved);
      await carrierAction(bearer, 'depart');
      await submitAction(bearer, 'depart');
      await expect.poll(() => bearer.getByTestId('carrier-status').innerText()).toBe(W.status.carried_out);
      await expect.poll(() => bearer.getByTestId('carrier-carry-out-status').innerText()).toBe(W.carryOutStatus.out);
      // The bearer does not receive it back himself: that is for its custodian.
      expect(await bearer.getByTestId('carrier-action-carry_back').count()).toBe(0);
      await expect.poll(() => cardCount(custodian, 'carriers.carried_out')).toBe(carriedOut + 1);
    });

    await step('back in the department, the custodian records its return, counted', async () => {
      await openCarrier(custodian, carrier.id, carrier.number);
      await carrierAction(custodian, 'carry_back');
      expect(await input(custodian, 'carrier-carry-back-pages').inputValue()).toBe(String(PAGES));
      await input(custodian, 'carrier-carry-back-quantity').fill('1');
      await submitAction(custodian, 'carry-back');
      await expect.poll(() => custodian.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
      await expect.poll(() => cardCount(custodian, 'carriers.carried_out')).toBe(carriedOut);
      await openCarrier(custodian, carrier.id, carrier.number);
      // Every step in its history: asked, approved (by the leader), left, came back.
      await expect.poll(() => custodian.getByTestId('carrier-event-carry_out_requested').innerText()).toContain('林峰');
      expect(await custodian.getByTestId('carrier-event-carry_out_requested').innerText()).toContain(DESTINATION);
      expect(await custodian.getByTestId('carrier-event-carry_out_approved').innerText()).toContain('黄志强');
      expect(await custodian.getByTestId('carrier-event-carried_out').innerText()).toContain('何俊');
      const back = await custodian.getByTestId('carrier-event-carried_back').innerText();
      expect(back).toContain('林峰');
      expect(back).not.toContain(T.historyField.late);
      expect(back).not.toContain(T.historyField.differs);
    });
  }, 150_000);
});
