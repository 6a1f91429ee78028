/**
 * The workbench (工作台) in the browser, per role (issue 17): each person signs in and lands on the workbench — the
 * menu says 工作台, no 「请从左侧菜单选择功能」 — and follows one card to the list it counts, filtered the same way:
 * the office a bar's figure (secret items being proposed) to the catalogue; the auditor the refusals' total to the
 * trail filtered by result and dates; the system administrator a job to its runs; an employee a to-do card, with no
 * overview cards at all. One server; people, a proposal, a refusal, a job run and a backup seeded through the services.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  startE2EServer,
  submitLogin,
  E2E_PASSWORD,
  expectHome,
  type E2EServer,
} from '../../helpers/browser.js';
import { signedIn } from '../../helpers/signed-in.js';
import { personPage } from '../people/support.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../../../src/platform/context.js';
import { createDepartment } from '../../../src/modules/identity/services/department-service.js';
import { createUser, updateUserSecurity } from '../../../src/modules/identity/services/user-service.js';
import { findUserByUsername, toActor } from '../../../src/modules/identity/repositories/user-repo.js';
import { appointClassifier } from '../../../src/modules/classification/services/classifier-service.js';
import { proposeItem } from '../../../src/modules/classification/services/item-service.js';
import { listJobRuns, recordJobRun } from '../../../src/platform/jobs/job-runs.js';
import { recordedBackup } from '../../../src/platform/backup/backup-record.js';
import { zhCN as W } from '../../../web/src/app/workbench/i18n/zh-CN.js';

let browser: Browser;
let server: E2EServer;
let employeeOtp = '';
const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-e2e-backups-'));

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startE2EServer('sqlite')]);
  const { ctx } = server;
  const rcOf = async (username: string): Promise<RequestContext> => ({
    actor: toActor((await findUserByUsername(ctx.db, username))!),
    ip: null,
    requestId: 'e2e-setup',
  });
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const dept = (await createDepartment(ctx, await rcOf('sysadmin'), { name: '研发部', parentId: root.id })).id;
  const leader = await createUser(ctx, SYSTEM_CONTEXT, {
    username: 'leader',
    displayName: '王总',
    departmentId: root.id,
    businessRoles: ['leadership'],
  });
  await updateUserSecurity(ctx, SYSTEM_CONTEXT, leader.user.id, {
    version: leader.user.version!,
    clearanceClass: 'core',
  });
  const officer = await createUser(ctx, SYSTEM_CONTEXT, {
    username: 'officer.a',
    displayName: '周保密',
    departmentId: dept,
    businessRoles: ['dept_officer'],
  });
  await updateUserSecurity(ctx, SYSTEM_CONTEXT, officer.user.id, {
    version: officer.user.version!,
    clearanceClass: 'important',
  });
  // The department's head approves the proposal's first step.
  const head = await createUser(ctx, SYSTEM_CONTEXT, {
    username: 'head.a',
    displayName: '林主任',
    departmentId: dept,
    businessRoles: ['dept_head'],
  });
  await updateUserSecurity(ctx, SYSTEM_CONTEXT, head.user.id, {
    version: head.user.version!,
    clearanceClass: 'important',
  });
  employeeOtp = (
    await createUser(ctx, SYSTEM_CONTEXT, {
      username: 'zhangwei',
      displayName: '张伟',
      departmentId: dept,
      businessRoles: ['employee'],
    })
  ).oneTimePassword;
  await appointClassifier(ctx, await rcOf('secadmin'), {
    userId: leader.user.id,
    kind: 'statutory',
    maxLevel: 'top_secret',
  });
  // A secret item being proposed: the office's chart has a bar to follow.
  await proposeItem(ctx, await rcOf('officer.a'), {
    title: '新型号发动机研制方案',
    content: '推力 120 kN。',
    category: 'research_result',
    level: 'secret',
    basis: '本单位保密事项一览表第3条',
    period: { value: 10, unit: 'years' },
    declassifyCondition: null,
    classifierId: leader.user.id,
    origin: 'original',
    departmentId: dept,
    scope: [{ kind: 'department', ref: dept }],
    reason: '需要定密',
  });
  // The system administrator's history: a failed mail delivery and a good backup.
  await recordJobRun(ctx, {
    job: 'mail.deliver',
    startedAt: ctx.now().toISOString(),
    outcome: 'failed',
    error: 'smtp unreachable',
  });
  await recordedBackup(ctx, backups);
  // A refusal the auditor reviews (an administrator's): the office may not read the job history.
  const page = { page: 1, pageSize: 1, order: 'desc' } as const;
  await expect(listJobRuns(ctx, await rcOf('secadmin'), {}, page, [])).rejects.toThrow(/not allowed/);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
  fs.rmSync(backups, { recursive: true, force: true });
});

/** The workbench as the signed-in person lands on it: the menu says 工作台, the old hint is gone. */
async function expectWorkbench(page: Page): Promise<void> {
  await page.getByTestId('workbench-profile').waitFor();
  expect(await page.getByTestId('nav-home').innerText()).toContain('工作台');
  expect(await page.locator('body').innerText()).not.toContain('请从左侧菜单选择功能');
}

