/**
 * Run now (POST /api/jobs/:name/run): the system administrator starts a job at once; it runs in the background and
 * its run appears in the history; audited. Refused: other roles (403), an unknown or malformed name, a body, a job
 * turned off (scheduled backups), a job whose lease a run holds. A failed backup drill is recorded with its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import type { JobRun } from '../../../src/platform/jobs/contracts.js';
import type { BackupScheduleView } from '../../../src/platform/backup/schedule-contracts.js';
import type { OverviewResponse } from '../../../src/platform/workbench/contracts.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details?: { problem?: string } } }).error.details?.problem;

describe.each(DB_KINDS)('running a job now on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let employee: Agent;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    employee = await t.employee('run.now');
  });
  afterAll(() => t.close());

  const runsOf = async (job: string) =>
    ((await sys.get(`/api/job-runs?job=${job}`)).json() as { items: JobRun[] }).items;

  it('starts the job at once; its run appears in the history, and the start is audited', async () => {
    const before = await t.auditHead();
    const res = await sys.post('/api/jobs/sessions.cleanup/run');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ job: 'sessions.cleanup', started: true });
    await expect.poll(async () => (await runsOf('sessions.cleanup')).map((r) => r.outcome)).toEqual(['ok']);
    expect((await runsOf('sessions.cleanup'))[0]!.summary).toMatch(/^deleted \d+$/);
    expect(
      (await auditRowsAfter(t, before))
        .filter((e) => e.action === 'jobs.run_now')
        .map((e) => [e.result, e.target_type, e.target_id]),
    ).toEqual([['success', 'job', 'sessions.cleanup']]);
    // The lease is free again: it may be run once more.
    await expect.poll(async () => (await sys.post('/api/jobs/sessions.cleanup/run')).statusCode).toBe(200);
    await expect.poll(async () => (await runsOf('sessions.cleanup')).length).toBe(2);
  });

  it('is the system administrator’s alone', async () => {
    for (const who of [sec, aud, employee])
      expectError(await who.post('/api/jobs/sessions.cleanup/run'), 403, 'forbidden');
    expectError(await t.agent().post('/api/jobs/sessions.cleanup/run'), 401, 'unauthenticated');
  });

  it('refuses an unknown or malformed name and a body, changing nothing', async () => {
    const unknown = await sys.post('/api/jobs/no.such-job/run');
    expectError(unknown, 404, 'not_found');
    expect(problemOf(unknown)).toBe('job_unknown');
    expectError(await sys.post('/api/jobs/Bad%20Name/run'), 400, 'validation_failed');
    expectError(await sys.post('/api/jobs/sessions.cleanup/run', { now: true }), 400, 'bad_request');
    expect(await runsOf('no.such-job')).toEqual([]);
  });

  it('refuses a job that is turned off: the scheduled backup before it is turned on', async () => {
    const before = await t.auditHead();
    const off = await sys.post('/api/jobs/backup/run');
    expectError(off, 409, 'conflict');
    expect(problemOf(off)).toBe('job_off');
    expect(await runsOf('backup')).toEqual([]);
    const events = (await auditRowsAfter(t, before)).filter((e) => e.action === 'jobs.run_now');
    expect(events.map((e) => [e.result, JSON.parse(String(e.details)).reason])).toEqual([['failure', 'off']]);
  });

  it('a drill run now with no backup to drill fails with its code; the history and the card give it (ADR 0035)', async () => {
    const schedule = (await sys.get('/api/settings/backup')).json() as BackupScheduleView;
    const set = async (drillEnabled: boolean, version: number) =>
      (
        await sys.put('/api/settings/backup', {
          version,
          enabled: false,
          keepCount: schedule.keepCount,
          keepDays: schedule.keepDays,
          drillEnabled,
        })
      ).json() as BackupScheduleView;
    const on = await set(true, schedule.version);
    try {
      const before = (await runsOf('backup.drill')).length;
      expect((await sys.post('/api/jobs/backup.drill/run')).statusCode).toBe(200);
      await expect.poll(async () => (await runsOf('backup.drill')).length).toBe(before + 1);
      const [run] = await runsOf('backup.drill');
      expect(run).toMatchObject({ outcome: 'failed', errorCode: 'no_backup' });
      expect(run!.error).toContain('No finished backup');
      const card = ((await sys.get('/api/workbench/overview')).json() as OverviewResponse).overviews.find(
        (o) => o.key === 'operations.backup',
      )!;
      const fact = (name: string) => card.facts.find((f) => f.name === name)?.value;
      expect([fact('drill_outcome'), fact('drill_error_code'), fact('drill_error')]).toEqual([
        'failed',
        'no_backup',
        run!.error,
      ]);
    } finally {
      await set(false, on.version);
    }
  });

  it('refuses a job a run holds the lease of (here or on another instance)', async () => {
    const far = new Date(Date.now() + 3_600_000).toISOString();
    await t.ctx.db
      .insertInto('job_leases')
      .values({
        name: 'sign-in.counters-cleanup',
        holder: 'other-instance:1',
        lease_until: far,
        last_run_at: null,
        last_result: null,
      })
      .onConflict((oc) => oc.column('name').doUpdateSet({ holder: 'other-instance:1', lease_until: far }))
      .execute();
    const busy = await sys.post('/api/jobs/sign-in.counters-cleanup/run');
    expectError(busy, 409, 'conflict');
    expect(problemOf(busy)).toBe('job_running');
    expect(await runsOf('sign-in.counters-cleanup')).toEqual([]);
  });
});
