/**
 * The training report pages in the browser (TRN-03/06/12): the security office sees coverage (the chart and the
 * table by department) and the overdue list with the overdue person, changes a setting, creates a publicity
 * campaign that then shows among the current ones, and an awareness message.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { firstSignIn, launchBrowser, openPage, startE2EServer, type E2EServer } from '../../helpers/browser.js';
import type { RequestContext } from '../../../src/platform/context.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/index.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createCourse, publishCourse } from '../../../src/modules/training/services/course-service.js';
import { addMaterial } from '../../../src/modules/training/services/material-service.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { addDays } from '../../../src/modules/training/domain/audiences.js';

let browser: Browser;
let server: E2EServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const sys = await findUserByUsername(server.ctx.db, server.creds.sysadmin!.username);
  const sec = await findUserByUsername(server.ctx.db, server.creds.secadmin!.username);
  const asSys: RequestContext = { actor: toActor(sys!), ip: null, requestId: 'e2e-setup' };
  const asSec: RequestContext = { actor: toActor(sec!), ip: null, requestId: 'e2e-setup' };
  const dept = await createDepartment(server.ctx, asSys, { name: '研发部', parentId: null });
  const { user } = await createUser(server.ctx, asSys, {
    username: 'li.late',
    displayName: '李迟到',
    departmentId: dept.id,
    post: '工程师',
    businessRoles: ['employee'],
  });
  await server.ctx.db.updateTable('users').set({ hired_on: '2020-01-01' }).where('id', '=', user.id).execute();
  const course = await createCourse(server.ctx, asSec, {
    title: '新员工保密培训',
    kind: 'onboarding',
    mode: 'online',
    topics: ['basics'],
    audience: [{ kind: 'department', departmentId: dept.id }],
    description: '入职培训',
    durationMinutes: 30,
    validityMonths: null,
  });
  const withMaterial = await addMaterial(server.ctx, asSec, course.id, {
    kind: 'text',
    title: '保密须知',
    body: '不得在互联网上处理涉密信息。',
    minMinutes: 0,
  } as Parameters<typeof addMaterial>[3]);
  await publishCourse(server.ctx, asSec, course.id, { version: withMaterial.version });
  // Published two months ago: the 30 days for a new course have passed.
  const past = addDays(await todayOf(server.ctx), -60);
  await server.ctx.db.updateTable('training_courses').set({ published_on: past }).where('id', '=', course.id).execute();
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

const text = (page: Page, testid: string) => () => page.getByTestId(testid).first().innerText();

test('[TRN-03][TRN-06][TRN-12] the office sees coverage and the overdue list, manages settings, a campaign and an awareness message', async (t) => {
  const page = await openPage(t, browser, server.url);
  await firstSignIn(page, server.creds.secadmin!);

  await page.getByTestId('nav-training-report').click();
  await page.waitForURL('**/training/report');
  await expect.poll(() => page.getByTestId('training-coverage-chart').getAttribute('data-groups')).toBe('1');
  await expect.poll(() => page.locator('[data-testid="training-coverage-chart"] canvas').count()).toBeGreaterThan(0);
  await expect.poll(text(page, 'training-coverage-研发部')).toContain('0%');
  await expect.poll(text(page, 'training-overdue-li.late')).toContain('新员工保密培训');
  await expect
    .poll(() =>
      page.getByTestId('training-report-row-li.late').getByTestId('training-state').getAttribute('data-state'),
    )
    .toBe('overdue');

  // A setting.
  await page.getByTestId('training-settings-reminderDays').fill('10');
  await page.getByTestId('training-settings-save').click();
  await expect.poll(() => page.getByText('培训设置已保存').count()).toBeGreaterThan(0);

  // A campaign for everyone, running from today: it shows among the current ones.
  await page.getByTestId('nav-training-campaigns').click();
  await page.waitForURL('**/training/campaigns');
  await page.getByRole('tab', { name: '全部宣传活动' }).click();
  await page.getByTestId('campaign-create').click();
  await page.getByTestId('campaign-title').fill('保密宣传月');
  await page.getByTestId('campaign-body').fill('守住秘密，人人有责。');
  await page.getByTestId('campaign-save').click();
  await page.getByTestId('campaign-upload').waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(text(page, 'campaigns-all')).toContain('保密宣传月');
  await page.getByRole('tab', { name: '当前的保密宣传' }).click();
  await expect.poll(text(page, 'campaigns-mine')).toContain('守住秘密，人人有责。');

  // An awareness message.
  await page.getByTestId('nav-training-awareness').click();
  await page.waitForURL('**/training/awareness');
  await page.getByTestId('awareness-create').click();
  await page.getByTestId('awareness-title').fill('下班前锁屏');
  await page.getByTestId('awareness-body').fill('离开座位请锁屏。');
  await page.getByTestId('awareness-save').click();
  await expect.poll(text(page, 'awareness-table')).toContain('下班前锁屏');
});
