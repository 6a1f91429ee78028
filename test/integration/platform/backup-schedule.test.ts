/**
 * Scheduled backups and drills (issue 20, ADR 0031): the system administrator turns the schedule on and sets the
 * retention; the `backup` job then runs at its interval (a second here) into the configured folder and its history
 * shows each run; the retention prunes but keeps the newest; an unwritable folder records the failure and tells the
 * system administrators once; an overdue backup is told once; the drill's result is on the workbench card.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, STRONG_PASSWORD, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { Scheduler } from '../../../src/platform/jobs/scheduler.js';
import { builtinJobs } from '../../../src/platform/jobs/builtin.js';
import type { JobRun, JobSettings } from '../../../src/platform/jobs/contracts.js';
import type { BackupScheduleView } from '../../../src/platform/backup/schedule-contracts.js';
import type { OverviewResponse } from '../../../src/platform/workbench/contracts.js';
import { BACKUP_CODE_TEXTS } from '../../../src/platform/contracts/backup-failures.js';

type RunList = { items: JobRun[]; total: number };
type Notices = { items: { kind: string; texts: Record<'zh-CN' | 'en-US', { title: string; body: string }> }[] };

describe.each(DB_KINDS)('[IT-06] scheduled backups on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let scheduler: Scheduler;
  let view: BackupScheduleView;

  const runs = async (job: string) => json<RunList>(await sys.get(`/api/job-runs?job=${job}&pageSize=50`));
  const backupCard = async () =>
    json<OverviewResponse>(await sys.get('/api/workbench/overview')).overviews.find(
      (o) => o.key === 'operations.backup',
    )!;
  const fact = (card: Awaited<ReturnType<typeof backupCard>>, name: string) =>
    card.facts.find((f) => f.name === name)?.value;
  const notices = async (kind: string) =>
    json<Notices>(await sys.get('/api/notifications?pageSize=100')).items.filter((n) => n.kind === kind);
  const folders = () =>
    fs
      .readdirSync(view.targetDir)
      .filter((n) => n.startsWith('baomi-'))
      .sort();
  /** The trail's backup events of one action, oldest first. */
  const audited = (action: string) =>
    t.ctx.db
      .selectFrom('audit_events')
      .select(['target_id', 'result'])
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  /** After the test clock moved past the idle timeout. */
  const signInAgain = async () => {
    let r = await sys.login(t.creds.sysadmin!.username, STRONG_PASSWORD);
    if (json<{ stage: string }>(r).stage === 'mfa') {
      r = await sys.post('/api/auth/mfa/verify', { code: sys.totp() });
      t.advance(30_000);
    }
    expect(json<{ stage: string }>(r).stage).toBe('full');
  };
  const save = async (patch: Partial<BackupScheduleView>) => {
    const body = {
      version: view.version,
      enabled: view.enabled,
      keepCount: view.keepCount,
      keepDays: view.keepDays,
      drillEnabled: view.drillEnabled,
      ...patch,
    };
    view = json<BackupScheduleView>(await sys.put('/api/settings/backup', body));
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    scheduler = new Scheduler(
      t.ctx,
      builtinJobs(t.ctx).filter((j) => j.name.startsWith('backup')),
    );
  });
  afterAll(() => t.close());

  it('is off by default: the jobs neither run nor appear in the history; the folder is the server’s', async () => {
    view = json<BackupScheduleView>(await sys.get('/api/settings/backup'));
    expect(view).toMatchObject({
      version: 0,
      enabled: false,
      enabledAt: null,
      keepCount: 14,
      keepDays: null,
      drillEnabled: false,
      targetDir: path.join(t.db.dataDir, 'backups'),
      intervalSeconds: 86_400,
      drillIntervalSeconds: 7 * 86_400,
      overdueAfterSeconds: 86_400 + 6 * 3600,
    });
    expect(await scheduler.runDueOnce()).toEqual([]);
    expect((await runs('backup')).total).toBe(0);
    expect(fact(await backupCard(), 'scheduled')).toBe('off');
  });

  it('is the system administrator’s; strict input; the folder cannot be set from the web', async () => {
    expectError(await sec.get('/api/settings/backup'), 403, 'forbidden');
    const body = { version: 0, enabled: true, keepCount: 2, keepDays: null, drillEnabled: false };
    expectError(await sec.put('/api/settings/backup', body), 403, 'forbidden');
    for (const bad of [
      { ...body, targetDir: '/tmp' },
      { ...body, keepCount: 0 },
      { ...body, keepDays: 3651 },
      { ...body, keepCount: 1.5 },
      { version: 0, enabled: true },
    ])
      expectError(await sys.put('/api/settings/backup', bad), 400, 'validation_failed');
    expectError(await sys.put('/api/settings/backup', { ...body, version: 7 }), 409, 'stale_version');
  });

  it('runs at a seconds-long interval once on; the history shows each backup with its folder and size', async () => {
    const jobs = json<JobSettings>(await sys.get('/api/settings/jobs'));
    await sys.put('/api/settings/jobs', { version: jobs.version, intervals: { backup: 1 } });
    await save({ enabled: true, keepCount: 2 });
    expect([view.enabled, view.enabledAt, view.intervalSeconds]).toEqual([true, t.ctx.now().toISOString(), 1]);
    const change = await t.ctx.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'settings.update')
      .where('target_id', '=', 'backup_schedule')
      .where('result', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(change.details).changed.enabled).toEqual({ from: false, to: true });

    expect(await scheduler.runDueOnce()).toEqual(['backup', 'backup.watch']);
    // Due again once a second has passed on the database's clock (the test clock names the folders).
    t.advance(60_000);
    await vi.waitFor(async () => expect(await scheduler.runDueOnce()).toContain('backup'), {
      timeout: 5000,
      interval: 200,
    });
    const history = await runs('backup');
    expect(history.items.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    for (const r of history.items) {
      expect(fs.existsSync(path.join(r.summary!, 'manifest.json'))).toBe(true);
      expect(r.bytes).toBeGreaterThan(0);
    }
    expect(folders()).toHaveLength(2);
    const card = await backupCard();
    expect([card.severity, fact(card, 'scheduled'), fact(card, 'overdue')]).toEqual(['normal', 'on', 'no']);
    expect(fact(card, 'last_good_where')).toBe(history.items[0]!.summary);
  });

  it('the retention keeps the newest two and deletes older backups (never the newest)', async () => {
    const before = folders();
    t.advance(60_000);
    expect(await scheduler.runNow(['backup'])).toEqual(['backup']);
    const after = folders();
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    expect(after[0]).toBe(before[1]);
    // A deleted backup is in the audit trail, as is every backup made.
    expect(await audited('backup.prune')).toEqual([{ target_id: before[0], result: 'success' }]);
    expect((await audited('backup.create')).map((e) => e.target_id)).toEqual(expect.arrayContaining(after));
    // An unfinished folder (no manifest) is not the retention's to judge.
    fs.mkdirSync(path.join(view.targetDir, 'baomi-20200101T000000Z'));
    await save({ keepCount: 1 });
    t.advance(60_000);
    await scheduler.runNow(['backup']);
    expect(folders()).toEqual(['baomi-20200101T000000Z', expect.stringMatching(/^baomi-2026/)]);
    fs.rmSync(path.join(view.targetDir, 'baomi-20200101T000000Z'), { recursive: true });
  });

  it('the drill restores the latest backup; its result is on the workbench card, a tampered backup fails it', async () => {
    expect(await scheduler.runNow(['backup.drill'])).toEqual([]); // off
    await save({ drillEnabled: true });
    expect(await scheduler.runNow(['backup.drill'])).toEqual(['backup.drill']);
    let card = await backupCard();
    expect([fact(card, 'drill_outcome'), fact(card, 'drill_error')]).toEqual(['ok', null]);
    expect(fact(card, 'drill_summary')).toMatch(/^baomi-2026\S+: \d+ audit events/);
    expect(typeof fact(card, 'drill_ms')).toBe('number');

    // One byte changed in the latest backup's largest file (its database).
    const latest = path.join(view.targetDir, folders().at(-1)!);
    const file = fs
      .readdirSync(latest, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'manifest.json')
      .map((e) => path.join(e.parentPath, e.name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
    const original = fs.readFileSync(file);
    const changed = Buffer.from(original);
    changed.writeUInt8(changed.readUInt8(changed.length >> 1) ^ 0xff, changed.length >> 1);
    fs.writeFileSync(file, changed);
    try {
      t.advance(60_000);
      await scheduler.runNow(['backup.drill']);
      t.advance(60_000);
      await scheduler.runNow(['backup.drill']);
    } finally {
      fs.writeFileSync(file, original);
    }
    card = await backupCard();
    expect([fact(card, 'drill_outcome'), card.severity]).toEqual(['failed', 'warning']);
    expect(fact(card, 'drill_error')).toContain(path.basename(latest));
    // Why, as a code: the changed byte fails the file's checksum (ADR 0035); the run, the card and the notice say it.
    expect(fact(card, 'drill_error_code')).toBe('checksum_mismatch');
    const drills = (await runs('backup.drill')).items;
    expect(drills.slice(0, 2).map((r) => [r.outcome, r.errorCode])).toEqual([
      ['failed', 'checksum_mismatch'],
      ['failed', 'checksum_mismatch'],
    ]);
    expect(drills.at(-1)).toMatchObject({ outcome: 'ok', errorCode: null });
    const drillNotices = await notices('backupDrillFailed');
    expect(drillNotices.map((n) => n.texts['en-US'].title)).toEqual(['Restore drill failed']);
    expect(drillNotices[0]!.texts['zh-CN'].body).toContain(BACKUP_CODE_TEXTS.backupFailure['zh-CN'].checksum_mismatch);
    expect(drillNotices[0]!.texts['zh-CN'].body).toContain('does not match its checksum'); // the English detail
    expect(drillNotices[0]!.texts['en-US'].body).toContain(BACKUP_CODE_TEXTS.backupFailure['en-US'].checksum_mismatch);
    expect((await audited('backup.drill')).map((e) => [e.target_id, e.result])).toEqual([
      [path.basename(latest), 'success'],
      [path.basename(latest), 'failure'],
      [path.basename(latest), 'failure'],
    ]);

    // Restored, it passes again; with keepCount 1 the retention keeps it beside newer, undrilled backups.
    t.advance(60_000);
    await scheduler.runNow(['backup.drill']);
    expect(fact(await backupCard(), 'drill_outcome')).toBe('ok');
    for (let i = 0; i < 2; i++) {
      t.advance(60_000);
      expect(await scheduler.runNow(['backup'])).toEqual(['backup']);
    }
    const kept = folders();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toBe(path.basename(latest));
    await save({ drillEnabled: false });
  });

  it('an unwritable folder records each failed run and tells the system administrators once', async () => {
    const blocker = path.join(t.db.dataDir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the backup folder should be');
    const configured = t.ctx.config.backupDir;
    t.ctx.config.backupDir = path.join(blocker, 'backups');
    try {
      for (let i = 0; i < 2; i++) {
        t.advance(60_000);
        expect(await scheduler.runNow(['backup'])).toEqual(['backup']);
      }
    } finally {
      t.ctx.config.backupDir = configured;
    }
    const failed = json<RunList>(await sys.get('/api/job-runs?job=backup&outcome=failed'));
    expect(failed.total).toBe(2);
    expect(failed.items[0]!.error).toMatch(/ENOTDIR|not a directory|EEXIST/i);
    // Why, as a code (ADR 0035): the run, the card and the notice say it in the reader's language.
    expect(failed.items.map((r) => r.errorCode)).toEqual(['target_not_writable', 'target_not_writable']);
    const stored = await t.ctx.db
      .selectFrom('job_runs')
      .select('error_code')
      .where('outcome', '=', 'failed')
      .where('job', '=', 'backup')
      .execute();
    expect(stored.map((r) => r.error_code)).toEqual(['target_not_writable', 'target_not_writable']);
    expect((await audited('backup.create')).filter((e) => e.result === 'failure')).toHaveLength(2);
    const told = await notices('backupFailed');
    expect(told).toHaveLength(1);
    expect(told[0]!.texts['zh-CN'].body).toContain(path.join(blocker, 'backups'));
    expect(told[0]!.texts['zh-CN'].body).toContain(BACKUP_CODE_TEXTS.backupFailure['zh-CN'].target_not_writable);
    expect(told[0]!.texts['zh-CN'].body).toContain(`技术详情：${failed.items[0]!.error}`);
    expect(told[0]!.texts['en-US'].body).toContain(BACKUP_CODE_TEXTS.backupFailure['en-US'].target_not_writable);
    const card = await backupCard();
    expect([fact(card, 'last_outcome'), fact(card, 'last_error_code')]).toEqual(['failed', 'target_not_writable']);
    expect(fact(card, 'last_error')).toBe(failed.items[0]!.error);
  });

  it('an overdue backup is told once per condition, and the card turns red', async () => {
    const good = (await runs('backup')).items.find((r) => r.outcome === 'ok')!;
    // The interval (1 s) plus its grace (at least 10 minutes) has passed since the last good backup.
    t.advance(11 * 60_000);
    for (let i = 0; i < 2; i++) expect(await scheduler.runNow(['backup.watch'])).toEqual(['backup.watch']);
    await signInAgain();
    const told = await notices('backupOverdue');
    expect(told).toHaveLength(1);
    expect(told[0]!.texts['en-US'].body).toContain('last good backup');
    const card = await backupCard();
    expect([card.severity, fact(card, 'overdue')]).toEqual(['danger', 'yes']);
    expect(fact(card, 'last_good_at')).toBe(good.finishedAt);
    // Turned off: no longer overdue, and the jobs stop.
    await save({ enabled: false, drillEnabled: false });
    expect(fact(await backupCard(), 'overdue')).toBe('no');
    expect(await scheduler.runNow()).toEqual([]);
  });
});
