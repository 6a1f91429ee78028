/**
 * The security office records a completion of training held outside Baomi (TRN-03), in the browser: on 马超's
 * training page it picks the course, the day and the sign-in sheet (a PDF) and records it; the completion then
 * shows on his record with its certificate number, and the server holds exactly one (the form sends an idempotency
 * key with the upload, so a retried upload would not record a second).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, pick, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';

const COURSE = '涉密载体管理专题';
const PERSON = 'machao';
const SHEET = Buffer.from('%PDF-1.4\n% sign-in sheet\n%%EOF\n');

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('the office records a completion', () => {
  test('[TRN-03] with its evidence file, on the person training page', async (t) => {
    const person = await server.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', PERSON)
      .executeTakeFirstOrThrow();
    const course = await server.ctx.db
      .selectFrom('training_courses')
      .select('id')
      .where('title', '=', COURSE)
      .executeTakeFirstOrThrow();
    const completions = () =>
      server.ctx.db
        .selectFrom('training_completions')
        .select(['id', 'source', 'certificate_no'])
        .where('user_id', '=', person.id)
        .where('course_id', '=', course.id)
        .execute();
    const before = new Set((await completions()).map((c) => c.id));

    const page = await openPage(t, browser, server.url);
    await signedIn(page, server.creds.secadmin!);
    await page.goto(`/training/people/${person.id}`);
    await page.getByTestId('person-training-title').waitFor();
    await page.getByTestId('person-record-completion').click();
    await pick(page, 'completion-course', COURSE);
    await page
      .locator('.ant-modal:visible input[type=file]')
      .setInputFiles({ name: '签到表.pdf', mimeType: 'application/pdf', buffer: SHEET });
    await page.locator('.ant-modal:visible').getByText('签到表.pdf').waitFor();
    const upload = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/completions?'));
    await page.getByTestId('completion-submit').click();
    const key = new URL((await upload).url()).searchParams.get('key');

    await expect.poll(async () => (await completions()).length, { timeout: 20_000 }).toBe(before.size + 1);
    const made = (await completions()).find((c) => !before.has(c.id))!;
    expect(made.source).toBe('recorded');
    // The upload's idempotency key became the completion's id.
    expect(made.id).toBe(key);
    await page.getByTestId('completion-table').getByText(made.certificate_no).waitFor();
  });
});
