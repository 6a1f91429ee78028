/**
 * First sign-in of an administrator in the browser: one-time password → new password → authenticator
 * enrolment → home; after signing out, a sign-in asks for a TOTP code. On SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { DB_KINDS } from '../../helpers/db.js';
import {
  E2E_PASSWORD,
  firstSignIn,
  launchBrowser,
  openPage,
  signOut,
  startE2EServer,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(DB_KINDS)('first sign-in (%s)', (kind) => {
  let server: E2EServer;
  beforeAll(async () => {
    server = await startE2EServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('password change and MFA enrolment, then sign-in with a TOTP code', async (t) => {
    const page = await openPage(t, browser, server.url);
    const cred = server.creds.sysadmin!;

    // Not signed in: the app sends us to the sign-in page (in Chinese by default).
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/login');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);

    // A wrong password is refused with an error on the page.
    await submitLogin(page, cred.username, 'not-the-password');
    await page.getByTestId('login-error').waitFor();
    expect(page.url()).toMatch(/\/login$/);

    const auth = await firstSignIn(page, cred);
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('系统管理员');

    await signOut(page);
    // The session is gone: protected pages send us back to sign-in.
    await page.goto('/users');
    await page.waitForURL((u) => u.pathname === '/login');

    // The one-time password no longer works; the new one leads to the TOTP page.
    await submitLogin(page, cred.username, cred.oneTimePassword);
    await page.getByTestId('login-error').waitFor();

    await submitLogin(page, cred.username, E2E_PASSWORD);
    await page.waitForURL('**/login/mfa');
    // A wrong code is refused and we stay on the MFA page.
    await page.getByTestId('mfa-code').fill(auth.wrong());
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('mfa-error').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login/mfa');

    await page.getByTestId('mfa-code').fill(auth.next());
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-users').waitFor();

    // A reload keeps the session.
    await page.reload();
    await page.getByTestId('nav-users').waitFor();
  });
});
