/**
 * Second factors in the browser (issue 17): an employee enrols an authenticator app from the profile (the password
 * again), replaces it (the old app keeps working until the new one is confirmed) and signs in with it; another
 * enrols a security key through Chromium's virtual authenticator (DevTools WebAuthn) and signs in with a touch;
 * the system administrator imports a hardware token's seed file and hands the token to a third, who signs in with
 * a code computed from that seed; the security administrator requires a security key of a clearance class, and an
 * employee of it is sent to enrol one (only a key) at sign-in. One server; the pages are opened on `localhost`, as
 * WebAuthn takes no IP address as relying party.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  Authenticator,
  E2E_PASSWORD,
  expectHome,
  launchBrowser,
  newContext,
  pick,
  pickPerson,
  screenshot,
  signOut,
  startE2EServer,
  submitLogin,
  type E2ECredential,
  type E2EServer,
} from '../../helpers/browser.js';
import { newEmployee, step } from '../people/support.js';
import { hotp, totpStep } from '../../../src/kernel/totp.js';
import { mfaProblemsZhCN, mfaZhCN } from '../../../web/src/modules/identity/i18n/mfa-zh-CN.js';

const M = mfaZhCN;
const P = mfaProblemsZhCN;
const APP_USER = { username: 'zhoujie', name: '周杰' };
const KEY_USER = { username: 'sunli', name: '孙丽' };
const TOKEN_USER = { username: 'qianwei', name: '钱伟' };
/** Of the important clearance class, for which the security administrator requires a security key. */
const CLEARED_USER = { username: 'wuyan', name: '吴燕' };
/** The hardware token of the seed file: 8 digits, a new code every 60 s (RFC 6238's SHA-1 test seed). */
const TOKEN = {
  serial: 'HT-20260001',
  seedHex: '3132333435363738393031323334353637383930',
  digits: 8,
  period: 60,
} as const;

let browser: Browser;
let server: E2EServer;
let origin = '';
const oneTime: Record<string, string> = {};

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  origin = server.url.replace('127.0.0.1', 'localhost');
  for (const p of [APP_USER, KEY_USER, TOKEN_USER, CLEARED_USER])
    oneTime[p.username] = (await newEmployee(server, p.username, p.name, `${p.name}的部门`)).oneTimePassword;
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/**
 * Codes are computed at the server's time, moved on by a time step before each one: each code works once, and
 * waiting for the next step would take up to 30 s (60 s for the token).
 */
let shift = 0;
function laterStep(seconds = 30): Date {
  shift += seconds * 1000;
  server.ctx.now = () => new Date(Date.now() + shift);
  return server.ctx.now();
}
const appCode = (auth: Authenticator): string => auth.next(laterStep());
const tokenCode = (): string => {
  const now = laterStep(TOKEN.period);
  const hmac = (k: Uint8Array, m: Uint8Array) => crypto.createHmac('sha1', k).update(m).digest();
  return hotp(Buffer.from(TOKEN.seedHex, 'hex'), totpStep(now, TOKEN.period), hmac, TOKEN.digits);
};

/** A page on `localhost` in its own context, screenshotted when the test fails. */
async function localPage(t: TestContext): Promise<Page> {
  const context = await newContext(browser, origin);
  const page = await context.newPage();
  t.onTestFinished(async (c) => {
    if (c.task.result?.state === 'fail') await screenshot(page, `e2e-mfa-${t.task.name.slice(0, 60)}`);
    await context.close().catch(() => undefined);
  });
  return page;
}

/** An employee's first sign-in: the one-time password, then their own; lands wherever the stage leads. */
async function firstLogin(page: Page, username: string): Promise<void> {
  const otp = oneTime[username]!;
  await submitLogin(page, username, otp);
  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-current').fill(otp);
  await page.getByTestId('pw-new').fill(E2E_PASSWORD);
  await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL((u) => u.pathname !== '/login/password');
}

/** Signs in with the password and a code on the second-factor page; `ok: false` expects the code refused. */
async function signInWithCode(page: Page, username: string, code: string, ok = true): Promise<void> {
  if (new URL(page.url()).pathname !== '/login/mfa') {
    await submitLogin(page, username, E2E_PASSWORD);
    await page.waitForURL('**/login/mfa');
  }
  await page.getByTestId('mfa-code').fill(code);
  await page.getByTestId('mfa-submit').click();
  if (!ok) {
    await page.getByTestId('mfa-error').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login/mfa');
    return;
  }
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
}

