/**
 * The job-run history behind the system administrator's workbench (issue 17): the scheduler records every run — ok
 * with its summary, failed with its error — with the instance that ran it; GET /api/job-runs lists them newest
 * first, filtered by job, outcome and start, for the system administrator only; bad filters are refused.
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
import type { JobRun } from '../../../src/platform/jobs/contracts.js';
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
    [sys, sec, aud] = await Promise.all([t.admin('sysadmin'), t.admin('secadmin'), t.admin('auditor')]);
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
    t.advance(61_000);
    fail = false;
    await scheduler.runDueOnce();
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
    ]).runDueOnce();
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
