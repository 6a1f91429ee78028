/**
 * The request path reads the session, its user and the department in one statement, and on PostgreSQL the
 * session reads of requests arriving together share one round trip (issue 19). Nothing of it is cached: every
 * refusal — a revoked or expired session, a disabled account, a role or clearance taken away — counts on the
 * very next request, for each request of a shared read on its own, and `/api/auth/me` shows what the database
 * holds now.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, expectOk, startTestApp, STRONG_PASSWORD, type Agent, type TestApp } from '../../helpers/api.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';

type Me = {
  stage: string;
  user: { departmentName: string | null; clearanceClass: string | null; adminRole: string | null };
  abilities: Record<string, boolean>;
};
const me = async (a: Agent) => {
  const r = await a.get('/api/auth/me');
  await expectOk(r);
  return r.json() as Me;
};

describe.each(DB_KINDS)('session refusals at once on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('requests of four sessions at once: the revoked, the expired and the disabled are refused, the fourth served', async () => {
    const [ok, revoked, expired, disabled] = await Promise.all(
      ['refuse.ok', 'refuse.revoked', 'refuse.expired', 'refuse.disabled'].map((u) => t.employee(u)),
    );
    for (const a of [ok!, revoked!, expired!, disabled!]) await me(a);
    const now = t.ctx.now().toISOString();
    await t.ctx.db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', revoked!.userId).execute();
    await t.ctx.db.updateTable('sessions').set({ expires_at: now }).where('user_id', '=', expired!.userId).execute();
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled!.userId).execute();

    const each = (a: Agent) => Array.from({ length: 6 }, () => a.get('/api/auth/me'));
    const [okR, revokedR, expiredR, disabledR] = await Promise.all(
      [ok!, revoked!, expired!, disabled!].map((a) => Promise.all(each(a))),
    );
    for (const r of okR!) expect(r.statusCode).toBe(200);
    for (const r of revokedR!) expect(errorCode(r)).toBe('unauthenticated');
    // The first request to see an ended session revokes it (session_expired); those that read it after, or
    // raced it, find it revoked or ended: every one is refused.
    for (const r of [...expiredR!, ...disabledR!]) {
      expect(r.statusCode).toBe(401);
      expect(['session_expired', 'unauthenticated']).toContain(errorCode(r));
    }
    expect(errorCode(await expired!.get('/api/auth/me'))).toBe('unauthenticated');
    expect(errorCode(await disabled!.get('/api/auth/me'))).toBe('unauthenticated');
    await me(ok!);
  });

  it('a revocation committed while another request is being read refuses the next request', async () => {
    const a = await t.employee('refuse.inflight');
    const first = a.get('/api/auth/me');
    await t.ctx.db
      .updateTable('sessions')
      .set({ revoked_at: t.ctx.now().toISOString() })
      .where('user_id', '=', a.userId)
      .execute();
    expect(errorCode(await a.get('/api/auth/me'))).toBe('unauthenticated');
    expect([200, 401]).toContain((await first).statusCode);
  });

  it('an administrator role taken away in the database is refused on the next request, and given back serves again', async () => {
    const sys = await t.admin('sysadmin');
    await expectOk(await sys.get('/api/admin/otp-tokens'));
    const { id } = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', t.creds.sysadmin!.username)
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('users').set({ admin_role: null }).where('id', '=', id).execute();
    const refused = await sys.get('/api/admin/otp-tokens');
    expect(refused.statusCode).toBe(403);
    const m = await me(sys);
    expect(m.user.adminRole).toBeNull();
    expect(Object.values(m.abilities).filter(Boolean).length).toBeLessThan(
      Object.keys(m.abilities).length, // not everything: the sysadmin's own abilities are gone
    );
    await t.ctx.db.updateTable('users').set({ admin_role: 'sysadmin' }).where('id', '=', id).execute();
    await expectOk(await sys.get('/api/admin/otp-tokens'));
  });

  it('a clearance and a department name changed in the database show in the next auth/me', async () => {
    const a = await t.employee('refuse.clearance');
    await t.ctx.db.updateTable('users').set({ clearance_class: 'core' }).where('id', '=', a.userId).execute();
    expect((await me(a)).user.clearanceClass).toBe('core');
    await t.ctx.db.updateTable('users').set({ clearance_class: null }).where('id', '=', a.userId).execute();
    expect((await me(a)).user.clearanceClass).toBeNull();

    const before = (await me(a)).user.departmentName;
    expect(before).toEqual(expect.any(String));
    await t.ctx.db
      .updateTable('departments')
      .set({ name: '保密办（改名）' })
      .where('id', '=', t.rootDepartmentId)
      .execute();
    expect((await me(a)).user.departmentName).toBe('保密办（改名）');
    await t.ctx.db.updateTable('departments').set({ name: before! }).where('id', '=', t.rootDepartmentId).execute();
  });

  it('a half-signed-in session is not told its department', async () => {
    const { oneTimePassword } = await createUser(t.ctx, SYSTEM_CONTEXT, {
      username: 'refuse.half',
      displayName: 'refuse.half',
      departmentId: t.rootDepartmentId,
    });
    const a = t.agent();
    await expectOk(await a.login('refuse.half', oneTimePassword));
    const m = await me(a);
    expect(m.stage).toBe('password_change');
    expect(m.user.departmentName).toBeNull();
    await expectOk(
      await a.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: STRONG_PASSWORD }),
    );
    expect((await me(a)).user.departmentName).toEqual(expect.any(String));
  });

  it.runIf(kind === 'postgres')('on postgres the session reads of concurrent requests share round trips', async () => {
    const agents = await Promise.all(Array.from({ length: 8 }, (_, i) => t.employee(`refuse.many${i}`)));
    for (const a of agents) await me(a);
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    let statements = 0;
    proto.query = function (this: unknown, ...a: unknown[]) {
      statements++;
      return original.apply(this, a);
    };
    let answers: Me[];
    try {
      answers = await Promise.all(agents.flatMap((a) => [me(a), me(a), me(a)]));
    } finally {
      proto.query = original;
    }
    // 24 requests, one session read each if read alone; touches of last-seen are not due (seconds apart).
    expect(answers.length).toBe(24);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(12);
    // Each request got its own session's answer.
    const names = await Promise.all(agents.map(async (a) => (await me(a)).user));
    expect(new Set(names.map((u) => JSON.stringify(u))).size).toBe(8);
  });
});