/** An administrator's first sign-in at the server's (moved) time: new password, an authenticator, home. */
async function adminFirstSignIn(page: Page, cred: E2ECredential): Promise<void> {
  await submitLogin(page, cred.username, cred.oneTimePassword);
  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-current').fill(cred.oneTimePassword);
  await page.getByTestId('pw-new').fill(E2E_PASSWORD);
  await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL('**/login/mfa-enrol');
  await expect.poll(() => page.getByTestId('mfa-qr').getAttribute('src')).toMatch(/^data:image\//);
  const auth = new Authenticator((await page.getByTestId('mfa-secret').innerText()).replace(/\s+/g, ''));
  await page.getByTestId('enrol-code').fill(appCode(auth));
  await page.getByTestId('enrol-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
}

/** Gives the page's browser a security key: Chromium's virtual authenticator (DevTools WebAuthn), touched at once. */
async function addVirtualKey(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

const factorRow = (page: Page, kind: string) =>
  page.getByTestId('second-factors').locator(`tr[data-testid="factor-${kind}"]`);

/** Opens "add an authenticator" in the profile and proves it is them; the new secret shown, as an app would read it. */
async function startApp(page: Page, code?: string): Promise<Authenticator> {
  await page.getByTestId('factor-add-app').click();
  await page.getByTestId('proof-password').fill(E2E_PASSWORD);
  if (code) await page.getByTestId('proof-code').fill(code);
  await page.getByTestId('proof-submit').click();
  await expect.poll(() => page.getByTestId('app-qr').getAttribute('src')).toMatch(/^data:image\//);
  return new Authenticator((await page.getByTestId('app-secret').innerText()).replace(/\s+/g, ''));
}

describe('second factors', () => {
  test('an employee enrols an authenticator from the profile, replaces it and signs in with it', async (t) => {
    const page = await localPage(t);
    let first: Authenticator | undefined;
    let second: Authenticator | undefined;

    await step('the first sign-in needs no second factor; the profile offers one', async () => {
      await firstLogin(page, APP_USER.username);
      await expectHome(page);
      await page.goto('/profile');
      await expect.poll(() => page.getByTestId('factor-requirement').innerText()).toBe(M.requirement.none);
      await expect.poll(() => page.getByTestId('profile-mfa').innerText()).toBe('未启用');
    });

    await step('enrols an authenticator: the password again, the QR code and secret, a code from the app', async () => {
      // A wrong password is refused in the dialog.
      await page.getByTestId('factor-add-app').click();
      await page.getByTestId('proof-password').fill('not-my-password');
      await page.getByTestId('proof-submit').click();
      await expect.poll(() => page.getByTestId('proof-error').innerText()).toBe(P.reauth_wrong_password);
      await page.keyboard.press('Escape');
      first = await startApp(page);
      await page.getByTestId('app-code').fill(appCode(first));
      await page.getByTestId('app-confirm').click();
      await factorRow(page, 'app').waitFor();
      await expect.poll(() => page.getByTestId('profile-mfa').innerText()).toBe('已启用');
    });

    await step('a new authenticator started but not confirmed: the current one still signs in', async () => {
      await startApp(page, appCode(first!));
      await page.keyboard.press('Escape');
      await page.getByText(M.profile.pending).waitFor();
      await signOut(page);
      await signInWithCode(page, APP_USER.username, appCode(first!));
    });

    await step('the new authenticator confirmed: the old one no longer signs in, the new one does', async () => {
      await page.goto('/profile');
      await page.getByText(M.profile.pending).waitFor();
      second = await startApp(page, appCode(first!));
      await page.getByTestId('app-code').fill(appCode(second));
      await page.getByTestId('app-confirm').click();
      await page.getByText(M.profile.appReplaced).first().waitFor();
      await expect.poll(() => page.getByText(M.profile.pending).count()).toBe(0);
      await signOut(page);
      await signInWithCode(page, APP_USER.username, appCode(first!), false);
      await signInWithCode(page, APP_USER.username, appCode(second));
    });
  });

  test('a security key enrols from the profile and signs in through a virtual authenticator', async (t) => {
    const page = await localPage(t);
    await addVirtualKey(page);

    await step('adds a security key: its name, the password again, a touch', async () => {
      await firstLogin(page, KEY_USER.username);
      await expectHome(page);
      await page.goto('/profile');
      await page.getByTestId('factor-add-key').click();
      await page.getByTestId('key-name').fill('蓝色 U 盾');
      await page.getByTestId('proof-password').fill(E2E_PASSWORD);
      await page.getByTestId('proof-submit').click();
      await expect.poll(() => factorRow(page, 'security_key').innerText()).toContain('蓝色 U 盾');
      await expect.poll(() => page.getByTestId('profile-mfa').innerText()).toBe('已启用');
    });

    await step('signs in with the key: the second-factor page offers only the key', async () => {
      await signOut(page);
      await submitLogin(page, KEY_USER.username, E2E_PASSWORD);
      await page.waitForURL('**/login/mfa');
      await page.getByTestId('mfa-use-key').waitFor();
      expect(await page.getByTestId('mfa-code').count()).toBe(0);
      await page.getByTestId('mfa-use-key').click();
      await page.waitForURL((u) => u.pathname === '/');
      await expectHome(page);
    });
  });

  test('the system administrator imports a token seed file and hands out a token; its holder signs in with it', async (t) => {
    const admin = await localPage(t);
    const holder = await localPage(t);

    await step('the system administrator imports the seed file (a bad one is refused by line)', async () => {
      await adminFirstSignIn(admin, server.creds.sysadmin!);
      await admin.getByTestId('nav-otp-tokens').click();
      await admin.waitForURL('**/otp-tokens');
      await admin.getByTestId('token-format').getByText('CSV').click();
      const upload = admin.locator('input[type="file"]');
      await upload.setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`serial,secret,digits,period\n${TOKEN.serial},not-a-secret!,8,60\n`),
      });
      await expect.poll(() => admin.getByTestId('token-import-error').innerText()).toContain('第 2 行');
      await upload.setInputFiles({
        name: 'tokens.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          `serial,secret,digits,period\n${TOKEN.serial},${TOKEN.seedHex},${TOKEN.digits},${TOKEN.period}\n`,
        ),
      });
      await expect.poll(() => admin.getByTestId('token-imported').innerText()).toContain(TOKEN.serial);
    });

    await step('hands the token to the employee', async () => {
      const row = admin.getByTestId('tokens-table').locator('tr', { hasText: TOKEN.serial });
      await row.getByTestId('token-assign').click();
      await pickPerson(admin, admin.getByTestId('assign-person'), TOKEN_USER.name);
      await admin.getByTestId('assign-ok').click();
      await expect.poll(() => row.innerText()).toContain(TOKEN_USER.name);
    });

    await step('the employee signs in with a code of the token and sees it in the profile', async () => {
      // The token is his factor from the start: its code comes before the new password.
      const otp = oneTime[TOKEN_USER.username]!;
      await submitLogin(holder, TOKEN_USER.username, otp);
      await holder.waitForURL('**/login/mfa');
      await holder.getByTestId('mfa-code').fill(tokenCode());
      await holder.getByTestId('mfa-submit').click();
      await holder.waitForURL('**/login/password');
      await holder.getByTestId('pw-current').fill(otp);
      await holder.getByTestId('pw-new').fill(E2E_PASSWORD);
      await holder.getByTestId('pw-confirm').fill(E2E_PASSWORD);
      await holder.getByTestId('pw-submit').click();
      await holder.waitForURL((u) => u.pathname === '/');
      await expectHome(holder);
      await holder.goto('/profile');
      await expect.poll(() => factorRow(holder, 'token').innerText()).toContain(TOKEN.serial);
    });
  });

  test('the security administrator requires a security key of the important class; such an employee enrols one at sign-in', async (t) => {
    const office = await localPage(t);
    const person = await localPage(t);
    await addVirtualKey(person);
    await server.ctx.db
      .updateTable('users')
      .set({ clearance_class: 'important' })
      .where('username', '=', CLEARED_USER.username)
      .execute();

    await step('the security administrator requires a security key of the important class', async () => {
      await adminFirstSignIn(office, server.creds.secadmin!);
      await office.goto('/settings/account-policy');
      await pick(office, 'mfa-req-important', M.requirement.security_key);
      await office.getByTestId('mfa-req-save').click();
      await office.getByText(M.policy.saved).first().waitFor();
      await office.reload();
      await expect.poll(() => office.getByTestId('mfa-req-important').innerText()).toBe(M.requirement.security_key);
      await expect.poll(() => office.getByTestId('mfa-req-general').innerText()).toBe(M.requirement.none);
    });

    await step('the employee of that class must enrol a security key at sign-in, and only a key', async () => {
      await firstLogin(person, CLEARED_USER.username);
      await person.waitForURL('**/login/mfa-enrol');
      await person.getByText(M.enrol.hintKeyOnly).waitFor();
      expect(await person.getByTestId('enrol-choice').count()).toBe(0);
      await person.getByTestId('enrol-key-name').fill('我的安全密钥');
      await person.getByTestId('enrol-key-submit').click();
      await person.waitForURL((u) => u.pathname === '/');
      await expectHome(person);
      await person.goto('/profile');
      await expect.poll(() => factorRow(person, 'security_key').innerText()).toContain('我的安全密钥');
      await expect.poll(() => person.getByTestId('factor-requirement').innerText()).toBe(M.requirement.security_key);
    });
  });
});
