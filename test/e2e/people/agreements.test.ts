/**
 * Confidentiality agreements in the browser (issue 15, PER-01/02/08): the security administrator writes and publishes
 * an NDA (保密协议) and a responsibility letter (保密责任书, with the duties), watching the server's preview, and signs
 * both himself with his password and authenticator code. A new employee starts before the grace period ends and is
 * let in; once it has passed, signing in leads only to the 「请先签署」 page, which lists just those two. He reads and
 * signs both with his password re-entered and is let in; the signed copy he downloads carries the text in Chinese,
 * his name and the text's hash, and is drawn (ink in the text area of the rasterised page). A new version of the NDA
 * is published: publishing says who must sign again, and the employee is asked to re-sign. The office records a
 * paper responsibility letter (its scan uploaded) for the system administrator and withdraws it with a reason, and
 * asks the employee, who is leaving, for the departure NDA.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  E2E_PASSWORD,
  closeModal,
  expectHome,
  launchBrowser,
  signOut,
  startE2EServer,
  pick,
  submitLogin,
  type Authenticator,
  type E2EServer,
} from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfText } from '../../helpers/pdf.js';
import {
  T,
  freshCode,
  moveClock,
  newEmployee,
  personPage,
  signAgreement,
  signInWithCode,
  squeeze,
  stateOf,
  step,
} from './support.js';

const NDA_TITLE = '员工保密协议';
const NDA_BODY = [
  '# 员工保密协议',
  '',
  '本人 {{name}}（{{department}}，{{post}}）承诺严格遵守国家保密法律法规和本单位保密制度，',
  '不泄露在工作中知悉的国家秘密和工作秘密。离职后仍继续履行保密义务。',
  '',
  '签署日期：{{date}}',
].join('\n');
const NDA_PHRASE = '承诺严格遵守国家保密法律法规和本单位保密制度';
const LETTER_TITLE = '保密责任书（全体员工）';
const LETTER_BODY = ['# 保密责任书', '', '本人 {{name}} 明确本岗位的保密职责如下：', '', '{{duties}}'].join('\n');
const LETTER_PHRASE = '明确本岗位的保密职责如下';
const DUTIES = '1. 妥善保管本人经手的涉密载体。\n2. 发现泄密隐患及时报告保密办。';
const EMPLOYEE = { username: 'zhangwei', name: '张伟', department: '软件研发部' };

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** The security administrator writes a template of `kind` and publishes it: who must sign it, as the page says. */
async function publishNew(
  page: Page,
  kindLabel: string,
  title: string,
  body: string,
  phrase: string,
  duties?: string,
): Promise<number> {
  await page.getByTestId('nav-agreement-templates').click();
  await page.waitForURL('**/agreement-templates');
  await page.getByTestId('template-create').click();
  const modal = page.locator('.ant-modal:visible');
  await modal.getByTestId('template-create-kind').getByText(kindLabel, { exact: true }).click();
  await modal.getByTestId('template-create-title').fill(title);
  await page.getByTestId('template-create-submit').click();
  await page.waitForURL(/\/agreement-templates\/[0-9a-f-]{36}$/);
  await expect.poll(() => page.getByTestId('template-heading').innerText()).toBe(title);
  await page.getByTestId('template-body').fill(body);
  if (duties) await page.getByTestId('template-duties').fill(duties);
  // The live preview: the server renders the draft for the caller, placeholders filled in.
  await expect.poll(() => page.getByTestId('template-preview-text').innerText()).toContain(phrase);
  if (duties) await expect.poll(() => page.getByTestId('template-preview-text').innerText()).toContain('妥善保管');
  return publish(page);
}

/** Publishes the open template's draft (saving it first) and reads how many must sign; closes the answer. */
async function publish(page: Page): Promise<number> {
  await page.getByTestId('template-publish').click();
  await page.getByTestId('template-publish-confirm').click();
  const count = page.getByTestId('template-published-count');
  await count.waitFor();
  const n = Number(await count.getAttribute('data-count'));
  await page.getByTestId('template-published-close').click();
  await count.waitFor({ state: 'hidden' });
  return n;
}

