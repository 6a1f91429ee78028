/**
 * An offline training session in the browser (issue 16, TRN-03): the security administrator schedules a session of an
 * offline course; a new employee signs up for it and opens his training QR code; at the door the security administrator scans it into the session page's
 * scan box (a keyboard-wedge scanner types the code and Enter): he is signed in, by QR, and the course is completed
 * for him with a certificate number.
 */
import crypto from 'node:crypto';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  E2E_PASSWORD,
  expectHome,
  firstSignIn,
  launchBrowser,
  pick,
  startE2EServer,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';
import { newEmployee, personPage, step } from '../people/support.js';
import { fillDate, input } from '../carriers/support.js';
import { findUserByUsername } from '../../../src/modules/identity/index.js';
import { sessionTexts } from '../../../web/src/modules/training/i18n/session.js';

const T = sessionTexts['zh-CN'].session;
const COURSE = '保密法律法规专题讲座';
const EMPLOYEE = { username: 'liqiang', name: '李强', department: '测试部' };

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('training: offline sessions', () => {
  test('[TRN-03] the office schedules a session; a person signs up and is signed in at the door by scanning his QR code; the course is completed', async (t) => {
    const office = await personPage(t, browser, server, 'secadmin');
    const employee = await personPage(t, browser, server, EMPLOYEE.username);
    let sessionId = '';
    let code = '';
    let hire = { id: '', oneTimePassword: '' };

    await step('an offline course is published', async () => {
      hire = await newEmployee(server, EMPLOYEE.username, EMPLOYEE.name, EMPLOYEE.department);
      const sec = await findUserByUsername(server.ctx.db, server.creds.secadmin!.username);
      const now = server.ctx.now();
      const courseId = crypto.randomUUID();
      await server.ctx.db
        .insertInto('training_courses')
        .values({
          id: courseId,
          title: COURSE,
          kind: 'refresher',
          mode: 'offline',
          topics: JSON.stringify(['law']),
          audience: JSON.stringify([{ kind: 'all' }]),
          description: '保密法律法规',
          duration_minutes: 60,
          validity_months: 12,
          status: 'published',
          published_on: now.toISOString().slice(0, 10),
          created_by: sec!.id,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          version: 1,
        })
        .execute();
    });

    await step('the security administrator schedules a session in half an hour on the sessions page', async () => {
      await firstSignIn(office, server.creds.secadmin!);
      await office.getByTestId('nav-training-sessions').click();
      await office.waitForURL('**/training/sessions');
      await office.getByTestId('session-create').click();
      await pick(office, 'session-course', COURSE);
      const at = (minutes: number) => dayjs(server.ctx.now()).add(minutes, 'minute').format('YYYY-MM-DD HH:mm');
      await fillDate(office, 'session-starts', at(30));
      await fillDate(office, 'session-ends', at(90));
      await input(office, 'session-place').fill('一楼报告厅');
      await input(office, 'session-trainer').fill('保密办');
      await office.getByTestId('session-save').click();
      await office.waitForURL(/\/training\/sessions\/[0-9a-f-]{36}$/);
      sessionId = office.url().split('/').pop()!;
      await office.getByTestId('session-seats').getByText('0 / 30').waitFor();
    });

    await step('the new employee signs up and opens his QR code', async () => {
      await submitLogin(employee, EMPLOYEE.username, hire.oneTimePassword);
      await employee.waitForURL('**/login/password');
      await employee.getByTestId('pw-current').fill(hire.oneTimePassword);
      await employee.getByTestId('pw-new').fill(E2E_PASSWORD);
      await employee.getByTestId('pw-confirm').fill(E2E_PASSWORD);
      await employee.getByTestId('pw-submit').click();
      await employee.waitForURL((u) => u.pathname === '/');
      await expectHome(employee);
      await employee.getByTestId('nav-training-sessions').click();
      await employee.waitForURL('**/training/sessions');
      await employee.getByTestId('sessions-table').getByText(COURSE).waitFor();
      await employee.getByTestId(`session-sign-up-${sessionId}`).click();
      await employee.getByTestId(`session-withdraw-${sessionId}`).waitFor();
      await employee.getByRole('tab', { name: T.tab.qr }).click();
      await expect
        .poll(() => employee.getByTestId('training-qr-image').getAttribute('src'))
        .toMatch(/^data:image\/svg/);
      code = (await employee.getByTestId('training-qr-code').innerText()).trim();
      expect(code).toContain(hire.id);
    });

    await step('at the door the security administrator scans it: signed in by QR', async () => {
      await office.reload();
      await office.getByTestId('session-people').getByText(EMPLOYEE.username).waitFor();
      const box = office.getByTestId('scan-input');
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      // A keyboard-wedge scanner types the code and presses Enter.
      await office.keyboard.type(code);
      await office.keyboard.press('Enter');
      await expect.poll(() => office.getByTestId('session-last-recorded').innerText()).toContain(EMPLOYEE.name);
      await office.getByTestId('session-people').getByText(T.method.qr).waitFor();
      expect(await box.inputValue()).toBe('');
      const [completion] = await server.ctx.db
        .selectFrom('training_completions')
        .selectAll()
        .where('user_id', '=', hire.id)
        .execute();
      expect(completion).toMatchObject({ source: 'session', session_id: sessionId });
      expect(await office.getByTestId('session-last-recorded').innerText()).toContain(completion!.certificate_no);
    });
  });
});
