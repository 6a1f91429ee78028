/**
 * Confidentiality training end to end in the browser (issue 16, TRN-01/03/06/09/12): the security administrator
 * creates an onboarding course taken online and offline (线上线下结合), writes a text material, publishes it and
 * schedules a session of it on the sessions page. New hire 1 (start date set) opens the course from the catalogue,
 * works through the material and completes the course online; the certificate of completion he downloads carries
 * 「保密培训结业证书」, his name and the course, and is drawn (ink in the rasterised page). New hire 2 signs up for the
 * session and shows his QR code; at the door the security administrator scans it into the session page's scan box
 * (a keyboard-wedge scanner types the code and Enter): he is signed in by QR and the course is completed for him.
 * The office saves a training setting, runs a publicity campaign and an awareness message. A month and a half later
 * the office opens the training report: coverage by department (chart and table) and the overdue list, with the
 * colleague who never took the course.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  E2E_PASSWORD,
  expectHome,
  launchBrowser,
  pick,
  startE2EServer,
  submitLogin,
  type Authenticator,
  type E2EServer,
} from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfText } from '../../helpers/pdf.js';
import { moveClock, personPage, signInWithCode, squeeze, step } from '../people/support.js';
import { fillDate, input } from '../carriers/support.js';
import type { RequestContext } from '../../../src/platform/context.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/index.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { zhCN } from '../../../web/src/modules/training/i18n/zh-CN.js';
import { courseTexts } from '../../../web/src/modules/training/i18n/course.js';
import { sessionTexts } from '../../../web/src/modules/training/i18n/session.js';
import { reportTexts } from '../../../web/src/modules/training/i18n/report.js';

/** The training web module's Chinese texts: what the pages show. */
const T = zhCN;
const C = courseTexts['zh-CN'].course;
const S = sessionTexts['zh-CN'].session;
const R = reportTexts['zh-CN'];

const COURSE = '新员工保密教育培训';
const MATERIAL = { title: '保密须知', body: '## 保密须知\n\n**不得**在互联网上处理涉密信息。' };
const DEPARTMENT = '研发部';
const HIRE1 = { username: 'wangfang', name: '王芳' };
const HIRE2 = { username: 'liqiang', name: '李强' };
/** Started years ago and never took the course: overdue once the new course's grace period has passed. */
const LATE = { username: 'zhaolei', name: '赵磊' };

