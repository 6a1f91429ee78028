/**
 * The end state of `firstSignIn` (browser.ts) without its pages: for the journeys where an administrator's first
 * sign-in is only set-up. test/e2e/identity/first-sign-in.test.ts (and the files whose journey is those pages)
 * go through the sign-in form, the password change and the enrolment page instead.
 */
import type { APIResponse, Page } from 'playwright-core';
import { expect } from 'vitest';
import { Authenticator, E2E_PASSWORD, expectHome, type E2ECredential } from './browser.js';

/** The JSON answer of an API call the sign-in pages make; fails with the server's answer when it is not a success. */
async function ok<T>(pending: Promise<APIResponse>, what: string): Promise<T> {
  const res = await pending;
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * First sign-in of an account with a one-time password through the API, as the sign-in pages call it: sign in,
 * choose a new password, enrol an authenticator app; then the home page in `page`, as `firstSignIn` leaves it.
 * The calls go through the page's context (`context.request`), so the session's cookies are the context's and
 * the session carries the browser's user agent; the page then reads its CSRF token from `/api/auth/me`.
 */
export async function signedIn(page: Page, cred: E2ECredential, newPassword = E2E_PASSWORD): Promise<Authenticator> {
  const request = page.context().request;
  let csrf = (await ok<{ csrfToken: string }>(request.get('/api/auth/csrf'), 'csrf')).csrfToken;
  // Each answer that changes the session's stage carries the token the next call must send.
  const post = async <T>(url: string, data?: unknown): Promise<T> => {
    const answer = await ok<T & { csrfToken?: string }>(
      request.post(url, { headers: { 'x-csrf-token': csrf }, data }),
      url,
    );
    if (answer.csrfToken) csrf = answer.csrfToken;
    return answer;
  };

  const login = await post<{ stage: string }>('/api/auth/login', {
    username: cred.username,
    password: cred.oneTimePassword,
  });
  expect(login.stage).toBe('password_change');
  const changed = await post<{ stage: string }>('/api/auth/password', {
    currentPassword: cred.oneTimePassword,
    newPassword,
  });
  expect(changed.stage).toBe('mfa_enrol');
  const { secret } = await post<{ secret: string }>('/api/auth/mfa/enrol/start');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const auth = new Authenticator(secret);
  const enrolled = await post<{ stage: string }>('/api/auth/mfa/enrol/confirm', { code: auth.next() });
  expect(enrolled.stage).toBe('full');

  await page.goto('/');
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
  return auth;
}
