/**
 * Issue 19, "Done when": three Baomi instances (the built server, separate processes and data directories) on one
 * PostgreSQL database, sharing the key directory and the checkpoint store, behind a round-robin proxy, behave as one
 * system. One journey, because each step needs the people and data of the steps before it:
 * - started at once on the empty database: one organisation, one set of one-time credentials;
 * - MFA enrolled through the proxy, and a sign-in whose code each instance checks (the TOTP secret sealed by one
 *   instance opens on every other);
 * - writes from all three at once, and the audit chain verifies on each;
 * - each periodic job runs once per interval (intervals set to seconds through the settings API), and the history
 *   names the instance that ran it;
 * - the chain's tail cut in the database: every instance (and `baomi audit verify`) reports it;
 * - an instance SIGKILLed in the middle of a burst of writes loses no acknowledged write.
 * Uploaded files are not part of it: the blob store is a folder of each data directory (README, "Running several
 * instances").
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../helpers/db.js';
import { Authenticator, E2E_PASSWORD, parseCredentials } from '../helpers/browser.js';
import {
  baomiEnv,
  Client,
  expectStatus,
  killAll,
  makeDeploymentKeys,
  requireBuiltServer,
  ROOT,
  startInstance,
  startProxy,
  type Instance,
  type Proxy,
} from './cluster.js';

const run = promisify(execFile);
/** The interval every job is set to: short enough to see several runs, long enough to tell one run per interval. */
const INTERVAL_S = 3;
/** A run starts a little after its lease is taken (a round trip, on a loaded machine more): the slack allowed. */
const START_SLACK_MS = 1000;
const ADMINS = ['sysadmin', 'secadmin', 'auditor'] as const;

const instances: Instance[] = [];
let proxy: Proxy | undefined;
let db: FreshDatabase | undefined;
let sql: pg.Pool | undefined;
let tmp = '';

