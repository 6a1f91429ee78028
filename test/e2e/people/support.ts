/**
 * Shared by the people module's end-to-end tests (issue 15): people created through the identity services as the
 * local operator would, the server's clock moved on, and the few ways the tests drive the agreements' pages.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, vi, type TestContext } from 'vitest';
import { newContext, screenshot, submitLogin, type Authenticator, type E2EServer } from '../../helpers/browser.js';
import type { RequestContext } from '../../../src/platform/context.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/index.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { zhCN } from '../../../web/src/modules/people/i18n/zh-CN.js';

/** The people web module's Chinese texts: what the pages show. */
export const T = zhCN;
export const DAY = 86_400_000;
/** pdftotext drops the spaces between CJK characters and breaks lines: compare without blanks. */
export const squeeze = (s: string): string => s.replace(/\s+/g, '');

/** One step of a journey: its failure says which step. */
export async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof Error) e.message = `[step: ${name}] ${e.message}`;
    throw e;
  }
}

/** A page in its own browser context, screenshotted when the test fails, closed when it ends. */
export async function personPage(t: TestContext, browser: Browser, server: E2EServer, name: string): Promise<Page> {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  t.onTestFinished(async (c) => {
    if (c.task.result?.state === 'fail') await screenshot(page, `e2e-people-${t.task.name.slice(0, 50)}-${name}`);
    await context.close().catch(() => undefined);
  });
  return page;
}

/** A department and a new employee in it, as the system administrator creates them: the one-time password to start with. */
export async function newEmployee(
  server: E2EServer,
  username: string,
  displayName: string,
  departmentName: string,
): Promise<{ id: string; oneTimePassword: string }> {
  const admin = await findUserByUsername(server.ctx.db, server.creds.sysadmin!.username);
  const rc: RequestContext = { actor: toActor(admin!), ip: null, requestId: 'e2e-setup' };
  const dept = await createDepartment(server.ctx, rc, { name: departmentName, parentId: null });
  const { user, oneTimePassword } = await createUser(server.ctx, rc, {
    username,
    displayName,
    departmentId: dept.id,
    post: '软件工程师',
    businessRoles: ['employee'],
  });
  return { id: user.id, oneTimePassword };
}

/** Moves the server's clock `days` on (sessions end, grace periods pass). */
export function moveClock(server: E2EServer, days: number): void {
  const shift = days * DAY;
  server.ctx.now = () => new Date(Date.now() + shift);
}

/** A later sign-in with the authenticator's code of the server's time; lands wherever the session's stage leads. */
export async function signInWithCode(
  page: Page,
  server: E2EServer,
  username: string,
  password: string,
  auth: Authenticator,
): Promise<void> {
  await submitLogin(page, username, password);
  await page.waitForURL('**/login/mfa');
  await page.getByTestId('mfa-code').fill(await freshCode(auth, server));
  await page.getByTestId('mfa-submit').click();
  await page.waitForURL((u) => u.pathname !== '/login/mfa');
}

/**
 * The authenticator's next unused code at the server's time, waiting for the next time step when this one and the
 * next were used already (each code works once).
 */
export async function freshCode(auth: Authenticator, server: E2EServer): Promise<string> {
  // A time step is 30 s: the next one comes within two of them.
  return vi.waitFor(() => auth.next(server.ctx.now()), { timeout: 65_000, interval: 500 });
}

/** The row of an obligation of `kind` in a list of obligations. */
export const obligation = (page: Page, list: string, kind: string) =>
  page.getByTestId(list).locator(`tr[data-testid="obligation-${kind}"]`);

/**
 * Reads an agreement in the sign dialog and signs it with the password (and the code, when enrolled); with
 * `wrongPassword`, first tries that one and checks the refusal. Answers the text shown.
 */
export async function signAgreement(
  page: Page,
  list: string,
  kind: string,
  password: string,
  code?: () => Promise<string>,
  wrongPassword?: string,
): Promise<string> {
  await obligation(page, list, kind).getByTestId('agreement-read').click();
  const dialog = page.locator('.ant-modal:visible', { has: page.getByTestId('sign-modal') });
  const text = dialog.getByTestId('agreement-text');
  await text.waitFor();
  const shown = await text.innerText();
  await dialog.getByTestId('sign-agree').click();
  if (wrongPassword !== undefined) {
    // A wrong password signs nothing: the dialog stays open and says why.
    await dialog.getByTestId('sign-password').fill(wrongPassword);
    await page.getByTestId('sign-submit').click();
    await expect
      .poll(() => dialog.getByTestId('agreement-problem').getAttribute('data-problem'))
      .toBe('wrong_password');
    expect(await dialog.getByTestId('agreement-problem').innerText()).toContain(T.problem.wrong_password);
  }
  await dialog.getByTestId('sign-password').fill(password);
  if (code) await dialog.getByTestId('sign-totp').fill(await code());
  const submit = page.getByTestId('sign-submit');
  await submit.click();
  const refusal = dialog.getByTestId('agreement-problem');
  await expect
    .poll(async () => {
      const problem = (await refusal.isVisible()) ? await refusal.getAttribute('data-problem') : null;
      if (problem && (wrongPassword === undefined || problem !== 'wrong_password'))
        throw new Error(`signing refused: ${await refusal.innerText()}`);
      return submit.isHidden();
    })
    .toBe(true);
  return shown;
}

/** The state of the obligation of `kind` (its tag's `data-state`). */
export async function stateOf(page: Page, list: string, kind: string): Promise<string | null> {
  return obligation(page, list, kind).getByTestId('agreement-state').getAttribute('data-state');
}
