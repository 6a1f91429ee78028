/**
 * Offer only what is allowed (issue 18): the security auditor's catalogue has no 「按编号申请访问」; an employee whose
 * clearance does not reach 机密 (machao, general: up to 秘密) opening a 机密 item's page is offered neither a request
 * nor emergency access, while an item within his clearance he may not see yet offers both; his menu has no
 * 定密设置; the first-sign-in page and 个人中心 show the password rules from the public endpoint. The trail records no
 * refusal but his opening of items he may not see. One server with the demo organisation, one browser.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { firstSignIn, launchBrowser, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { personPage, signInDemo } from '../carriers/support.js';

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

const auditHead = async (): Promise<number> =>
  Number(
    (
      await server.ctx.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('seq').as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The refusals recorded since `head`, as "action target-type target-id", in order. */
const refusalsSince = async (head: number): Promise<string[]> =>
  (
    await server.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'target_type', 'target_id'])
      .where('seq', '>', head)
      .where('result', '=', 'denied')
      .orderBy('seq')
      .execute()
  ).map((e) => `${e.action} ${e.target_type} ${e.target_id}`);

/** The ids of in-force items of a level (the catalogue's own table, read as the test's setup). */
const itemsAt = async (level: string): Promise<string[]> =>
  (
    await server.ctx.db
      .selectFrom('secret_items')
      .select('id')
      .where('level', '=', level)
      .where('status', '=', 'in_force')
      .execute()
  ).map((r) => r.id);

/** What the page's own question answers for an item (the same request the page makes). */
const optionsOf = (page: Page, id: string) =>
  page.evaluate(async (itemId) => {
    const r = await fetch(`/api/items/${itemId}/access-options`);
    return (await r.json()) as { requestAccess: boolean; emergencyAccess: boolean };
  }, id);

/** Opens an item's page that says "not found or no access" and waits until its offers are decided. */
async function openHidden(page: Page, id: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/items/${id}/access-options`));
  await page.goto(`/items/${id}`);
  await page.getByTestId('item-not-found').waitFor();
  await answered;
}

describe('offer only what is allowed', () => {
  test('the security auditor: password rules on the first sign-in, no request by number', async (t) => {
    const head = await auditHead();
    const page = await personPage(t, browser, server, 'auditor');
    await firstSignIn(page, server.creds.auditor!); // waits for the rules on the password page
    await page.goto('/items');
    await page.getByTestId('item-search').waitFor();
    await page.getByTestId('item-export-xlsx').waitFor();
    expect(await page.getByTestId('item-request-by-number').count()).toBe(0);
    expect(await page.getByTestId('item-emergency-by-number').count()).toBe(0);
    expect(await refusalsSince(head)).toEqual([]);
  }, 240_000); // a first sign-in with enrolment, on a loaded machine

  test('an employee cleared up to 秘密: nothing offered on a 机密 item, both on a 秘密 one', async (t) => {
    const head = await auditHead();
    const page = await personPage(t, browser, server, 'machao');
    await signInDemo(page, 'machao');
    expect(await page.getByTestId('nav-classification').count()).toBe(0);
    await page.getByTestId('nav-items').waitFor();

    const [secret] = await itemsAt('secret');
    await openHidden(page, secret!);
    expect(await page.getByTestId('item-request-access').count()).toBe(0);
    expect(await page.getByTestId('item-emergency').count()).toBe(0);

    // A 秘密 item outside his need-to-know: the ways that can succeed are offered.
    let open: string | undefined;
    for (const id of await itemsAt('confidential')) {
      const o = await optionsOf(page, id);
      if (o.requestAccess && o.emergencyAccess) {
        open = id;
        break;
      }
    }
    expect(open, 'a 秘密 item machao may ask for').toBeDefined();
    await openHidden(page, open!);
    await page.getByTestId('item-request-access').waitFor();
    await page.getByTestId('item-emergency').waitFor();

    await page.goto('/profile');
    await page.getByTestId('pw-rules').waitFor();
    expect(await page.getByTestId('pw-rules').innerText()).toContain('10 至 256 个字符');
    // Only his own opening of the two items he may not see is recorded (as every such attempt is): the pages
    // asked for nothing else that was refused — not the account policy, not the offers.
    expect(await refusalsSince(head)).toEqual([`item.view secret_item ${secret}`, `item.view secret_item ${open}`]);
  }, 240_000); // two hidden items and the options of every 秘密 item, on a loaded machine
});
