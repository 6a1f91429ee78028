// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { auditAlone, newId, SYSTEM_CONTEXT, type AppContext } from '../../../src/platform/context.js';
import { Scheduler, type JobDef } from '../../../src/platform/jobs/scheduler.js';
import { builtinJobs, signAuditHead } from '../../../src/platform/jobs/builtin.js';
import { cleanupSessions, remindPasswordExpiry } from '../../../src/modules/identity/jobs.js';
import { initialiseOrganisation } from '../../../src/modules/identity/services/setup-service.js';
import { checkpointStoreOf } from '../../../src/platform/audit/checkpoints.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';

const DAY = 86_400_000;

function openContext(db: FreshDatabase, now: () => Date): Promise<AppContext> {
  const config = loadConfig(
    {},
    { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
  );
  return createContext(config, { log: pino({ level: 'silent' }), now });
}

describe.each(DB_KINDS)('scheduler and built-in jobs on %s', (kind) => {
  let db: FreshDatabase;
  let a: AppContext;
  let b: AppContext;
  let clock = Date.parse('2026-03-01T08:00:00.000Z');
  const now = () => new Date(clock);
  const advance = (ms: number) => {
    clock += ms;
  };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    // Two contexts on one database: two server instances.
    a = await openContext(db, now);
    b = await openContext(db, now);
    await initialiseOrganisation(a);
  });
  afterAll(async () => {
    await a?.handle.close();
    await b?.handle.close();
    await db?.cleanup();
  });

  function countingJob(
    name: string,
    intervalMs: number,
    body?: () => Promise<string | void>,
  ): JobDef & { runs: number } {
    const job = {
      name,
      intervalMs,
      runs: 0,
      async run() {
        job.runs++;
        return body ? body() : undefined;
      },
    };
    return job;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs a due job once across instances, then not again before its interval by the database clock', async () => {
    // The job holds its lease until the gate opens: the other instances try while it is held, one of them with
    // its own clock an hour ahead (a drifting host): the lease is the database's, so it cannot take it either.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const job = countingJob('test.lease', 400, () => gate);
    const skewed = await openContext(db, () => new Date(Date.now() + 3_600_000));
    try {
      const s1 = new Scheduler(a, [job]);
      const s2 = new Scheduler(b, [job]);
      const first = s1.runDueOnce();
      await vi.waitFor(() => expect(job.runs).toBe(1));
      const r2 = await s2.runDueOnce();
      expect(await new Scheduler(skewed, [job]).runDueOnce()).toEqual([]);
      open();
      const r1 = await first;
      expect(job.runs).toBe(1);
      expect([...r1, ...r2]).toEqual(['test.lease']);
      expect(await s1.runDueOnce()).toEqual([]);
      // The test clock moving a day does not make it due: intervals count on the database's clock.
      advance(DAY);
      expect(await s2.runDueOnce()).toEqual([]);
      expect(await new Scheduler(skewed, [job]).runDueOnce()).toEqual([]);
      await sleep(450);
      const again = await Promise.all([s1.runDueOnce(), s2.runDueOnce(), s1.runDueOnce()]);
      expect(again.flat()).toEqual(['test.lease']);
      expect(job.runs).toBe(2);
    } finally {
      await skewed.handle.close();
    }
    const row = await a.db
      .selectFrom('job_leases')
      .selectAll()
      .where('name', '=', 'test.lease')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ holder: null, taken_at: null, last_result: 'ok' });
    // The last run is on the database's clock (real time), not the test clock (March 2026).
    expect(Math.abs(Date.parse(row.last_run_at!) - Date.now())).toBeLessThan(60_000);
  });

  it('records a failing job and still runs the others', async () => {
    const bad = countingJob('test.bad', 60_000, async () => {
      throw new Error('boom');
    });
    const good = countingJob('test.good', 60_000, async () => 'fine');
    const ran = await new Scheduler(a, [bad, good]).runDueOnce();
    expect(ran).toEqual(['test.bad', 'test.good']);
    const rows = await a.db
      .selectFrom('job_leases')
      .select(['name', 'last_result', 'holder'])
      .where('name', 'in', ['test.bad', 'test.good'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: 'test.bad', last_result: 'error: boom', holder: null },
      { name: 'test.good', last_result: 'ok: fine', holder: null },
    ]);
    // A failed run counts: it retries at the next interval, not at every tick.
    expect(await new Scheduler(b, [bad, good]).runDueOnce()).toEqual([]);
  });

  it('a restarted instance does not rerun a job before its interval; runNow runs it at once', async () => {
    const job = countingJob('test.restart', 10 * 60_000);
    expect(await new Scheduler(a, [job]).runDueOnce()).toEqual(['test.restart']);
    advance(10 * 60_000);
    expect(await new Scheduler(a, [job]).runDueOnce()).toEqual([]);
    expect(await new Scheduler(b, [job]).runNow(['test.restart'])).toEqual(['test.restart']);
    expect(job.runs).toBe(2);
    expect(await new Scheduler(a, [job]).runDueOnce()).toEqual([]);
    await expect(new Scheduler(a, [job]).runNow(['test.other'])).rejects.toThrow(/unknown job test.other/);
  });

  it('a lease held by a crashed instance blocks the job, even from runNow, only until it runs out', async () => {
    const job = countingJob('test.crash', 60_000);
    await a.db
      .insertInto('job_leases')
      .values({
        name: 'test.crash',
        holder: 'dead-instance',
        // By real time: the lease runs out on the database's clock, which the test clock does not move.
        lease_until: new Date(Date.now() + 400).toISOString(),
        last_run_at: null,
        last_result: null,
      })
      .execute();
    expect(await new Scheduler(a, [job]).runDueOnce()).toEqual([]);
    expect(await new Scheduler(a, [job]).runNow()).toEqual([]);
    advance(DAY);
    expect(await new Scheduler(b, [job]).runDueOnce()).toEqual([]);
    await sleep(450);
    expect(await new Scheduler(b, [job]).runDueOnce()).toEqual(['test.crash']);
  });

  it('a configured interval (seconds, a setting) applies at the next tick, without a restart', async () => {
    const job = countingJob('test.configured', DAY);
    const s = new Scheduler(a, [job]);
    expect(await s.runDueOnce()).toEqual(['test.configured']);
    expect(await s.runDueOnce()).toEqual([]);
    await a.db
      .insertInto('settings')
      .values({
        key: 'job_intervals',
        value: JSON.stringify({ intervals: { 'test.configured': 1 } }),
        updated_at: now().toISOString(),
        version: 1,
      })
      .execute();
    // The other instance reads it within the settings cache's few seconds; this one at once when told.
    await vi.waitFor(
      async () => {
        expect(await new Scheduler(b, [job]).runDueOnce()).toEqual(['test.configured']);
      },
      { timeout: 8000, interval: 250 },
    );
    expect(job.runs).toBe(2);
  });

  it('start() runs due jobs in the background and stop() waits for them', async () => {
    const job = countingJob('test.start', DAY);
    const s = new Scheduler(a, [job]);
    s.start(20);
    await vi.waitFor(() => expect(job.runs).toBe(1), { timeout: 10_000 });
    await s.stop();
    expect(job.runs).toBe(1);
    const row = await a.db
      .selectFrom('job_leases')
      .selectAll()
      .where('name', '=', 'test.start')
      .executeTakeFirstOrThrow();
    expect(row.holder).toBeNull();
    expect(row.last_result).toBe('ok');
  });

  it('start() ticks as often as the shortest interval asks, however long the tick', async () => {
    const job = countingJob('test.often', 300);
    const s = new Scheduler(a, [job]);
    s.start(60_000);
    try {
      await vi.waitFor(() => expect(job.runs).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 50 });
    } finally {
      await s.stop();
    }
    const runs = job.runs;
    await sleep(700);
    expect(job.runs).toBe(runs); // stopped: no tick after stop()
  });

  it('audit.sign-head signs the head when it moved, once', async () => {
    await auditAlone(a, SYSTEM_CONTEXT, { action: 'test.move_head' as AuditAction });
    const head = await readAuditHead(a.db);
    expect(await signAuditHead(a)).toBe(`signed head ${head.seq}`);
    expect(await signAuditHead(b)).toBe(`head ${head.seq} already signed`);
    const cps = await checkpointStoreOf(a.config.dataDir).read(a.keys);
    expect(cps.at(-1)).toMatchObject({ seq: head.seq, hash: head.hash, signatureValid: true });
    expect((await verifyAuditChain(a.db, a.config.dataDir, a.keys)).ok).toBe(true);
  });

  it('sessions.cleanup deletes sessions ended more than 7 days ago', async () => {
    const user = await a.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'sysadmin')
      .executeTakeFirstOrThrow();
    const iso = (offset: number) => new Date(clock + offset).toISOString();
    const session = (id: string, expires: number, revoked: number | null) => ({
      id,
      token_hash: newId(),
      user_id: user.id,
      stage: 'full',
      csrf_token: 'x',
      created_at: iso(-30 * DAY),
      last_seen_at: iso(-30 * DAY),
      expires_at: iso(expires),
      ip: null,
      user_agent: null,
      revoked_at: revoked === null ? null : iso(revoked),
    });
    await a.db
      .insertInto('sessions')
      .values([
        session('s-old-expired', -8 * DAY, null),
        session('s-old-revoked', DAY, -8 * DAY),
        session('s-recent-expired', -6 * DAY, null),
        session('s-recent-revoked', DAY, -1 * DAY),
        session('s-live', DAY, null),
      ])
      .execute();
    expect(await cleanupSessions(a)).toBe(2);
    const left = await a.db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(left.map((s) => s.id)).toEqual(['s-live', 's-recent-expired', 's-recent-revoked']);
    expect(await cleanupSessions(b)).toBe(0);
    const last = await a.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.action).toBe('system.sessions_cleanup');
  });

  it('password.expiry-reminder notifies cleared users once per password, with an email', async () => {
    // Default policy: cleared users rotate every 60 days. secadmin expires in 5 days, auditor in 20,
    // sysadmin in 3 days but has no clearance class.
    const set = async (username: string, changedDaysAgo: number, clearance: string | null) =>
      a.db
        .updateTable('users')
        .set({
          password_changed_at: new Date(clock - changedDaysAgo * DAY).toISOString(),
          clearance_class: clearance,
          email: `${username}@example.test`,
        })
        .where('username', '=', username)
        .execute();
    await set('secadmin', 55, 'core');
    await set('auditor', 40, 'important');
    await set('sysadmin', 57, null);
    expect(await remindPasswordExpiry(a)).toBe(1);
    expect(await remindPasswordExpiry(b)).toBe(1); // candidates again, but nothing new is written
    advance(DAY);
    // The scheduled job on the other instance, a day later: still the same single reminder.
    const ran = await new Scheduler(b, builtinJobs(b)).runDueOnce();
    expect(ran).toContain('password.expiry-reminder');
    const notes = await a.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.username', 'notifications.kind', 'notifications.body', 'notifications.dedupe_key'])
      .where('notifications.kind', '=', 'passwordExpiring')
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ username: 'secadmin', kind: 'passwordExpiring' });
    expect(JSON.parse(notes[0]!.body)).toMatchObject({ daysLeft: 5 });
    const mails = await a.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', 'secadmin@example.test')
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.status).toBe('pending'); // no SMTP configured: it waits

    // A new password is a new reminder cycle.
    await set('secadmin', 54, 'core');
    expect(await remindPasswordExpiry(a)).toBe(1);
    const again = await a.db.selectFrom('notifications').select('id').where('kind', '=', 'passwordExpiring').execute();
    expect(again).toHaveLength(2);
  });
});