describe('the workbench per role', () => {
  test('the office follows a figure of its items by level and status to the catalogue filtered the same way', async (t) => {
    const page = await personPage(t, browser, server, 'secadmin');
    await signedIn(page, server.creds.secadmin!);
    await expectWorkbench(page);
    await page.getByTestId('overview-items-chart').waitFor();
    const figure = page.getByTestId('items-secret-proposed');
    expect(await figure.innerText()).toBe('1');
    await figure.click();
    await page.waitForURL((u) => u.pathname === '/items' && u.search === '?level=secret&status=proposed');
    await expect.poll(() => page.getByTestId('item-total').innerText()).toBe('共 1 项');
    expect(await page.getByTestId('item-filter-level').innerText()).toContain('机密');
    expect(await page.getByTestId('item-filter-status').innerText()).toContain('待定密');
  });

  test('the auditor follows the refusals to the trail filtered by result and dates, and sees the chain unverified', async (t) => {
    const page = await personPage(t, browser, server, 'auditor');
    await signedIn(page, server.creds.auditor!);
    await expectWorkbench(page);
    await page.getByTestId('overview-refusals-chart').waitFor();
    expect(await page.getByTestId('overview-chain').getAttribute('data-severity')).toBe('warning');
    expect(await page.getByTestId('chain-result').innerText()).toBe(W.chain.result.none);
    const total = page.getByTestId('overview-refusals-total');
    await expect.poll(() => page.getByTestId('overview-refusals').getAttribute('data-total')).not.toBe('0');
    await total.click();
    await page.waitForURL((u) => u.pathname === '/audit' && u.searchParams.get('result') === 'denied');
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d\d-\d\dT16:00:00\.000Z$/); // midnight in Beijing
    expect(await page.getByTestId('audit-result').innerText()).toContain('拒绝');
    await expect.poll(() => page.getByTestId('audit-table').innerText()).toContain('查看任务运行记录');
    expect(await page.getByTestId('audit-table').innerText()).not.toContain('成功');
  });

  test('the system administrator sees the backup and follows a failed job to its runs', async (t) => {
    const page = await personPage(t, browser, server, 'sysadmin');
    await signedIn(page, server.creds.sysadmin!);
    await expectWorkbench(page);
    expect(await page.getByTestId('overview-backup').getAttribute('data-severity')).toBe('normal');
    expect(await page.getByTestId('backup-age').innerText()).toContain(W.backup.today);
    expect(await page.getByTestId('overview-jobs').getAttribute('data-severity')).toBe('danger');
    // No schedule and no drill yet: the card says so.
    expect(await page.getByTestId('backup-schedule-off').innerText()).toBe(W.backup.scheduleOff);
    expect(await page.getByTestId('backup-drill-result').innerText()).toBe(W.backup.drillNever);
    await page.getByTestId('job-mail.deliver').click();
    await page.waitForURL((u) => u.pathname === '/job-runs' && u.search === '?job=mail.deliver');
    await expect.poll(() => page.getByTestId('runs-table').innerText()).toContain('smtp unreachable');
    expect(await page.getByTestId('runs-job').innerText()).toContain(W.job.mail_deliver);
    expect(await page.getByTestId('runs-table').innerText()).not.toContain(W.job.backup);
    // The backup schedule: the folder is the server's, shown read only; turning the schedule on is saved.
    const folder = path.join(server.ctx.config.dataDir, 'backups');
    await expect.poll(() => page.getByTestId('backup-folder').innerText()).toBe(folder);
    await page.getByTestId('backup-enabled').click();
    await page.getByTestId('backup-schedule-save').click();
    await page.getByText(W.schedule.saved).waitFor();
    await expect.poll(() => page.getByTestId('backup-schedule').innerText()).toContain(W.schedule.since);
    // Run now: the backup starts at once, and a refresh of its history shows the new run beside the recorded one.
    await page.goto('/job-runs?job=backup');
    const runs = page.getByTestId('runs-table');
    await expect.poll(() => runs.getAttribute('data-total')).toBe('1');
    await page.getByTestId('run-now-backup').click();
    await page.getByText(W.intervals.started.replace('{{job}}', W.job.backup)).waitFor();
    await expect
      .poll(
        async () => {
          await page.getByTestId('runs-refresh').click();
          return runs.getAttribute('data-total');
        },
        { timeout: 60_000 },
      )
      .toBe('2');
    await expect.poll(() => runs.innerText()).not.toContain(W.outcome.failed);

    // A backup that failed on a full disk and a drill that found a damaged file read in Chinese by their codes, the
    // server's English message beneath as the technical detail (ADR 0035).
    const { ctx } = server;
    const diskFull = 'ENOSPC: no space left on device, write';
    const damaged = 'baomi-x: The backup is damaged or was altered: blobs/ab/cd does not match its checksum';
    await recordJobRun(ctx, {
      job: 'backup',
      startedAt: ctx.now().toISOString(),
      outcome: 'failed',
      error: diskFull,
      errorCode: 'disk_full',
    });
    await recordJobRun(ctx, {
      job: 'backup.drill',
      startedAt: ctx.now().toISOString(),
      outcome: 'failed',
      error: damaged,
      errorCode: 'checksum_mismatch',
    });
    await page.goto('/');
    const lastFailed = page.getByTestId('backup-last-failed');
    await expect.poll(() => lastFailed.innerText()).toContain(W.backupFailure.disk_full);
    expect(await lastFailed.innerText()).toContain(W.backup.detail.replace('{{error}}', diskFull));
    const drill = page.getByTestId('backup-drill-result');
    expect(await drill.getAttribute('data-outcome')).toBe('failed');
    expect(await drill.innerText()).toContain(W.backupFailure.checksum_mismatch);
    expect(await drill.innerText()).not.toContain('damaged');
    expect(await page.getByTestId('backup-drill-detail').innerText()).toBe(
      W.backup.detail.replace('{{error}}', damaged),
    );
    // The history says it too.
    await page.goto('/job-runs?job=backup.drill');
    await expect.poll(() => page.getByTestId('runs-table').innerText()).toContain(W.backupFailure.checksum_mismatch);
    expect(await page.getByTestId('runs-table').innerText()).toContain(damaged);
  });

  test('an employee gets the to-do cards and no overview, and follows a card to its list', async (t) => {
    const page = await personPage(t, browser, server, 'zhangwei');
    await submitLogin(page, 'zhangwei', employeeOtp);
    await page.waitForURL('**/login/password');
    await page.getByTestId('pw-current').fill(employeeOtp);
    await page.getByTestId('pw-new').fill(E2E_PASSWORD);
    await page.getByTestId('pw-confirm').fill(E2E_PASSWORD);
    await page.getByTestId('pw-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await expectHome(page);
    await expectWorkbench(page);
    await page.getByTestId('card-approvals.inbox').waitFor();
    expect(await page.getByTestId('workbench-overview').count()).toBe(0);
    expect(await page.getByTestId('nav-job-runs').count()).toBe(0);
    await page.getByTestId('card-approvals.inbox').click();
    await page.waitForURL((u) => u.pathname === '/approvals');
    // The job history is not theirs: the page says so (and the server refuses the list).
    await page.goto('/job-runs');
    await page.getByText('无权访问此页面').waitFor();
  });
});
