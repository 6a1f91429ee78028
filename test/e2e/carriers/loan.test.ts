/**
 * A loan in the browser (issue 14): 何俊, custodian of a 秘密 paper document of 软件部, lends it to his colleague 马超
 * with the policy's due date (14 days for 秘密). The server's clock then moves past the due date: both sign in again,
 * and the loan is overdue on their workbenches (the department's card too) and in the ledger (逾期, and under
 * 仅逾期). 马超 brings it back; 何俊 takes it back counted (pages and pieces as registered) and the history records the
 * late return.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, pickPerson, submitLogin, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import {
  DAY,
  T,
  W,
  carrierAction,
  input,
  listSettled,
  openCarrier,
  personPage,
  registerSoftwareDocument,
  row,
  signInDemo,
  step,
  submitAction,
} from './support.js';
import { DEMO_PASSWORD } from '../../../src/platform/demo.js';

const TITLE = '测试环境部署手册（E2E 借阅）';
const PAGES = 16;

let browser: Browser;
let server: E2EServer;
let carrier: CarrierSummary;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
  carrier = await registerSoftwareDocument(server, TITLE, { pages: PAGES });
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** The count a workbench card shows on the home page. */
async function cardCount(page: Page, key: string): Promise<number> {
  const value = page.getByTestId(`card-${key}`).locator('.ant-statistic-content-value');
  return Number((await value.innerText()).replace(/\D/g, ''));
}

const loanOf = (carrierId: string) =>
  server.ctx.db
    .selectFrom('carrier_loans')
    .select(['due_on', 'status'])
    .where('carrier_id', '=', carrierId)
    .executeTakeFirstOrThrow();

