/**
 * Dispatch with a sign-for in the browser (issue 14): 何俊, designated handler of 软件部 and custodian of a 秘密 paper
 * document known to the department, transmits it by hand to his colleague 林峰. The unsecured channels are shown
 * but not offered, in words, and the server refuses one when asked anyway (CAR-21). 林峰 finds it on his workbench,
 * signs for it into the department's cabinet from its page: it is his now, and its history shows both steps.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, pickPerson, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { CHANNELS, SECURE_CHANNELS } from '../../../src/kernel/carriers.js';
import {
  apiPost,
  carrierAction,
  input,
  listSettled,
  openCarrier,
  optionsOf,
  personPage,
  pick,
  registerSoftwareDocument,
  row,
  signInDemo,
  step,
  submitAction,
  T,
  W,
  fill,
} from './support.js';

const TITLE = '嵌入式软件升级方案（E2E 传递）';
const UNSECURED = CHANNELS.filter((c) => !SECURE_CHANNELS.includes(c));

let browser: Browser;
let server: E2EServer;
let carrier: CarrierSummary;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  carrier = await registerSoftwareDocument(server, TITLE);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** The count a workbench card shows on the home page. */
async function cardCount(page: Page, key: string): Promise<number> {
  const value = page.getByTestId(`card-${key}`).locator('.ant-statistic-content-value');
  return Number((await value.innerText()).replace(/\D/g, ''));
}

/** Every unsecured channel is listed, disabled, with the words saying it may not be used; the secure ones are enabled. */
function expectUnsecuredRefused(options: { text: string; disabled: boolean }[]): void {
  expect(options).toHaveLength(CHANNELS.length);
  for (const c of UNSECURED) {
    const text = fill(T.action.unsecuredChannel, { channel: W.channel[c] });
    expect(options.find((x) => x.text === text)?.disabled, text).toBe(true);
  }
  for (const c of SECURE_CHANNELS) expect(options.find((x) => x.text === W.channel[c])?.disabled, c).toBe(false);
  // In plain words (e.g. 「普通传真（非保密渠道，不得使用）」), never a translation key.
  expect(options.map((o) => o.text).join()).not.toMatch(/channel\.|action\./);
}

describe('carriers: dispatch with a sign-for', () => {
  test('[CAR-03][CAR-04][CAR-21] a designated handler transmits a carrier by hand to a colleague in its scope, who signs for it into a location: the carrier is theirs and its history shows both steps', async (t) => {
    const sender = await personPage(t, browser, server, 'hejun');
    const recipient = await personPage(t, browser, server, 'linfeng');

    await step('[CAR-21] no unsecured channel is offered, and the server refuses one', async () => {
      await signInDemo(sender, 'hejun');
      await openCarrier(sender, carrier.id, carrier.number);
      // Sending outside the unit (外发): the secure channels only.
      await carrierAction(sender, 'dispatch');
      expectUnsecuredRefused(await optionsOf(sender, 'carrier-dispatch-channel'));
      await sender.locator('.ant-modal:visible .ant-modal-close').click();
      await sender.getByTestId('carrier-dispatch-submit').waitFor({ state: 'hidden' });
      // Asked anyway (as a hand-made request would): refused in words, nothing sent.
      const refused = await apiPost(sender, `/api/carriers/${carrier.id}/dispatches`, {
        version: carrier.version,
        channel: 'fax',
        counterpart: '市国家保密局',
        copies: 1,
        note: null,
      });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.error?.details?.problem).toBe('unsecured_channel');
      await sender.reload();
      await expect.poll(() => sender.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
    });

    await step('the custodian transmits it by hand to 林峰', async () => {
      await carrierAction(sender, 'transmit');
      expectUnsecuredRefused(await optionsOf(sender, 'carrier-transmit-channel'));
      await expect.poll(() => sender.getByTestId('carrier-transmit-channel').innerText()).toContain(W.channel.by_hand);
      await pickPerson(sender, sender.getByTestId('carrier-transmit-recipient'), '林峰');
      await input(sender, 'carrier-transmit-note').fill('请林经理审定后保管');
      await submitAction(sender, 'transmit');
      await expect.poll(() => sender.getByTestId('carrier-status').innerText()).toBe(W.status.in_transit);
      const card = sender.getByTestId('carrier-dispatch');
      await expect.poll(() => card.innerText()).toContain('林峰');
      await expect.poll(() => card.innerText()).toContain(W.channel.by_hand);
      await card.getByTestId('carrier-dispatch-awaiting').waitFor();
      // Until signed for, it stays in the sender's custody.
      expect(await sender.getByTestId('carrier-custodian-name').innerText()).toBe('何俊');
    });

    await step('the recipient finds it on his workbench and signs for it into a location', async () => {
      await signInDemo(recipient, 'linfeng');
      await expect.poll(() => cardCount(recipient, 'carriers.to_sign_for')).toBe(1);
      await recipient.getByTestId('card-carriers.to_sign_for').click();
      await recipient.waitForURL((u) => u.pathname === '/carriers' && u.searchParams.get('status') === 'in_transit');
      await listSettled(recipient);
      await row(recipient.getByTestId('carrier-table'), carrier.number, TITLE).waitFor();
      await recipient.getByTestId(`carrier-link-${carrier.number}`).click();
      await recipient.waitForURL(`**/carriers/${carrier.id}`);
      await expect.poll(() => recipient.getByTestId('carrier-heading').innerText()).toContain(TITLE);

      await carrierAction(recipient, 'sign_for');
      await pick(recipient, 'carrier-sign-for-location', '软件部保密柜');
      await input(recipient, 'carrier-sign-for-note').fill('已清点，无误');
      await submitAction(recipient, 'sign-for');
      await expect.poll(() => recipient.getByTestId('carrier-custodian-name').innerText()).toBe('林峰');
      await expect.poll(() => recipient.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
      await expect.poll(() => recipient.getByTestId('carrier-location-name').innerText()).toContain('SW-C01');
      await expect.poll(() => recipient.getByTestId('carrier-dispatch-signed').innerText()).toContain('林峰');
      // The history: transmitted by 何俊 to 林峰, signed for by 林峰.
      const transmitted = recipient.getByTestId('carrier-event-transmitted');
      await expect.poll(() => transmitted.innerText()).toContain('何俊');
      expect(await transmitted.innerText()).toContain('林峰');
      expect(await transmitted.innerText()).toContain(W.channel.by_hand);
      await expect.poll(() => recipient.getByTestId('carrier-event-signed_for').innerText()).toContain('林峰');
      // Nothing left to sign for.
      await recipient.goto('/');
      await expect.poll(() => cardCount(recipient, 'carriers.to_sign_for')).toBe(0);
    });

    await step('the carrier is in the recipient’s ledger, no longer in the sender’s', async () => {
      await recipient.goto('/carriers?ledger=personal');
      await listSettled(recipient);
      await row(recipient.getByTestId('carrier-table'), carrier.number, TITLE, '林峰').waitFor();
      await sender.goto('/carriers?ledger=personal');
      await listSettled(sender);
      await expect.poll(() => row(sender.getByTestId('carrier-table'), carrier.number).count()).toBe(0);
    });
  }, 120_000);
});
