/**
 * Everyone names themselves (issue 17, gap 3): each person, the three administrators included, changes their own
 * display name from the profile (audited, the old and new names in the event); nobody renames another this way,
 * and the system administrator still cannot rename the other administrators. Bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';

interface Me {
  user: { id: string; displayName: string };
}

describe.each(DB_KINDS)('renaming oneself on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let emp: Agent & { userId: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    [sys, sec, aud] = [await t.admin('sysadmin'), await t.admin('secadmin'), await t.admin('auditor')];
    emp = await t.employee('zhaolei');
  });
  afterAll(() => t.close());

  const me = async (a: Agent) => ((await a.get('/api/auth/me')).json() as Me).user;

  it('lets every person, each administrator included, rename themselves, audited with both names', async () => {
    for (const [a, name] of [
      [sys, '张伟'],
      [sec, '李娜'],
      [aud, '陈静'],
      [emp, '赵磊'],
    ] as const) {
      const before = await me(a);
      const r = await a.put('/api/me/display-name', { displayName: name });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ displayName: name });
      expect((await me(a)).displayName).toBe(name);
      const ev = await t.ctx.db
        .selectFrom('audit_events')
        .select(['actor_id', 'target_id', 'details', 'result'])
        .where('action', '=', 'user.profile_update')
        .where('target_id', '=', before.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(ev.actor_id).toBe(before.id);
      expect(JSON.parse(ev.details)).toEqual({ fields: ['displayName'], from: before.displayName, to: name });
    }
  });

  it('refuses bad input with a clear 400 and changes nothing', async () => {
    const before = await me(emp);
    const seqBefore = await t.auditHead();
    for (const body of [
      { displayName: '' },
      { displayName: '  ' },
      { displayName: 'x'.repeat(65) },
      {},
      { displayName: '王五', id: 'x' },
    ]) {
      const r = await emp.put('/api/me/display-name', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorCode(r)).toBe('validation_failed');
    }
    expect(await me(emp)).toEqual(before);
    expect(await t.auditHead()).toBe(seqBefore);
    expect((await t.agent().put('/api/me/display-name', { displayName: '某人' })).statusCode).toBe(401);
  });

  it('keeps the system administrator off the other administrators: no rename on the users page', async () => {
    const secId = (await me(sec)).id;
    const row = await t.ctx.db
      .selectFrom('users')
      .select(['version', 'display_name'])
      .where('id', '=', secId)
      .executeTakeFirstOrThrow();
    const r = await sys.patch(`/api/users/${secId}`, { version: row.version, displayName: '改名' });
    expect(r.statusCode, r.body).toBe(403);
    expect((await me(sec)).displayName).toBe(row.display_name);
  });
});
