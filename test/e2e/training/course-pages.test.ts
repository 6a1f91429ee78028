/**
 * The course pages in the browser (TRN-03/09): the security office creates a course, writes a text material and
 * publishes it from the editor; a person opens it from the catalogue, works through its material, completes it and
 * gets the certificate of completion.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  E2E_PASSWORD,
  firstSignIn,
  launchBrowser,
  openPage,
  startE2EServer,
  submitLogin,
  type E2EServer,
} from '../../helpers/browser.js';
import type { RequestContext } from '../../../src/platform/context.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/index.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';

let browser: Browser;
let server: E2EServer;
let oneTimePassword = '';
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const sys = await findUserByUsername(server.ctx.db, server.creds.sysadmin!.username);
  const asSys: RequestContext = { actor: toActor(sys!), ip: null, requestId: 'e2e-setup' };
  const root = await server.ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  ({ oneTimePassword } = await createUser(server.ctx, asSys, {
    username: 'zhang.learn',
    displayName: '张学习',
    departmentId: root.id,
    post: '工程师',
    businessRoles: ['employee'],
  }));
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

test('[TRN-03][TRN-09] the office writes and publishes a course; a person completes it online and gets the certificate', async (t) => {
  const office = await openPage(t, browser, server.url);
  await firstSignIn(office, server.creds.secadmin!);
  await office.getByTestId('nav-training-courses').click();
  await office.waitForURL('**/training/courses');
  await office.getByTestId('course-create').click();
  await office.getByTestId('course-new-title').fill('保密基础知识（线上）');
  await office.getByTestId('course-create-ok').click();
  await office.waitForURL(/\/training\/courses\/[0-9a-f-]{36}\/edit$/);
  const courseId = /courses\/([0-9a-f-]{36})\/edit/.exec(office.url())![1]!;

  await office.getByTestId('material-add').click();
  await office.getByTestId('material-title').fill('保密须知');
  await office.getByTestId('material-body').fill('## 保密须知\n\n**不得**在互联网上处理涉密信息。');
  await office.getByTestId('material-save').click();
  await expect.poll(() => office.getByTestId('material-list').innerText()).toContain('保密须知');
  await office.getByTestId('course-publish').click();
  await office.getByTestId('course-publish-confirm').click();
  await expect.poll(() => office.getByTestId('course-status').getAttribute('data-status')).toBe('published');

  const person = await openPage(t, browser, server.url);
  await submitLogin(person, 'zhang.learn', oneTimePassword);
  await person.waitForURL('**/login/password');
  await person.getByTestId('pw-current').fill(oneTimePassword);
  await person.getByTestId('pw-new').fill(E2E_PASSWORD);
  await person.getByTestId('pw-confirm').fill(E2E_PASSWORD);
  await person.getByTestId('pw-submit').click();
  await person.waitForURL((u) => u.pathname === '/');
  await person.getByTestId('nav-training-courses').click();
  await person.waitForURL('**/training/courses');
  await person.getByTestId(`course-row-${courseId}`).getByTestId('course-open').click();
  await person.waitForURL(`**/training/courses/${courseId}`);
  await expect.poll(() => person.getByTestId('course-title').innerText()).toContain('保密基础知识（线上）');

  await person.getByTestId('learn-material-0').click();
  await expect.poll(() => person.getByTestId('learn-text').innerHTML()).toContain('<strong>不得</strong>');
  await person.getByTestId('learn-finish').click();
  await person.getByTestId('course-completed').waitFor();
  await expect.poll(() => person.getByTestId('course-completed').innerText()).toMatch(/TRN-\d{4}-\d{6}/);
  const href = await person.getByTestId('course-completed').getByTestId('certificate-link').getAttribute('href');
  expect(href).toMatch(/^\/api\/training\/completions\/[0-9a-f-]{36}\/certificate\.pdf\?lang=zh-CN$/);
  const pdf = await person.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await expect.poll(() => person.getByTestId('course-progress').getAttribute('data-percent')).toBe('100');
});
