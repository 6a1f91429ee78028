/**
 * Departure in the browser (issue 12): in the demo organisation, 何俊 keeps a secret item and holds an access
 * grant on another. The security administrator hands the item to a colleague on the users page; then the system
 * administrator records 何俊's departure, seeing what is still listed (the grant, which does not block and
 * ends with the departure) before confirming.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, pickPerson, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { holdingsOf } from '../../../src/platform/departure.js';
import { signDepartureNda } from '../../helpers/people-demo.js';

const LEAVER = 'hejun';
const LEAVER_NAME = '何俊';
const COLLEAGUE = '林峰';

let browser: Browser;
let server: E2EServer;
let leaverId = '';
let kept = { id: '', number: '' };
let granted = '';

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  const { ctx } = server;
  leaverId = (await ctx.db.selectFrom('users').select('id').where('username', '=', LEAVER).executeTakeFirstOrThrow())
    .id;
  // This journey is about the catalogue's holdings; 何俊 also keeps, borrows and carries carriers in the demo,
  // whose departure is the carriers journey's (test/e2e/carriers/departure.test.ts). Take those off him here.
  const linfengId = (
    await ctx.db.selectFrom('users').select('id').where('username', '=', 'linfeng').executeTakeFirstOrThrow()
  ).id;
  await ctx.db.updateTable('carriers').set({ custodian_id: linfengId }).where('custodian_id', '=', leaverId).execute();
  await ctx.db
    .updateTable('carrier_loans')
    .set({ status: 'returned' })
    .where('borrower_id', '=', leaverId)
    .where('status', '=', 'active')
    .execute();
  await ctx.db
    .updateTable('carrier_carry_outs')
    .set({ status: 'returned' })
    .where('bearer_id', '=', leaverId)
    .where('status', 'in', ['requested', 'approved', 'out'])
    .execute();
  await ctx.db
    .updateTable('carrier_circulation_readers')
    .set({ signed_at: new Date().toISOString() })
    .where('reader_id', '=', leaverId)
    .where('signed_at', 'is', null)
    .execute();
  await ctx.db
    .updateTable('carrier_dispatches')
    .set({ status: 'signed' })
    .where('recipient_id', '=', leaverId)
    .where('status', '=', 'awaiting')
    .execute();
  await signDepartureNda(ctx, LEAVER);
  const held = (await holdingsOf(ctx, ctx.db, leaverId)).flatMap((m) => m.holdings);
  const custody = held.find((h) => h.kind === 'custody')!;
  kept = { id: custody.id, number: custody.reference };
  granted = held.find((h) => h.kind === 'grant')!.reference;
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** Finds the person on the users page and opens their action menu. */
async function openActions(page: Page): Promise<void> {
  // The users page shows the person a link names (as a notification links it).
  await page.goto(`/users?q=${LEAVER}`);
  await page.getByTestId(`user-actions-${LEAVER}`).click();
}

const custodianOf = async (id: string) =>
  (await server.ctx.db.selectFrom('secret_items').select('custodian_id').where('id', '=', id).executeTakeFirstOrThrow())
    .custodian_id;

describe('departure', () => {
  test('the security administrator hands a departing custodian’s item to a colleague; the system administrator then records the departure, seeing what is still held', async (t) => {
    const sec = await openPage(t, browser, server.url);
    await signedIn(sec, server.creds.secadmin!);
    await openActions(sec);
    // The menu offers the hand-over once it knows the person holds something that can be handed over.
    const item = sec.getByTestId('user-action-hand-over');
    await expect.poll(() => item.innerText()).toContain('(1)');
    await item.click();
    const holdings = sec.getByTestId('hand-over-holdings');
    // The item in custody can be picked; the grant is shown but cannot be handed over.
    await expect.poll(() => holdings.getByTestId(`holding-${kept.number}`).innerText()).toContain('保管的保密事项');
    // Its level in words, never a translation key.
    const keptRow = await holdings.getByTestId(`holding-${kept.number}`).innerText();
    expect(keptRow).toMatch(/绝密|机密|秘密|核心商密|普通商密/);
    expect(keptRow).not.toContain('level.');
    await expect.poll(() => holdings.getByTestId(`holding-${granted}`).innerText()).toContain('随离岗终止');
    await expect.poll(() => holdings.getByTestId(`holding-${granted}`).locator('input').isDisabled()).toBe(true);
    // The table may render again as its rows load: tick until the box stays ticked.
    const keep = holdings.getByTestId(`holding-${kept.number}`).locator('input[type=checkbox]');
    await expect
      .poll(async () => {
        if (!(await keep.isChecked())) await keep.click({ timeout: 2_000 }).catch(() => undefined);
        return keep.isChecked();
      })
      .toBe(true);
    await pickPerson(sec, sec.getByTestId('hand-over-to'), COLLEAGUE);
    await sec.getByTestId('hand-over-submit').click();
    await sec.getByTestId('hand-over-submit').waitFor({ state: 'hidden' });
    const linfeng = (
      await server.ctx.db.selectFrom('users').select('id').where('username', '=', 'linfeng').executeTakeFirstOrThrow()
    ).id;
    await expect.poll(() => custodianOf(kept.id)).toBe(linfeng);

    const sys = await openPage(t, browser, server.url);
    await signedIn(sys, server.creds.sysadmin!);
    await openActions(sys);
    await sys.getByRole('menuitem', { name: '离岗' }).click();
    const dialog = sys.locator('.ant-modal', { hasText: `办理离岗：${LEAVER_NAME}` });
    // What is still held is listed (the grant: it does not block), and the item handed over is not.
    const list = dialog.getByTestId('holdings-classification');
    await expect.poll(() => list.innerText()).toContain(granted);
    await expect.poll(() => list.innerText()).toContain('访问授权');
    expect(await list.innerText()).not.toContain(kept.number);
    await expect.poll(() => dialog.getByTestId('depart-holdings-note').innerText()).toContain('不妨碍离岗');
    await dialog.getByTestId('depart-confirm').click();
    await expect
      .poll(
        async () =>
          (
            await server.ctx.db
              .selectFrom('users')
              .select('status')
              .where('id', '=', leaverId)
              .executeTakeFirstOrThrow()
          ).status,
      )
      .toBe('departed');
    await expect.poll(() => sys.getByTestId('user-table').innerText()).toContain('离岗');
    // The grant ended with the departure.
    expect(await holdingsOf(server.ctx, server.ctx.db, leaverId)).toEqual([]);
  });
});
