/**
 * Language switch: Chinese by default, English on request; the choice survives a reload (localStorage
 * `baomi.locale`) and can be switched back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

const text = (page: Page, testid: string) => () => page.getByTestId(testid).innerText();
const htmlLang = (page: Page) => () => page.evaluate(() => document.documentElement.lang);
const stored = (page: Page) => () => page.evaluate(() => localStorage.getItem('baomi.locale'));

test('switch to English, reload keeps it, switch back to Chinese', async (t) => {
  const page = await openPage(t, browser, server.url);

  // Sign-in page: Chinese by default; the switch works before signing in too.
  await page.goto('/login');
  await expect.poll(text(page, 'login-submit')).toBe('登录');
  await page.getByTestId('lang-switch').click();
  await expect.poll(text(page, 'login-submit')).toBe('Sign in');
  await expect.poll(htmlLang(page)).toBe('en-US');
  await page.getByTestId('lang-switch').click();
  await expect.poll(text(page, 'login-submit')).toBe('登录');

  await signedIn(page, server.creds.sysadmin!);
  await expect.poll(text(page, 'nav-users')).toBe('用户');
  await expect.poll(text(page, 'nav-audit')).toBe('审计日志');
  await expect.poll(text(page, 'lang-switch')).toContain('English');

  // To English.
  await page.getByTestId('lang-switch').click();
  await expect.poll(text(page, 'nav-users')).toBe('Users');
  await expect.poll(text(page, 'nav-audit')).toBe('Audit trail');
  await expect.poll(text(page, 'nav-home')).toBe('Workbench');
  await expect.poll(text(page, 'lang-switch')).toContain('中文');
  await expect.poll(htmlLang(page)).toBe('en-US');
  await expect.poll(stored(page)).toBe('en-US');

  // Remembered across a reload, and on another page of the app.
  await page.reload();
  await expect.poll(text(page, 'nav-users')).toBe('Users');
  await page.getByTestId('nav-users').click();
  await page.waitForURL('**/users');
  await expect.poll(() => page.getByTestId('user-create').innerText()).toBe('New user');
  await page.goto('/audit');
  await expect.poll(text(page, 'nav-audit')).toBe('Audit trail');
  await expect.poll(htmlLang(page)).toBe('en-US');

  // Back to Chinese, which also survives a reload.
  await page.getByTestId('lang-switch').click();
  await expect.poll(text(page, 'nav-users')).toBe('用户');
  await expect.poll(text(page, 'nav-audit')).toBe('审计日志');
  await expect.poll(stored(page)).toBe('zh-CN');
  await page.reload();
  await expect.poll(text(page, 'nav-users')).toBe('用户');
  await expect.poll(htmlLang(page)).toBe('zh-CN');
});
