/**
 * End-to-end helpers: a headless Chromium driven by playwright-core, and (test/helpers/e2e-server.ts, re-exported
 * here) Baomi started in-process on a fresh database, serving the built web app (dist/web).
 *
 * Browser: /usr/bin/chromium (Debian package) when installed, otherwise the Chromium shipped inside the
 * @sparticuz/chromium npm package (unpacked to the temp dir on first use). BAOMI_E2E_CHROMIUM overrides the
 * choice: `system`, `sparticuz`, or a path to a Chromium binary. Never `playwright install`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, vi, type TestContext } from 'vitest';
import { base32Decode, hotp, totpStep } from '../../src/kernel/totp.js';
import type { E2ECredential } from './e2e-server.js';

export {
  parseCredentials,
  snapshotWeb,
  startDemoE2EServer,
  startE2EServer,
  type E2ECredential,
  type E2EServer,
  type E2ETemplate,
} from './e2e-server.js';

export const E2E_PASSWORD = 'Correct-Horse-42!';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const COMMON_ARGS = [
  // The e2e servers listen on 127.0.0.1 only; pages opened on `localhost` (the security-key tests: Chromium refuses
  // an IP address as the key's site) must reach them there, never [::1] on the same port, where another test's
  // server (SMTP, S3, PostgreSQL) may listen and leave the request hanging.
  '--host-resolver-rules=MAP localhost 127.0.0.1',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Flags of @sparticuz/chromium's list that we leave out: `--single-process` makes a second browser context
 * crash the browser under Playwright, the security relaxations would hide real CORS/mixed-content bugs, and
 * we set the headless mode ourselves.
 */
const SPARTICUZ_DROP = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

export interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: 'system' | 'sparticuz' | 'custom';
}

async function sparticuzChoice(): Promise<BrowserChoice> {
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const executablePath = await Sparticuz.executablePath();
  const args = Sparticuz.args.filter((a) => !SPARTICUZ_DROP.has(a) && !a.startsWith('--headless'));
  return { executablePath, args: [...args, '--headless=new', ...COMMON_ARGS], source: 'sparticuz' };
}

export async function chooseBrowser(): Promise<BrowserChoice> {
  const want = process.env.BAOMI_E2E_CHROMIUM;
  if (want === 'sparticuz') return sparticuzChoice();
  if (want && want !== 'system')
    return { executablePath: want, args: ['--headless=new', ...COMMON_ARGS], source: 'custom' };
  if (fs.existsSync(SYSTEM_CHROMIUM))
    return { executablePath: SYSTEM_CHROMIUM, args: ['--headless=new', ...COMMON_ARGS], source: 'system' };
  if (want === 'system') throw new Error(`BAOMI_E2E_CHROMIUM=system but ${SYSTEM_CHROMIUM} does not exist`);
  return sparticuzChoice();
}

/** A new Chromium process of its own (most tests want `launchBrowser`, which shares one). */
export async function launchChromium(): Promise<Browser> {
  const choice = await chooseBrowser();
  // headless: true makes Playwright add its own headless flags; our `--headless=new` comes later and wins.
  return chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true, timeout: 60_000 });
}

const SHARED_BROWSER = Symbol.for('baomi.e2e.browser');
type WithSharedBrowser = typeof globalThis & { [SHARED_BROWSER]?: Promise<Browser> };

/**
 * The browser of one test file: its contexts live in one Chromium shared by the files that run one after another in
 * the e2e fork (vitest.config.ts: isolate false), so each file no longer pays for starting Chromium (1-3 s, more on
 * a loaded machine). Contexts share nothing (cookies, storage, cache), so the files stay as independent as with a
 * browser each. `close()` closes the contexts this file opened, not the shared process: Playwright ends that when
 * the fork exits. A Chromium that crashed or was closed is started again for the next file.
 */
export async function launchBrowser(): Promise<Browser> {
  const g = globalThis as WithSharedBrowser;
  let shared = await g[SHARED_BROWSER]?.catch(() => undefined);
  if (!shared?.isConnected()) {
    g[SHARED_BROWSER] = launchChromium();
    shared = await g[SHARED_BROWSER];
  }
  return fileBrowser(shared);
}