afterAll(async () => {
  await killAll(instances);
  await proxy?.close();
  await sql?.end();
  await db?.cleanup();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

interface Dept {
  id: string;
  name: string;
}

it('three instances on one PostgreSQL behind a round-robin proxy behave as one system', async () => {
  requireBuiltServer();
  db = await freshDatabase('postgres');
  const url = db.url!;
  sql = new pg.Pool({ connectionString: url, max: 2 });
  sql.on('error', () => undefined);
  const q = async <T extends object>(text: string, params: unknown[] = []) => (await sql!.query<T>(text, params)).rows;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-instances-'));
  const keysDir = path.join(tmp, 'keys');
  const checkpointDir = path.join(tmp, 'checkpoints');
  makeDeploymentKeys(keysDir);
  fs.mkdirSync(checkpointDir);
  proxy = await startProxy(() => instances);
  const shared = {
    DATABASE_URL: url,
    BAOMI_KEYS_DIR: keysDir,
    BAOMI_CHECKPOINT_DIR: checkpointDir,
    BAOMI_PUBLIC_URL: proxy.url,
  };
  const envOf = (dataDir: string) =>
    baomiEnv({
      ...shared,
      BAOMI_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      BAOMI_KDF_COST: '4096',
      BAOMI_JOBS: 'on',
      // The servers sign the head at start only: the one checkpoint after that is the test's (`baomi audit sign`),
      // so what verification finds after the cut below does not depend on when a timer fired.
      BAOMI_AUDIT_SIGN_SECONDS: '3600',
    });

  // --- Three instances started at once on the empty database: one organisation, credentials printed once.
  for (const name of ['A', 'B', 'C']) instances.push(startInstance(name, envOf(path.join(tmp, name))));
  await Promise.all(instances.map((i) => i.ready));
  const [A, B, C] = instances as [Instance, Instance, Instance];
  const printed = instances.filter((i) => Object.keys(parseCredentials(i.output())).length > 0);
  expect(printed, 'one instance prints the one-time credentials').toHaveLength(1);
  const creds = parseCredentials(printed[0]!.output());
  expect(await q('SELECT id FROM departments WHERE parent_id IS NULL')).toHaveLength(1);
  expect(await q('SELECT id FROM audit_head')).toHaveLength(1);
  expect((await q<{ id: string }>('SELECT id FROM key_checks ORDER BY id')).map((r) => r.id)).toEqual([
    'master:1',
    'signing:1',
  ]);

  // --- Each administrator's first sign-in and MFA enrolment through the proxy (its steps land on every instance).
  const people = new Map<string, { client: Client; auth: Authenticator }>();
  /** The instance that sealed each person's TOTP secret (answered the enrolment's start). */
  const sealedBy = new Map<string, string>();
  for (const role of ADMINS) {
    const c = new Client();
    const cred = creds[role]!;
    expectStatus(await c.get(proxy.url, '/api/auth/csrf'), 200, 'csrf');
    expectStatus(
      await c.post(proxy.url, '/api/auth/login', { username: cred.username, password: cred.oneTimePassword }),
      200,
      `${role} login`,
    );
    const pw = { currentPassword: cred.oneTimePassword, newPassword: E2E_PASSWORD };
    expectStatus(await c.post(proxy.url, '/api/auth/password', pw), 200, `${role} new password`);
    const started = await c.post(proxy.url, '/api/auth/mfa/enrol/start');
    const { secret } = expectStatus<{ secret: string }>(started, 200, `${role} enrol`);
    sealedBy.set(role, started.servedBy!);
    const auth = new Authenticator(secret);
    const confirmed = expectStatus(
      await c.post(proxy.url, '/api/auth/mfa/enrol/confirm', { code: auth.next() }),
      200,
      `${role} confirm`,
    );
    expect(confirmed).toMatchObject({ stage: 'full' });
    people.set(role, { client: c, auth });
  }
  expect([...proxy.served.keys()].sort(), 'the proxy spread the sign-ins over all three').toEqual(['A', 'B', 'C']);

  // --- A sign-in on each instance, each where another instance sealed that person's TOTP secret (as far as the
  // proxy's rotation allows), and the session it makes is good on all of them.
  const orders = [
    [A, B, C],
    [A, C, B],
    [B, A, C],
    [B, C, A],
    [C, A, B],
    [C, B, A],
  ];
  const crossings = (o: Instance[]) => ADMINS.filter((r, k) => sealedBy.get(r) !== o[k]!.name).length;
  const order = orders.reduce((best, o) => (crossings(o) > crossings(best) ? o : best));
  expect(crossings(order), 'sign-ins on an instance that did not seal the secret').toBeGreaterThanOrEqual(2);
  const signedIn = new Map<string, Client>();
  for (const [k, role] of ADMINS.entries()) {
    const instance = order[k]!;
    const c = new Client();
    expectStatus(await c.get(instance.url, '/api/auth/csrf'), 200, 'csrf');
    const login = expectStatus(
      await c.post(instance.url, '/api/auth/login', { username: role, password: E2E_PASSWORD }),
      200,
      `${role} login on ${instance.name}`,
    );
    expect(login).toMatchObject({ stage: 'mfa' });
    const code = people.get(role)!.auth.next();
    const verified = expectStatus(
      await c.post(instance.url, '/api/auth/mfa/verify', { code }),
      200,
      `${role} code on ${instance.name}`,
    );
    expect(verified).toMatchObject({ stage: 'full' });
    for (const other of instances) {
      const me = expectStatus<{ user: { username: string } }>(
        await c.get(other.url, '/api/auth/me'),
        200,
        `me on ${other.name}`,
      );
      expect(me.user.username).toBe(role);
    }
    signedIn.set(role, c);
  }
  const sys = signedIn.get('sysadmin')!;
  const auditor = signedIn.get('auditor')!;

  // --- Every job every few seconds, set once through the proxy: every instance's scheduler picks it up.
  const settings = expectStatus<{ version: number; jobs: { name: string; minSeconds: number }[] }>(
    await sys.get(proxy.url, '/api/settings/jobs'),
    200,
    'job settings',
  );
  // Scheduled backups and drills are off until the system administrator turns them on (ADR 0031): they never run here.
  const jobs = settings.jobs
    .filter((j) => j.minSeconds <= INTERVAL_S && !j.name.startsWith('backup'))
    .map((j) => j.name);
  expect(jobs.length).toBeGreaterThan(1);
  const intervals = Object.fromEntries(jobs.map((j) => [j, INTERVAL_S]));
  const saved = expectStatus<{ version: number }>(
    await sys.put(proxy.url, '/api/settings/jobs', { version: settings.version, intervals }),
    200,
    'set intervals',
  );
  // Each scheduler reads the setting at its next tick (at most 5 s away; an instance may answer from its settings
  // cache for 3 s more): the runs counted are those from then on. The gaps checked below hold at any interval.
  const from = new Date(Date.now() + 8_000).toISOString();

  // --- Writes on all three at once; the chain verifies on each.
  const root = (await q<{ id: string }>('SELECT id FROM departments WHERE parent_id IS NULL'))[0]!.id;
  const create = (base: string, name: string) => sys.post(base, '/api/departments', { name, parentId: root });
  const together = await Promise.all(
    instances.flatMap((i) => Array.from({ length: 10 }, (_, n) => create(i.url, `together-${i.name}-${n}`))),
  );
  expect(together.map((a) => a.status)).toEqual(together.map(() => 201));
  for (const i of instances) {
    const r = expectStatus(await auditor.post(i.url, '/api/audit/verify'), 200, `verify on ${i.name}`);
    expect(r, `the chain verifies on ${i.name}`).toMatchObject({ ok: true, firstBreak: null });
  }

  // --- Each job ran once per interval, never two runs overlapping, each by one of the three (the history says which).
  type Run = { job: string; instance_id: string; started_at: string; finished_at: string };
  const runsSince = () =>
    q<Run>(
      'SELECT job, instance_id, started_at, finished_at FROM job_runs WHERE started_at >= $1 ORDER BY started_at',
      [from],
    );
  await expect
    .poll(
      async () => {
        const runs = await runsSince();
        return Math.min(...jobs.map((j) => runs.filter((r) => r.job === j).length));
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBeGreaterThanOrEqual(3);
  const runs = await runsSince();
  const pids = new Map(instances.map((i) => [String(i.child.pid), i.name]));
  // `<host>/<pid>-<random>` (jobs/job-runs.ts): the process tells the instance.
  const pidOf = (instanceId: string) => /\/(\d+)-[0-9a-f]+$/.exec(instanceId)?.[1] ?? instanceId;
  for (const job of jobs) {
    const mine = runs.filter((r) => r.job === job);
    for (let k = 1; k < mine.length; k++) {
      const [before, after] = [mine[k - 1]!, mine[k]!];
      expect(after.started_at >= before.finished_at, `${job}: runs ${k - 1} and ${k} overlap`).toBe(true);
      const gap = Date.parse(after.started_at) - Date.parse(before.started_at);
      expect(gap, `${job}: two runs within one interval`).toBeGreaterThanOrEqual(INTERVAL_S * 1000 - START_SLACK_MS);
    }
  }
  const ranBy = new Set(runs.map((r) => pids.get(pidOf(r.instance_id))));
  expect(
    [...ranBy].every((n) => n !== undefined),
    'every run names one of the three instances',
  ).toBe(true);
  const shown = expectStatus<{ items: { instanceId: string }[] }>(
    await sys.get(proxy.url, `/api/job-runs?from=${encodeURIComponent(from)}&pageSize=50`),
    200,
    'job runs',
  );
  expect(shown.items.length).toBeGreaterThan(0);
  for (const r of shown.items) expect(pids.has(pidOf(r.instanceId))).toBe(true);
  // Back to the built-in intervals: the steps below need a quiet chain. (The version the PUT answered: a GET may be
  // answered from an instance's settings cache.)
  expectStatus(
    await sys.put(proxy.url, '/api/settings/jobs', { version: saved.version, intervals: {} }),
    200,
    'reset intervals',
  );

  // --- The tail cut in the database (events, head and the database's list of checkpoints) after the operator
  // signed the head: every instance, and the CLI, finds the shared store names an event the chain no longer has.
  const cli = (...args: string[]) =>
    run(process.execPath, [path.join(ROOT, 'bin', 'baomi.js'), ...args], {
      cwd: ROOT,
      env: baomiEnv({ ...shared, BAOMI_DATA_DIR: path.join(tmp, 'cli') }),
    });
  const signed = (await cli('audit', 'sign')).stdout;
  const signedSeq = Number(/signed head (\d+)/.exec(signed)?.[1]);
  expect(signedSeq, signed).toBeGreaterThan(40);
  // Far enough back that the events appended from here on (each verification is audited) stay short of it.
  const newLast = signedSeq - 30;
  // In one transaction holding the head row, the lock every writer takes: no append lands half-way through the cut.
  const cutter = await sql.connect();
  try {
    await cutter.query('BEGIN');
    await cutter.query('SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE');
    await cutter.query('DELETE FROM audit_events WHERE seq > $1', [newLast]);
    await cutter.query(
      'UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_events WHERE seq = $1) WHERE id = 1',
      [newLast],
    );
    await cutter.query('DELETE FROM audit_checkpoints');
    await cutter.query('COMMIT');
  } catch (err) {
    await cutter.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    cutter.release();
  }
  const verdicts: { checkpointStore: string }[] = [];
  for (const i of instances) {
    const r = expectStatus<{ ok: boolean; firstBreak: { kind: string; message: string }; checkpointStore: string }>(
      await auditor.post(i.url, '/api/audit/verify'),
      200,
      `verify on ${i.name}`,
    );
    verdicts.push(r);
    expect(r, `${i.name} reports the cut`).toMatchObject({ ok: false, firstBreak: { kind: 'truncated' } });
    expect(r.firstBreak.message).toContain(`names event ${signedSeq}`);
  }
  expect(new Set(verdicts.map((v) => v.checkpointStore)).size).toBe(1);
  const byCli = await cli('audit', 'verify', '--json').then(
    () => null,
    (e: { code: number; stdout: string }) => ({ code: e.code, result: JSON.parse(e.stdout) as unknown }),
  );
  expect(byCli).toMatchObject({ code: 1, result: { ok: false, firstBreak: { kind: 'truncated' } } });

  // --- A burst of writes through the proxy; C is SIGKILLed while a write of the burst is in flight to it. Every
  // acknowledged write is in the database with its audit event; no write is there without its event.
  const acked: (Dept & { servedBy: string | undefined })[] = [];
  let killedWhileInFlight = 0;
  const worker = async (w: number) => {
    for (let n = 0; n < 12; n++) {
      const a = await create(proxy!.url, `burst-${w}-${n}`).catch(() => null);
      if (a?.status === 201) acked.push({ ...(a.body as Dept), servedBy: a.servedBy });
      const fromC = acked.filter((x) => x.servedBy === 'C').length;
      const inFlightToC = proxy!.inFlight.get('C') ?? 0;
      if (!killedWhileInFlight && fromC >= 3 && inFlightToC > 0) {
        killedWhileInFlight = inFlightToC;
        C.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
  expect(killedWhileInFlight, 'C was killed with a write in flight').toBeGreaterThan(0);
  expect(await C.exited).toMatchObject({ signal: 'SIGKILL' });
  expect(acked.length).toBeGreaterThan(12);
  const stored = await q<{ id: string; name: string; events: string }>(
    `SELECT d.id, d.name, (SELECT count(*) FROM audit_events e WHERE e.action = 'department.create' AND e.target_id = d.id) AS events
       FROM departments d WHERE d.name LIKE 'burst-%'`,
  );
  const storedIds = new Set(stored.map((d) => d.id));
  expect(
    acked.filter((d) => !storedIds.has(d.id)),
    'acknowledged writes missing',
  ).toEqual([]);
  expect(
    stored.filter((d) => Number(d.events) !== 1),
    'writes without exactly one audit event',
  ).toEqual([]);
  // The survivors carry on.
  for (const i of [A, B]) expectStatus(await sys.get(i.url, '/api/auth/me'), 200, `me on ${i.name}`);
});
