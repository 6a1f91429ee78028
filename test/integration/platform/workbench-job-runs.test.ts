/**
 * The job-run history behind the system administrator's workbench (issue 17): the scheduler records every run — ok
 * with its summary, failed with its error — with the instance that ran it; GET /api/job-runs lists them newest
 * first, filtered by job, outcome and start, for the system administrator only; bad filters are refused. The jobs'
 * intervals are settings (issue 19): the system administrator sets them in seconds within bounds, and a running
 * scheduler picks a new one up at its next tick.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { Scheduler } from '../../../src/platform/jobs/scheduler.js';
import { main } from '../../../src/cli/index.js';
import type { JobRun, JobSettings } from '../../../src/platform/jobs/contracts.js';
import { builtinJobs } from '../../../src/platform/jobs/builtin.js';
import type { OverviewResponse } from '../../../src/platform/workbench/contracts.js';

type RunList = { items: JobRun[]; total: number; jobs: string[] };

describe.each(DB_KINDS)('job-run history on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let employee: Agent;
  let fail = true;

  beforeAll(async () => {
    t = await startTestApp(kind);
    // One after another: each admin() steps the test clock past its code, which would push a concurrent
    // enrolment's code out of the window (mfa_invalid).
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    employee = await t.employee('runs.reader');
    const scheduler = new Scheduler(t.ctx, [
      { name: 'test.ok', intervalMs: 60_000, run: async () => 'sent 3' },
      {
        name: 'test.flaky',
        intervalMs: 60_000,
        run: async () => {
          if (fail) throw new Error('smtp unreachable');
          return 'recovered';
        },
      },
    ]);
    expect(await scheduler.runDueOnce()).toEqual(['test.ok', 'test.flaky']);
    // Intervals count on the database's clock: the test clock moves the history's times, runNow the jobs.
    t.advance(61_000);
    fail = false;
    expect(await scheduler.runNow()).toEqual(['test.ok', 'test.flaky']);
    expect(await scheduler.runDueOnce()).toEqual([]);
  });
  afterAll(() => t.close());

  it('records each run, ok and failed, with the instance and its times', async () => {
    const runs = json<RunList>(await sys.get('/api/job-runs?job=test.flaky'));
    expect(runs.total).toBe(2);
    const [latest, first] = runs.items;
    expect([latest!.outcome, latest!.summary, latest!.error]).toEqual(['ok', 'recovered', null]);
    expect([first!.outcome, first!.error]).toEqual(['failed', 'smtp unreachable']);
    expect(first!.instanceId).toBe(`${os.hostname()}/${t.ctx.instanceId}`);
    expect(first!.finishedAt >= first!.startedAt).toBe(true);
    expect(latest!.startedAt > first!.startedAt).toBe(true);
    expect(runs.jobs).toEqual(expect.arrayContaining(['backup', 'mail.deliver', 'test.flaky', 'test.ok']));
    const failed = json<RunList>(await sys.get('/api/job-runs?outcome=failed'));
    expect(failed.items.map((r) => r.job)).toEqual(['test.flaky']);
    const asc = json<RunList>(await sys.get('/api/job-runs?order=asc&pageSize=1'));
    // The first tick's runs started at the same instant (the test clock stands still within it).
    expect([asc.total, asc.items[0]!.startedAt]).toEqual([4, first!.startedAt]);
  });

  it('the jobs card shows each job’s last run; red while a last run failed, normal once it recovered', async () => {
    const card = json<OverviewResponse>(await sys.get('/api/workbench/overview')).overviews.find(
      (o) => o.key === 'operations.jobs',
    )!;
    const fact = (group: string, name: string) => card.facts.find((f) => f.group === group && f.name === name)?.value;
    expect([fact('test.flaky', 'last_outcome'), fact('test.ok', 'last_outcome')]).toEqual(['ok', 'ok']);
    expect(fact('mail.deliver', 'last_run_at')).toBeNull();
    expect(card.severity).toBe('normal');
    const flaky = card.figures.find((f) => f.group === 'test.flaky')!;
    expect(flaky.count).toBe(1);
    expect(flaky.link.web).toMatch(/^\/job-runs\?job=test\.flaky&outcome=failed&from=/);
    fail = true;
    t.advance(61_000);
    await new Scheduler(t.ctx, [
      { name: 'test.flaky', intervalMs: 60_000, run: async () => Promise.reject(new Error('x')) },
    ]).runNow();
    const after = json<OverviewResponse>(await sys.get('/api/workbench/overview')).overviews.find(
      (o) => o.key === 'operations.jobs',
    )!;
    expect(after.severity).toBe('danger');
  });

  it('is the system administrator’s only (403, audited); bad filters are refused (400)', async () => {
    for (const p of [sec, aud, employee]) expectError(await p.get('/api/job-runs'), 403, 'forbidden');
    const refused = await t.ctx.db
      .selectFrom('audit_events')
      .select('result')
      .where('action', '=', 'jobs.view_runs')
      .execute();
    expect(refused.map((r) => r.result)).toEqual(['denied', 'denied', 'denied']);
    for (const q of ['outcome=maybe', 'job=Not%20a%20job', 'from=yesterday', 'page=0', 'extra=1'])
      expectError(await sys.get(`/api/job-runs?${q}`), 400, 'validation_failed');
    expectError(await t.agent().get('/api/job-runs'), 401, 'unauthenticated');
  });

  it('job intervals: listed with bounds, set in seconds, applied without a restart; bounds and rights hold', async () => {
    const view = json<JobSettings>(await sys.get('/api/settings/jobs'));
    const expire = view.jobs.find((j) => j.name === 'approvals.expire')!;
    expect(expire).toEqual({
      name: 'approvals.expire',
      intervalSeconds: 3600,
      defaultSeconds: 3600,
      minSeconds: 1,
      maxSeconds: 31 * 86_400,
    });
    expect(view.jobs.map((j) => j.name)).toContain('mail.deliver');
    const scheduler = new Scheduler(
      t.ctx,
      builtinJobs(t.ctx).filter((j) => j.name === 'approvals.expire'),
    );
    expect(await scheduler.runDueOnce()).toEqual(['approvals.expire']);
    expect(await scheduler.runDueOnce()).toEqual([]);

    const bad = async (intervals: Record<string, unknown>, status: number, code: string, problem?: string) => {
      const r = await sys.put('/api/settings/jobs', { version: view.version, intervals });
      expectError(r, status, code);
      if (problem)
        expect((JSON.parse(r.body) as { error: { details: { problem: string } } }).error.details.problem).toBe(problem);
    };
    await bad({ 'approvals.expire': 32 * 86_400 }, 400, 'validation_failed', 'interval_above_maximum');
    await bad({ 'no.such-job': 60 }, 400, 'validation_failed', 'job_unknown');
    await bad({ 'approvals.expire': 0 }, 400, 'validation_failed');
    await bad({ 'approvals.expire': 1.5 }, 400, 'validation_failed');
    expectError(
      await sys.put('/api/settings/jobs', { version: view.version, intervals: {}, extra: 1 }),
      400,
      'validation_failed',
    );
    for (const p of [sec, aud, employee]) {
      expectError(await p.get('/api/settings/jobs'), 403, 'forbidden');
      expectError(await p.put('/api/settings/jobs', { version: 0, intervals: {} }), 403, 'forbidden');
    }

    const saved = json<JobSettings>(
      await sys.put('/api/settings/jobs', {
        version: view.version,
        intervals: { 'approvals.expire': 1, 'mail.deliver': 30 },
      }),
    );
    expect(saved.version).toBe(view.version + 1);
    expect(saved.jobs.find((j) => j.name === 'approvals.expire')?.intervalSeconds).toBe(1);
    expectError(await sys.put('/api/settings/jobs', { version: view.version, intervals: {} }), 409, 'stale_version');
    // The same scheduler, not restarted, runs it again once a second has passed on the database's clock.
    await vi.waitFor(async () => expect(await scheduler.runDueOnce()).toEqual(['approvals.expire']), {
      timeout: 5000,
      interval: 200,
    });
    const change = await t.ctx.db
      .selectFrom('audit_events')
      .select(['details', 'result'])
      .where('action', '=', 'settings.update')
      .where('target_id', '=', 'job_intervals')
      .where('result', '=', 'success')
      .executeTakeFirstOrThrow();
    // mail.deliver at its built-in 30 s is not stored: it follows the built-in interval.
    expect(JSON.parse(change.details)).toEqual({ changed: { 'approvals.expire': { from: null, to: 1 } } });
    // Back to the built-in interval.
    const reset = json<JobSettings>(await sys.put('/api/settings/jobs', { version: saved.version, intervals: {} }));
    expect(reset.jobs.find((j) => j.name === 'approvals.expire')?.intervalSeconds).toBe(3600);
  });

  it.runIf(kind === 'sqlite')('baomi backup records the backup it wrote: when, where, its size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-cli-backup-'));
    const saved = { url: process.env.DATABASE_URL, data: process.env.BAOMI_DATA_DIR, exit: process.exitCode };
    const printed: string[] = [];
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    const spyErr = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    delete process.env.DATABASE_URL; // SQLite: the data directory's database
    process.env.BAOMI_DATA_DIR = t.db.dataDir;
    try {
      await main(['node', 'baomi', 'backup', dir, '--json']);
      expect(process.exitCode ?? 0, errors.join('\n')).toBe(0);
    } finally {
      spy.mockRestore();
      spyErr.mockRestore();
      process.exitCode = saved.exit;
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      if (saved.data === undefined) delete process.env.BAOMI_DATA_DIR;
      else process.env.BAOMI_DATA_DIR = saved.data;
    }
    const written = (JSON.parse(printed.join('\n')) as { dir: string }).dir;
    const runs = json<RunList>(await sys.get('/api/job-runs?job=backup'));
    expect(runs.items.map((r) => [r.outcome, r.summary])).toEqual([['ok', written]]);
    expect(runs.items[0]!.bytes).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