/** A view of `shared` that remembers the contexts opened through it; its `close()` closes just those. */
function fileBrowser(shared: Browser): Browser {
  const mine = new Set<BrowserContext>();
  const opened = (context: BrowserContext): BrowserContext => {
    mine.add(context);
    context.on('close', () => mine.delete(context));
    return context;
  };
  const own: Partial<Browser> = {
    newContext: async (options) => opened(await shared.newContext(options)),
    newPage: async (options) => {
      const context = opened(await shared.newContext(options));
      return context.newPage();
    },
    contexts: () => [...mine],
    close: async () => {
      await Promise.all([...mine].map((c) => c.close().catch(() => undefined)));
    },
  };
  return new Proxy(shared, {
    get(target, prop) {
      if (Object.hasOwn(own, prop)) return own[prop as keyof Browser];
      // Playwright's methods use private fields: they must run on the real object, not on this view.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A fresh context (own cookies and localStorage) in Chinese, the product's default language, in the organisation's
 * time zone (the default policy's, Asia/Shanghai) as its people's browsers are: the pages' "today" (date pickers, what
 * may be picked) is then the server's, at any hour the suite runs (in UTC after 16:00 the two days differ).
 */
export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL,
    viewport: { width: 1280, height: 900 },
  });
  // Generous: these are upper bounds for conditions on a loaded 2-core machine, never waits in themselves.
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(40_000);
  return context;
}

/** Saves a full-page screenshot under test-results/ (best effort: never fails the caller). */
export async function screenshot(page: Page | undefined, name: string): Promise<void> {
  if (!page || page.isClosed()) return;
  try {
    fs.mkdirSync('test-results', { recursive: true });
    const file = path.join('test-results', `${name.replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
  } catch {
    /* the page may be gone */
  }
}

/**
 * Inside a test: a new zh-CN context and page on `baseURL`. On failure a screenshot of the page goes to
 * test-results/; the context is closed when the test ends.
 */
export async function openPage(t: TestContext, browser: Browser, baseURL: string): Promise<Page> {
  const context = await newContext(browser, baseURL);
  const page = await context.newPage();
  t.onTestFinished(async (c) => {
    if (c.task.result?.state === 'fail') await screenshot(page, `e2e-${t.task.suite?.name ?? ''}-${t.task.name}`);
    await context.close().catch(() => undefined);
  });
  return page;
}

// ---------------------------------------------------------------------------------------------------------
// TOTP

const hmacSha1 = (k: Uint8Array, m: Uint8Array) => crypto.createHmac('sha1', k).update(m).digest();

/** An authenticator for one enrolled secret. Each code works once, so it never hands out a step twice. */
export class Authenticator {
  private lastStep = -1;
  constructor(readonly secret: string) {}

  /** The code of the current time step, or of the step after the last one used (inside the ±1 window). */
  next(now = new Date()): string {
    const step = Math.max(totpStep(now), this.lastStep + 1);
    if (step > totpStep(now) + 1) throw new Error('TOTP codes for this and the next time step were used already');
    this.lastStep = step;
    return hotp(base32Decode(this.secret), step, hmacSha1);
  }

  /** A well-formed code that is not valid for any step of the acceptance window. */
  wrong(now = new Date()): string {
    const step = totpStep(now);
    const valid = new Set([-2, -1, 0, 1, 2].map((d) => hotp(base32Decode(this.secret), step + d, hmacSha1)));
    for (let i = 0; ; i++) {
      const code = String((i * 111111) % 1_000_000).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// UI flows

/** Fills the sign-in form and submits it. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits until the app layout (side menu) of a fully signed-in session is shown. */
export async function expectHome(page: Page): Promise<void> {
  await page.getByTestId('nav-home').waitFor({ state: 'visible' });
  await page.getByTestId('user-menu').waitFor({ state: 'visible' });
}

/**
 * First sign-in of an account with a one-time password: sign in, choose a new password, enrol an
 * authenticator from the secret shown on the page, and arrive at the home layout. Where the first sign-in is only
 * set-up, `signedIn` (signed-in.ts) reaches the same state through the API in a fraction of the time.
 */
export async function firstSignIn(page: Page, cred: E2ECredential, newPassword = E2E_PASSWORD): Promise<Authenticator> {
  await submitLogin(page, cred.username, cred.oneTimePassword);

  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-rules').waitFor();
  await page.getByTestId('pw-current').fill(cred.oneTimePassword);
  await page.getByTestId('pw-new').fill(newPassword);
  await page.getByTestId('pw-confirm').fill(newPassword);
  await page.getByTestId('pw-submit').click();

  await page.waitForURL('**/login/mfa-enrol');
  await expect.poll(() => page.getByTestId('mfa-qr').getAttribute('src')).toMatch(/^data:image\//);
  const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const auth = new Authenticator(secret);
  await page.getByTestId('enrol-code').fill(auth.next());
  await page.getByTestId('enrol-submit').click();

  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
  return auth;
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByTestId('login-username').waitFor();
}

/** A later sign-in: password, then the TOTP code page. */
export async function signIn(page: Page, username: string, password: string, auth: Authenticator): Promise<void> {
  await submitLogin(page, username, password);
  await page.waitForURL('**/login/mfa');
  await page.getByTestId('mfa-code').fill(auth.next());
  await page.getByTestId('mfa-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
}

/** Opens a person picker, searches for `name` and picks the person (again until it shows them). */
export async function pickPerson(page: Page, field: Locator, name: string): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name });
  await expect
    .poll(
      async () => {
        if ((await field.innerText()).includes(name)) return true;
        if (!(await option.isVisible())) {
          await field.click();
          await field.locator('input').fill(name);
        }
        await option
          .first()
          .click({ timeout: 2_000 })
          .catch(() => undefined);
        return (await field.innerText()).includes(name);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

/** Waits until no Select dropdown is shown (one still closing would offer its options to the next pick). */
export async function noDropdown(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/**
 * Closes an antd modal with one of its buttons and waits until no modal layer is left over the page. A close
 * clicked while the modal is still animating open can leave its layer over the page (as `pick` knows of dropdowns),
 * so the click waits for the opening to end, and is repeated while the button is still shown.
 */
export async function closeModal(page: Page, button: Locator): Promise<void> {
  const opening = page.locator('.ant-modal[class*="-appear"], .ant-modal[class*="-enter"]');
  await expect.poll(() => opening.count()).toBe(0);
  await button.click();
  await vi.waitFor(
    async () => {
      if ((await page.locator('.ant-modal-wrap:visible').count()) === 0) return;
      if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => undefined);
      throw new Error('a modal layer is still over the page');
    },
    { timeout: 20_000, interval: 250 },
  );
}

/**
 * Opens an antd Select / TreeSelect by its hook and picks the option showing `text` (typing `search` first, if
 * given). An option clicked while its dropdown is still animating open is sometimes ignored and the dropdown then
 * stays open over the next field; so the pick is checked on the field and the option clicked again until it shows.
 */
export async function pick(page: Page, testid: string, text: string | RegExp, search?: string): Promise<void> {
  const field = page.locator(`[data-testid="${testid}"]:visible`).first();
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await noDropdown(page);
  await field.click();
  if (search) await field.locator('input').fill(search);
  const option = dropdown
    .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper', { hasText: text })
    .first();
  await option.click();
  const shows = (shown: string): boolean => (typeof text === 'string' ? shown.includes(text) : text.test(shown));
  await vi.waitFor(
    async () => {
      if ((await dropdown.count()) === 0) return;
      if (!shows(await field.innerText()) && (await option.isVisible())) {
        await option.click({ timeout: 2_000 }).catch(() => undefined);
      }
      throw new Error(`the dropdown of ${testid} is still open`);
    },
    { timeout: 20_000, interval: 200 },
  );
}