let browser: Browser;
let server: E2EServer;
const people: Record<string, { id: string; oneTimePassword: string }> = {};

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  // The people, as the system administrator creates them (the identity module's own e2e tests drive that form).
  const sys = await findUserByUsername(server.ctx.db, server.creds.sysadmin!.username);
  const rc: RequestContext = { actor: toActor(sys!), ip: null, requestId: 'e2e-setup' };
  const dept = await createDepartment(server.ctx, rc, { name: DEPARTMENT, parentId: null });
  const today = await todayOf(server.ctx);
  for (const [p, hiredOn] of [
    [HIRE1, today],
    [HIRE2, today],
    [LATE, '2020-03-01'],
  ] as const) {
    const { user, oneTimePassword } = await createUser(server.ctx, rc, {
      username: p.username,
      displayName: p.name,
      departmentId: dept.id,
      post: '软件工程师',
      businessRoles: ['employee'],
      hiredOn,
    });
    people[p.username] = { id: user.id, oneTimePassword };
  }
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** A new employee's first sign-in: the one-time password, then his own. */
async function firstLogin(page: Page, username: string): Promise<void> {
  const otp = people[username]!.oneTimePassword;
  await submitLogin(page, username, otp);
  await page.waitForURL('**/login/password');
  await page.getByTestId('pw-current').fill(otp);
  await page.getByTestId('pw-new').fill(E2E_PASSWORD);
  await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await page.getByTestId('pw-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await expectHome(page);
}

const text = (page: Page, testid: string) => () => page.getByTestId(testid).first().innerText();
const CERTIFICATE_NO = /TRN-\d{4}-\d{6}/;

describe('training: the onboarding journey', () => {
  test('[TRN-01][TRN-03][TRN-06][TRN-09][TRN-12] a blended onboarding course: one new hire completes it online and gets the certificate, another signs in at its session by QR; the office sees coverage and the overdue', async (t) => {
    const office = await personPage(t, browser, server, 'secadmin');
    const hire1 = await personPage(t, browser, server, HIRE1.username);
    const hire2 = await personPage(t, browser, server, HIRE2.username);
    let officeAuth: Authenticator | undefined;
    let courseId = '';
    let sessionId = '';
    let code = '';

    await step(
      'the security administrator creates a blended onboarding course with a text material and publishes it',
      async () => {
        officeAuth = await signedIn(office, server.creds.secadmin!);
        await office.getByTestId('nav-training-courses').click();
        await office.waitForURL('**/training/courses');
        await office.getByTestId('course-create').click();
        await office.getByTestId('course-new-title').fill(COURSE);
        await office.getByTestId('course-create-ok').click();
        await office.waitForURL(/\/training\/courses\/[0-9a-f-]{36}\/edit$/);
        courseId = /courses\/([0-9a-f-]{36})\/edit/.exec(office.url())![1]!;
        await pick(office, 'course-kind', T.courseKind.onboarding);
        await pick(office, 'course-mode', T.mode.blended);
        await office.getByTestId('course-save').click();
        await office.getByText(C.editor.saved).first().waitFor();

        await office.getByTestId('material-add').click();
        await office.getByTestId('material-title').fill(MATERIAL.title);
        await office.getByTestId('material-minutes').fill('0');
        await office.getByTestId('material-body').fill(MATERIAL.body);
        await office.getByTestId('material-save').click();
        await expect.poll(text(office, 'material-list')).toContain(MATERIAL.title);
        await office.getByTestId('course-publish').click();
        await office.getByTestId('course-publish-confirm').click();
        await expect.poll(() => office.getByTestId('course-status').getAttribute('data-status')).toBe('published');
        const course = await server.ctx.db
          .selectFrom('training_courses')
          .select(['kind', 'mode'])
          .where('id', '=', courseId)
          .executeTakeFirstOrThrow();
        expect(course).toEqual({ kind: 'onboarding', mode: 'blended' });
      },
    );

    await step('the security administrator schedules a session of it on the sessions page', async () => {
      await office.getByTestId('nav-training-sessions').click();
      await office.waitForURL('**/training/sessions');
      await office.getByTestId('session-create').click();
      await pick(office, 'session-course', COURSE);
      // Typed as the browser reads it: in the organisation's time zone (the e2e browsers run in it).
      const at = (minutes: number) =>
        new Intl.DateTimeFormat('sv-SE', {
          timeZone: 'Asia/Shanghai',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        }).format(new Date(server.ctx.now().getTime() + minutes * 60_000));
      await fillDate(office, 'session-starts', at(30));
      await fillDate(office, 'session-ends', at(90));
      await input(office, 'session-place').fill('一楼报告厅');
      await input(office, 'session-trainer').fill('保密办');
      await office.getByTestId('session-save').click();
      await office.waitForURL(/\/training\/sessions\/[0-9a-f-]{36}$/);
      sessionId = office.url().split('/').pop()!;
      await office.getByTestId('session-seats').getByText('0 / 30').waitFor();
    });

    await step('new hire 1 opens the course from the catalogue and completes its material online', async () => {
      await firstLogin(hire1, HIRE1.username);
      await hire1.getByTestId('nav-training-courses').click();
      await hire1.waitForURL('**/training/courses');
      await hire1.getByTestId(`course-row-${courseId}`).getByTestId('course-open').click();
      await hire1.waitForURL(`**/training/courses/${courseId}`);
      await expect.poll(text(hire1, 'course-title')).toContain(COURSE);
      // Blended: the sessions are offered, and the materials can be worked through here.
      await hire1.getByTestId('course-offline').waitFor();
      await expect.poll(() => hire1.getByTestId('course-progress').getAttribute('data-percent')).toBe('0');
      await hire1.getByTestId('learn-material-0').click();
      await expect.poll(() => hire1.getByTestId('learn-text').innerHTML()).toContain('<strong>不得</strong>');
      await hire1.getByTestId('learn-finish').click();
      await expect.poll(text(hire1, 'course-completed')).toContain(C.learn.completed);
      expect(await hire1.getByTestId('course-completed').innerText()).toMatch(CERTIFICATE_NO);
      await expect.poll(() => hire1.getByTestId('course-progress').getAttribute('data-percent')).toBe('100');
    });

    await step('new hire 1 downloads the certificate of completion: its Chinese text, drawn', async () => {
      const certificateNo = CERTIFICATE_NO.exec(await hire1.getByTestId('course-completed').innerText())![0];
      const link = hire1.getByTestId('course-completed').getByTestId('certificate-link');
      expect(await link.getAttribute('href')).toMatch(
        /^\/api\/training\/completions\/[0-9a-f-]{36}\/certificate\.pdf\?lang=zh-CN$/,
      );
      const [download] = await Promise.all([hire1.waitForEvent('download'), link.click()]);
      const pdf = fs.readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const flat = squeeze(pdfText(pdf));
      expect(flat).toContain('保密培训结业证书');
      expect(flat).toContain(HIRE1.name);
      expect(flat).toContain(COURSE);
      expect(flat).toContain(certificateNo);
      // The course's topic (TRN-09): a new course covers the basics until the office says otherwise.
      expect(flat).toContain(T.topic.basics);
      // A4 portrait (595 x 842 points): the text is drawn where it stands, not only extractable.
      expect(inkIn(pdf, 1, { x: 40, y: 80, width: 515, height: 320 })).toBeGreaterThan(200);
    });

    await step('new hire 2 signs up for the session and opens his QR code', async () => {
      await firstLogin(hire2, HIRE2.username);
      await hire2.getByTestId('nav-training-sessions').click();
      await hire2.waitForURL('**/training/sessions');
      await hire2.getByTestId('sessions-table').getByText(COURSE).waitFor();
      await hire2.getByTestId(`session-sign-up-${sessionId}`).click();
      await hire2.getByTestId(`session-withdraw-${sessionId}`).waitFor();
      await hire2.getByRole('tab', { name: S.tab.qr }).click();
      await expect.poll(() => hire2.getByTestId('training-qr-image').getAttribute('src')).toMatch(/^data:image\/svg/);
      code = (await hire2.getByTestId('training-qr-code').innerText()).trim();
      expect(code).toContain(people[HIRE2.username]!.id);
    });

    await step('at the door the security administrator scans it: signed in by QR, the course completed', async () => {
      await office.reload();
      await office.getByTestId('session-people').getByText(HIRE2.username).waitFor();
      await office.getByTestId('session-seats').getByText('1 / 30').waitFor();
      const box = office.getByTestId('scan-input');
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      // A keyboard-wedge scanner types the code and presses Enter.
      await office.keyboard.type(code);
      await office.keyboard.press('Enter');
      await expect.poll(text(office, 'session-last-recorded')).toContain(HIRE2.name);
      expect(await office.getByTestId('session-last-recorded').innerText()).toMatch(CERTIFICATE_NO);
      await office.getByTestId('session-people').getByText(S.method.qr).waitFor();
      expect(await box.inputValue()).toBe('');
    });

    await step('new hire 2 finds the completion on the course page', async () => {
      await hire2.goto(`/training/courses/${courseId}`);
      await expect.poll(text(hire2, 'course-completions')).toMatch(CERTIFICATE_NO);
    });

    await step('the office saves a setting, runs a publicity campaign and an awareness message', async () => {
      await office.getByTestId('nav-training-report').click();
      await office.waitForURL('**/training/report');
      await office.getByTestId('training-settings-reminderDays').fill('10');
      await office.getByTestId('training-settings-save').click();
      await office.getByText(R.reportSettings.saved).first().waitFor();

      // A campaign for everyone, running from today: it shows among the current ones.
      await office.getByTestId('nav-training-campaigns').click();
      await office.waitForURL('**/training/campaigns');
      await office.getByRole('tab', { name: R.campaign.all }).click();
      await office.getByTestId('campaign-create').click();
      await office.getByTestId('campaign-title').fill('保密宣传月');
      await office.getByTestId('campaign-body').fill('守住秘密，人人有责。');
      await office.getByTestId('campaign-save').click();
      await office.getByTestId('campaign-upload').waitFor();
      await office.keyboard.press('Escape');
      await expect.poll(text(office, 'campaigns-all')).toContain('保密宣传月');
      await office.getByRole('tab', { name: R.campaign.mine }).click();
      await expect.poll(text(office, 'campaigns-mine')).toContain('守住秘密，人人有责。');

      await office.getByTestId('nav-training-awareness').click();
      await office.waitForURL('**/training/awareness');
      await office.getByTestId('awareness-create').click();
      await office.getByTestId('awareness-title').fill('下班前锁屏');
      await office.getByTestId('awareness-body').fill('离开座位请锁屏。');
      await office.getByTestId('awareness-save').click();
      await expect.poll(text(office, 'awareness-table')).toContain('下班前锁屏');
    });

    await step('45 days on, the office sees the coverage (chart and table) and the overdue list', async () => {
      // The new course's grace period has passed: whoever of its audience has not completed it is overdue.
      moveClock(server, 45);
      await signInWithCode(office, server, 'secadmin', E2E_PASSWORD, officeAuth!);
      await expectHome(office);
      await office.getByTestId('nav-training-report').click();
      await office.waitForURL('**/training/report');
      const chart = office.getByTestId('training-coverage-chart');
      await expect.poll(async () => Number(await chart.getAttribute('data-groups'))).toBeGreaterThan(0);
      await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
      // 研发部: three people in the course's audience, two completed (online, in the session), one overdue.
      const group = office.getByTestId(`training-coverage-${DEPARTMENT}`);
      await expect
        .poll(async () => (await group.locator('td').allInnerTexts()).map((s) => s.trim()))
        .toEqual([DEPARTMENT, '3', '3', '2', '0', '1', '66.7%']);
      const overdue = office.getByTestId('training-overdue-list').getByTestId(`training-overdue-${LATE.username}`);
      await expect.poll(() => overdue.innerText()).toContain(COURSE);
      expect(await overdue.innerText()).toContain(LATE.name);
      expect(await office.getByTestId('training-overdue-list').innerText()).not.toContain(HIRE1.name);
      const state = (username: string) =>
        office.getByTestId(`training-report-row-${username}`).getByTestId('training-state').getAttribute('data-state');
      await expect.poll(() => state(LATE.username)).toBe('overdue');
      expect(await state(HIRE1.username)).toBe('completed');
      expect(await state(HIRE2.username)).toBe('completed');
    });
  });
});