describe('people: confidentiality agreements', () => {
  test('[PER-01][PER-02][PER-08] published agreements hold a late signer at sign-in until he signs them with his password; the signed copy carries the text and its hash; a new version asks him again', async (t) => {
    const office = await personPage(t, browser, server, 'secadmin');
    const employee = await personPage(t, browser, server, EMPLOYEE.username);
    let officeAuth: Authenticator;
    let hire = { id: '', oneTimePassword: '' };
    let pdf = Buffer.alloc(0);

    await step('the security administrator publishes an NDA and a responsibility letter with duties', async () => {
      officeAuth = await signedIn(office, server.creds.secadmin!);
      hire = await newEmployee(server, EMPLOYEE.username, EMPLOYEE.name, EMPLOYEE.department);
      // The employee, the three administrators: everyone must sign the NDA.
      expect(await publishNew(office, T.kind.nda, NDA_TITLE, NDA_BODY, NDA_PHRASE)).toBeGreaterThanOrEqual(2);
      expect(
        await publishNew(office, T.kind.responsibility, LETTER_TITLE, LETTER_BODY, LETTER_PHRASE, DUTIES),
      ).toBeGreaterThanOrEqual(2);
    });

    await step('administrators are no exception: he signs both with his password and authenticator code', async () => {
      await office.getByTestId('nav-agreements').click();
      await office.waitForURL('**/agreements');
      expect(await stateOf(office, 'agreement-obligations', 'nda')).toBe('due');
      for (const kind of ['nda', 'responsibility']) {
        await signAgreement(office, 'agreement-obligations', kind, E2E_PASSWORD, () => freshCode(officeAuth, server));
        await expect.poll(() => stateOf(office, 'agreement-obligations', kind)).toBe('signed');
      }
    });

    await step('within the grace period the new employee is let in, the two agreements to sign', async () => {
      await submitLogin(employee, EMPLOYEE.username, hire.oneTimePassword);
      await employee.waitForURL('**/login/password');
      await employee.getByTestId('pw-current').fill(hire.oneTimePassword);
      await employee.getByTestId('pw-new').fill(E2E_PASSWORD);
      await employee.getByTestId('pw-confirm').fill(E2E_PASSWORD);
      await employee.getByTestId('pw-submit').click();
      await employee.waitForURL((u) => u.pathname === '/');
      await expectHome(employee);
      await employee.getByTestId('nav-agreements').click();
      await employee.waitForURL('**/agreements');
      await expect.poll(() => stateOf(employee, 'agreement-obligations', 'nda')).toBe('due');
      expect(await stateOf(employee, 'agreement-obligations', 'responsibility')).toBe('due');
      await signOut(employee);
    });

    await step('after the grace period, signing in leads only to the "sign now" page with the two listed', async () => {
      moveClock(server, 15);
      await submitLogin(employee, EMPLOYEE.username, E2E_PASSWORD);
      await employee.waitForURL('**/login/agreements');
      await expect.poll(() => employee.getByTestId('sign-now-title').innerText()).toBe(T.hold.title);
      await expect.poll(() => employee.getByTestId('sign-now-list').locator('tbody tr.ant-table-row').count()).toBe(2);
      expect(await stateOf(employee, 'sign-now-list', 'nda')).toBe('overdue');
      expect(await stateOf(employee, 'sign-now-list', 'responsibility')).toBe('overdue');
      // Nothing else opens: the app sends the held session back to its page.
      await employee.goto('/agreements');
      await employee.waitForURL('**/login/agreements');
    });

    await step('the office sees him overdue: its workbench card leads to the report filtered to overdue', async () => {
      await signInWithCode(office, server, 'secadmin', E2E_PASSWORD, officeAuth!);
      await expectHome(office);
      const card = office.getByTestId('card-people.overdue');
      await expect.poll(() => card.innerText()).toMatch(/[1-9]/);
      await card.click();
      await office.waitForURL((u) => u.pathname === '/agreement-report' && u.searchParams.get('overdue') === 'true');
      const row = office.getByTestId(`report-row-${EMPLOYEE.username}`);
      await expect.poll(() => row.innerText()).toContain(EMPLOYEE.name);
      expect(
        await row.getByTestId('agreement-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
      ).toEqual(['overdue', 'overdue']);
      // His agreements in detail, with nothing signed yet.
      await row.getByTestId('report-detail').click();
      const drawer = office.getByTestId('person-drawer');
      await expect
        .poll(() => drawer.getByTestId('person-obligations').locator('tbody tr.ant-table-row').count())
        .toBe(2);
      await office.locator('.ant-drawer-close:visible').click();
      await office.locator('.ant-drawer-mask:visible').waitFor({ state: 'hidden' });
    });

    await step('he reads both and signs them with his password; then he is let in', async () => {
      const text = await signAgreement(employee, 'sign-now-list', 'nda', E2E_PASSWORD, undefined, 'Wrong-Horse-41!');
      expect(squeeze(text)).toContain(squeeze(NDA_PHRASE));
      // His own particulars filled in (name, department, post).
      expect(text).toContain(EMPLOYEE.name);
      expect(text).toContain(EMPLOYEE.department);
      await expect.poll(() => employee.getByTestId('sign-now-list').locator('tbody tr.ant-table-row').count()).toBe(1);
      const letter = await signAgreement(employee, 'sign-now-list', 'responsibility', E2E_PASSWORD);
      expect(squeeze(letter)).toContain(squeeze('妥善保管本人经手的涉密载体'));
      await employee.waitForURL((u) => u.pathname === '/');
      await expectHome(employee);
    });

    await step('his signed NDA downloads as a PDF with the text in Chinese, his name and the hash', async () => {
      await employee.getByTestId('nav-agreements').click();
      await employee.waitForURL('**/agreements');
      await expect.poll(() => stateOf(employee, 'agreement-obligations', 'nda')).toBe('signed');
      expect(await stateOf(employee, 'agreement-obligations', 'responsibility')).toBe('signed');
      const row = employee.getByTestId('agreement-obligations').locator('tr[data-testid="obligation-nda"]');
      const [download] = await Promise.all([
        employee.waitForEvent('download'),
        row.getByTestId('agreement-pdf').click(),
      ]);
      pdf = fs.readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (process.env.BAOMI_KEEP_PDF) fs.writeFileSync(process.env.BAOMI_KEEP_PDF, pdf);
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const signed = await server.ctx.db
        .selectFrom('agreement_signatures')
        .select(['text_hash'])
        .where('user_id', '=', hire.id)
        .where('act', '=', 'signed')
        .orderBy('recorded_at', 'asc')
        .executeTakeFirstOrThrow();
      const flat = squeeze(pdfText(pdf));
      expect(flat).toContain(squeeze(NDA_PHRASE));
      expect(flat).toContain(EMPLOYEE.name);
      expect(flat).toContain(signed.text_hash);
      // A4 portrait (595 x 842 points): the text is drawn where it stands, not only extractable.
      expect(inkIn(pdf, 1, { x: 40, y: 80, width: 515, height: 320 })).toBeGreaterThan(200);
    });

    await step('a new version of the NDA is published: publishing says who must sign again', async () => {
      await office.getByTestId('nav-agreement-templates').click();
      await office.getByTestId('template-table').getByText(NDA_TITLE, { exact: true }).click();
      await office.waitForURL(/\/agreement-templates\/[0-9a-f-]{36}$/);
      await office.getByTestId('template-body').fill(`${NDA_BODY}\n\n本协议第二版：增加涉密载体管理条款。`);
      await expect.poll(() => office.getByTestId('template-preview-text').innerText()).toContain('第二版');
      await office.getByTestId('template-publish').click();
      // Before publishing, the confirmation says how many the current version applies to: all must sign again.
      const before = office.getByTestId('template-publish-resigners');
      await before.waitFor();
      expect(Number(await before.getAttribute('data-count'))).toBeGreaterThanOrEqual(2);
      await office.getByTestId('template-publish-confirm').click();
      const who = office.getByTestId('template-published');
      await who.waitFor();
      expect(
        Number(await who.getByTestId('template-published-count').getAttribute('data-count')),
      ).toBeGreaterThanOrEqual(2);
      await expect.poll(() => who.innerText()).toContain(EMPLOYEE.name);
      await closeModal(office, office.getByTestId('template-published-close'));
      await expect.poll(() => office.getByTestId('template-current').innerText()).toContain('2');
    });

    await step('the employee is asked to re-sign the NDA (his letter stays signed)', async () => {
      await employee.reload();
      await expect.poll(() => stateOf(employee, 'agreement-obligations', 'nda')).toBe('resign_due');
      expect(await stateOf(employee, 'agreement-obligations', 'responsibility')).toBe('signed');
      await employee.getByTestId('nav-home').click();
      await expect.poll(() => employee.getByTestId('card-people.to_sign').innerText()).toContain('1');
    });

    await step(
      'the office records a paper responsibility letter for the system administrator, then withdraws it',
      async () => {
        const admin = server.creds.sysadmin!.username;
        await office.getByTestId('nav-agreement-report').click();
        await office.waitForURL((u) => u.pathname === '/agreement-report');
        const row = office.getByTestId(`report-row-${admin}`);
        await row.getByTestId('report-detail').click();
        const drawer = office.getByTestId('person-drawer');
        const letter = drawer.getByTestId('person-obligations').locator('tr[data-testid="obligation-responsibility"]');
        await expect.poll(() => letter.getByTestId('agreement-state').getAttribute('data-state')).toBe('overdue');
        await drawer.getByTestId('person-paper').click();
        const modal = office.locator('.ant-modal:visible', { hasText: T.paper.title });
        await pick(office, 'paper-version', LETTER_TITLE);
        // The scan: any PDF will do (the signed copy downloaded above).
        await modal
          .locator('input[type=file]')
          .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf });
        await office.getByTestId('paper-submit').click();
        await modal.waitFor({ state: 'hidden' });
        await expect.poll(() => letter.getByTestId('agreement-state').getAttribute('data-state')).toBe('signed');
        const paperRow = drawer
          .getByTestId('agreement-signatures')
          .locator('tbody tr.ant-table-row', { hasText: T.method.paper });
        await expect.poll(() => paperRow.count()).toBe(1);
        expect(await paperRow.getByTestId('agreement-scan').count()).toBe(1);
        // Withdrawn with a reason: a record of its own; the letter is due again.
        await paperRow.getByTestId('signature-withdraw').click();
        await office.getByTestId('withdraw-reason').fill('扫描件与原件不符');
        await office.getByTestId('withdraw-submit').click();
        await expect.poll(() => letter.getByTestId('agreement-state').getAttribute('data-state')).toBe('overdue');
        await expect.poll(() => drawer.getByTestId('agreement-signatures').innerText()).toContain('扫描件与原件不符');
        // Neither the withdrawn signature nor the withdrawal offers a withdrawal (the API would refuse both).
        expect(await drawer.getByTestId('signature-withdraw').count()).toBe(0);
        await office.locator('.ant-drawer-close:visible').click();
        await office.locator('.ant-drawer-mask:visible').waitFor({ state: 'hidden' });
      },
    );

    await step('on its own record the office is offered nothing, and is told why', async () => {
      await office.getByTestId(`report-row-${server.creds.secadmin!.username}`).getByTestId('report-detail').click();
      const drawer = office.getByTestId('person-drawer');
      await expect.poll(() => drawer.getByTestId('person-actions-why').innerText()).toBe(T.report.ownRecord);
      expect(await drawer.getByTestId('person-paper').count()).toBe(0);
      expect(await drawer.getByTestId('person-ask-leaver').count()).toBe(0);
      await office.locator('.ant-drawer-close:visible').click();
      await office.locator('.ant-drawer-mask:visible').waitFor({ state: 'hidden' });
    });

    await step('the office asks the employee, who is leaving, for the departure NDA', async () => {
      const row = office.getByTestId(`report-row-${EMPLOYEE.username}`);
      await row.getByTestId('report-detail').click();
      const drawer = office.getByTestId('person-drawer');
      await drawer.getByTestId('person-ask-leaver').click();
      await office.getByTestId('person-ask-leaver-confirm').click();
      await expect.poll(() => drawer.innerText()).toContain(T.report.leaverAsked);
      await expect.poll(() => drawer.getByTestId('person-ask-leaver').count()).toBe(0);
      await expect.poll(() => row.innerText()).toContain(T.report.leaverAsked);
      // The leaver list, kept after they leave (PER-06): the departure NDA not published yet, nothing to sign.
      await expect.poll(() => office.getByTestId(`leaver-row-${EMPLOYEE.username}`).count()).toBe(1);
    });
  }, 300_000);
});