describe('carriers: lending', () => {
  test('[CAR-11][CAR-13] the custodian lends a carrier; past its due date it is overdue on the workbench and in the ledger; it is returned counted', async (t) => {
    const keeper = await personPage(t, browser, server, 'hejun');
    const borrower = await personPage(t, browser, server, 'machao');
    let dueOn = '';
    const before = { mine: 0, department: 0 };
    const overdue = { mine: 0, department: 0 };

    await step('the custodian lends it to a colleague, due by the policy', async () => {
      await signInDemo(keeper, 'hejun');
      await keeper.getByTestId('workbench').waitFor();
      before.mine = await cardCount(keeper, 'carriers.loans_due');
      before.department = await cardCount(keeper, 'carriers.department_overdue');
      await openCarrier(keeper, carrier.id, carrier.number);
      await carrierAction(keeper, 'lend');
      await pickPerson(keeper, keeper.getByTestId('carrier-lend-borrower'), '马超');
      await submitAction(keeper, 'lend');
      await expect.poll(() => keeper.getByTestId('carrier-status').innerText()).toBe(W.status.on_loan);
      const loan = keeper.getByTestId('carrier-loan');
      await expect.poll(() => loan.innerText()).toContain('马超');
      dueOn = (await loanOf(carrier.id)).due_on;
      // 秘密: 14 days (the settings' default), on the organisation's calendar.
      const lentOn = (await keeper.getByTestId('carrier-event-lent').innerText()).match(/\d{4}-\d{2}-\d{2}/)![0];
      expect(Date.parse(dueOn) - Date.parse(lentOn)).toBe(14 * DAY);
      expect(await keeper.getByTestId('carrier-loan-due').innerText()).toBe(dueOn);
      expect(await keeper.getByTestId('carrier-loan-overdue').count()).toBe(0);
      // The borrower holds it: it is in his personal ledger, not yet overdue.
      await signInDemo(borrower, 'machao');
      await borrower.goto('/carriers?ledger=personal');
      await listSettled(borrower);
      const mine = row(borrower.getByTestId('carrier-table'), carrier.number, TITLE);
      await expect.poll(() => mine.innerText()).toContain(dueOn);
      expect(await mine.innerText()).not.toContain(T.list.overdue);
    });

    await step('the clock moves past the due date: overdue on the workbench', async () => {
      const shift = 16 * DAY;
      server.ctx.now = () => new Date(Date.now() + shift);
      // Two weeks later the sessions have ended: both sign in again.
      for (const [page, username] of [
        [keeper, 'hejun'],
        [borrower, 'machao'],
      ] as const) {
        await page.goto('/');
        await page.waitForURL((u) => u.pathname === '/login');
        await submitLogin(page, username, DEMO_PASSWORD);
        await page.waitForURL((u) => u.pathname === '/');
        await page.getByTestId('workbench').waitFor();
      }
      // The borrower's and the keeper's own overdue loans, and the department's overdue carriers, count it.
      await expect.poll(() => cardCount(borrower, 'carriers.loans_due')).toBe(1);
      await expect.poll(() => cardCount(keeper, 'carriers.loans_due')).toBeGreaterThan(before.mine);
      await expect.poll(() => cardCount(keeper, 'carriers.department_overdue')).toBeGreaterThan(before.department);
      // (The demo's own movements may have fallen due meanwhile too: the return below takes exactly one off.)
      overdue.mine = await cardCount(keeper, 'carriers.loans_due');
      overdue.department = await cardCount(keeper, 'carriers.department_overdue');
      // The card opens the list it counts: the loan is there, marked 逾期.
      await borrower.getByTestId('card-carriers.loans_due').click();
      await borrower.waitForURL((u) => u.pathname === '/carriers' && u.searchParams.get('overdue') === 'true');
      await listSettled(borrower);
      const late = row(borrower.getByTestId('carrier-table'), carrier.number, TITLE);
      await expect.poll(() => late.innerText()).toContain(T.list.overdue);
      await expect.poll(() => borrower.getByTestId('carrier-total').innerText()).toMatch(/\b1\b/);
    });

    await step('overdue in the department ledger, and under 仅逾期', async () => {
      await keeper.goto('/carriers?ledger=department');
      await listSettled(keeper);
      const table = keeper.getByTestId('carrier-table');
      await expect.poll(() => row(table, carrier.number).innerText()).toContain(T.list.overdue);
      expect(await row(table, carrier.number).innerText()).toContain('马超');
      const all = Number((await keeper.getByTestId('carrier-total').innerText()).replace(/\D/g, ''));
      await keeper.getByTestId('carrier-filter-overdue').click();
      await keeper.waitForURL((u) => u.searchParams.get('overdue') === 'true');
      // The rows change after the URL: wait until every row shown is overdue and the total counts them.
      const rows = table.locator('tbody tr.ant-table-row');
      await expect
        .poll(async () => {
          const shown = await rows.allInnerTexts();
          const total = (
            await keeper
              .getByTestId('carrier-total')
              .innerText()
              .catch(() => '')
          ).replace(/\D/g, '');
          return shown.every((r) => r.includes(T.list.overdue)) && total === String(shown.length) && shown.length;
        })
        .toBeGreaterThan(0);
      await row(table, carrier.number, TITLE).waitFor();
      expect(await rows.count()).toBeLessThan(all);
      // And on its page.
      await openCarrier(keeper, carrier.id, carrier.number);
      await keeper.getByTestId('carrier-loan-overdue').waitFor();
      await keeper.getByTestId('carrier-overdue').waitFor();
    });

    await step('the custodian takes it back, counted; the history records the late return', async () => {
      await carrierAction(keeper, 'return');
      // The count starts from the register; the custodian counts and confirms it.
      expect(await input(keeper, 'carrier-return-pages').inputValue()).toBe(String(PAGES));
      // A count that differs from the register asks for a note (and tells the security office).
      const form = keeper.getByTestId('carrier-return-form');
      await input(keeper, 'carrier-return-pages').fill(String(PAGES - 1));
      await form.getByText(T.action.differsHint).waitFor();
      await input(keeper, 'carrier-return-pages').fill(String(PAGES));
      await input(keeper, 'carrier-return-quantity').fill('1');
      await form.getByText(T.action.differsHint).waitFor({ state: 'detached' });
      await submitAction(keeper, 'return');
      await expect.poll(() => keeper.getByTestId('carrier-status').innerText()).toBe(W.status.in_store);
      expect(await keeper.getByTestId('carrier-overdue').count()).toBe(0);
      const returned = keeper.getByTestId('carrier-event-returned');
      // By the custodian, flagged late; the count agreed with the register (no 清点不符).
      await expect.poll(() => returned.innerText()).toContain('何俊');
      expect(await returned.innerText()).toContain(T.historyField.late);
      expect(await returned.innerText()).not.toContain(T.historyField.differs);
      expect((await loanOf(carrier.id)).status).toBe('returned');
      // Off the workbenches again.
      await keeper.goto('/');
      await expect.poll(() => cardCount(keeper, 'carriers.loans_due')).toBe(overdue.mine - 1);
      expect(await cardCount(keeper, 'carriers.department_overdue')).toBe(overdue.department - 1);
      await borrower.goto('/');
      await expect.poll(() => cardCount(borrower, 'carriers.loans_due')).toBe(0);
    });
  }, 150_000);
});
