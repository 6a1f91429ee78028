/**
 * Unique values under real concurrency on PostgreSQL (issue 9): many requests at once through the whole HTTP
 * stack (app.inject, in parallel, on a pool of connections), for every unique value a request can race for.
 * Exactly one wins, every other answers 409 `conflict` naming the field (never 500), and everyone can still
 * sign in afterwards. A refusal that came from the database's unique rule (the race itself, made
 * deterministic by holding the winner's transaction open) is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { STRONG_PASSWORD, errorCode, type TestApp, startTestApp } from '../../helpers/api.js';
import { auditRowsAfter } from '../../helpers/abuse.js';
import { proposal, setupOrg, type Org } from '../../helpers/classification-org.js';
import { addPerson } from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

const statusCounts = (rs: LightMyRequestResponse[]) => {
  const m: Record<number, number> = {};
  for (const r of rs) m[r.statusCode] = (m[r.statusCode] ?? 0) + 1;
  return m;
};

const fieldOf = (r: LightMyRequestResponse) =>
  (r.json() as { error: { details?: { field?: string } } }).error.details?.field;

/** Every case variant of `word` (2^letters of them), in a fixed order. */
function caseVariants(word: string): string[] {
  let out = [''];
  for (const ch of word)
    out = out.flatMap((p) =>
      ch.toLowerCase() === ch.toUpperCase() ? [p + ch] : [p + ch.toLowerCase(), p + ch.toUpperCase()],
    );
  return out;
}

describe('unique values raced on postgres', () => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp('postgres');
    org = await setupOrg(t);
  });
  afterAll(() => t.close());

  /** Waits until some other backend of the test database waits for a lock (our request, blocked by the open transaction). */
  async function someoneWaitsForALock(): Promise<void> {
    const waiting = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
          t.ctx.db,
        )
      ).rows[0]!.n;
    await expect
      .poll(waiting, { timeout: 10_000, interval: 10, message: 'no request ever waited for the lock' })
      .toBeGreaterThan(0);
  }

  it('usernames in case variants: one account, the rest 409 (field username); every account signs in afterwards', async () => {
    const variants = caseVariants('twin4x').slice(0, 24);
    const responses = await Promise.all(
      variants.map((username) =>
        org.sys.post('/api/users', { username, displayName: username, departmentId: t.rootDepartmentId }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 201: 1, 409: variants.length - 1 });
    for (const r of responses.filter((x) => x.statusCode === 409)) {
      expect(errorCode(r)).toBe('conflict');
      expect(fieldOf(r)).toBe('username');
    }
    const rows = await t.ctx.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username_key', '=', 'twin4x')
      .execute();
    expect(rows).toHaveLength(1);

    // The one account signs in under any spelling of its name; its failed attempts count against it alone.
    const { oneTimePassword } = responses.find((r) => r.statusCode === 201)!.json() as { oneTimePassword: string };
    const person = t.agent();
    expect((await person.login('TWIN4X', 'wrong-password')).statusCode).toBe(401);
    const ok = await person.login('tWiN4x', oneTimePassword);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as { stage: string }).stage).toBe('password_change');
    // Everyone else still signs in.
    for (const p of [org.officerA, org.leader, org.insiderA]) {
      const again = t.agent();
      expect((await again.login(p.username, STRONG_PASSWORD)).statusCode).toBe(200);
    }
  });

  it('a username taken while the check ran: the unique rule refuses it, 409 naming the field, audited', async () => {
    // Another writer inserted "racer" and has not committed: our check does not see it, our insert waits.
    const winner = await t.ctx.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      await sql`insert into users (id, username, username_key, display_name, business_roles, status, password_hash, password_changed_at, created_at, updated_at)
        values (${id}, 'racer', 'racer', 'Racer', '["employee"]', 'active', 'x', ${now}, ${now}, ${now})`.execute(conn);
      const head = await t.auditHead();
      const pending = org.sys.post('/api/users', {
        username: 'RACER',
        displayName: 'Second',
        departmentId: t.rootDepartmentId,
      });
      await someoneWaitsForALock();
      await sql`commit`.execute(conn);
      return { res: await pending, head, id };
    });
    expect(winner.res.statusCode, winner.res.body).toBe(409);
    expect(errorCode(winner.res)).toBe('conflict');
    expect(fieldOf(winner.res)).toBe('username');
    const events = await auditRowsAfter(t, winner.head);
    expect(events.map((e) => [e.action, e.result, e.actor_name, JSON.parse(e.details)])).toEqual([
      ['user.create', 'failure', 'sysadmin', { reason: 'unique', field: 'username' }],
    ]);
    expect(await t.ctx.db.selectFrom('users').select('id').where('username_key', '=', 'racer').execute()).toEqual([
      { id: winner.id },
    ]);
  });

  it('a department code: one department, the rest 409 (field code), never 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        org.sys.post('/api/departments', { name: `Race ${i}`, parentId: t.rootDepartmentId, code: 'RACE-1' }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 19 });
    for (const r of responses.filter((x) => x.statusCode === 409)) expect(fieldOf(r)).toBe('code');
    expect(await t.ctx.db.selectFrom('departments').select('id').where('code', '=', 'RACE-1').execute()).toHaveLength(
      1,
    );
  });

  it('a department code taken while the check ran: 409 naming the field, audited as department.create', async () => {
    const r = await t.ctx.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      const now = new Date().toISOString();
      await sql`insert into departments (id, parent_id, name, code, sort_order, created_at, updated_at, version) values (${crypto.randomUUID()}, null, 'Held', 'HELD', 0, ${now}, ${now}, 1)`.execute(
        conn,
      );
      const head = await t.auditHead();
      const pending = org.sys.post('/api/departments', { name: 'Second', parentId: t.rootDepartmentId, code: 'HELD' });
      await someoneWaitsForALock();
      await sql`commit`.execute(conn);
      return { res: await pending, head };
    });
    expect(r.res.statusCode, r.res.body).toBe(409);
    expect(fieldOf(r.res)).toBe('code');
    const events = await auditRowsAfter(t, r.head);
    expect(events.map((e) => [e.action, e.result, JSON.parse(e.details)])).toEqual([
      ['department.create', 'failure', { reason: 'unique', field: 'code' }],
    ]);
  });

  it('item numbers: proposals at once each get their own number', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => org.officerA.post('/api/items', proposal(org))),
    );
    expect(statusCounts(responses)).toEqual({ 201: 20 });
    const numbers = responses.map((r) => (r.json() as { item: ItemDetail }).item.number);
    expect(new Set(numbers).size).toBe(20);
  });

  it('a classification authority: one appointment, the rest 409 (field userId)', async () => {
    const candidate = await addPerson(org, 'candidate', { roles: ['dept_head'], clearance: 'core' });
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        org.sec.post('/api/classifiers', { userId: candidate.userId, kind: 'designated', maxLevel: 'secret' }),
      ),
    );
    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 11 });
    for (const r of responses.filter((x) => x.statusCode === 409)) expect(fieldOf(r)).toBe('userId');
    const held = await t.ctx.db
      .selectFrom('classification_authorities')
      .select('id')
      .where('user_id', '=', candidate.userId)
      .where('revoked_at', 'is', null)
      .execute();
    expect(held).toHaveLength(1);
    expect((await t.agent().login('candidate', STRONG_PASSWORD)).statusCode).toBe(200);
  });
});
