/**
 * Bodies mean exactly what they say: a key given twice, a byte-order mark, or a body sent to an endpoint that
 * takes none is refused with 400 and changes nothing. And an enrolled authenticator cannot be replaced by
 * starting a second enrolment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { countRows, expectError } from '../../helpers/abuse.js';

describe.each(DB_KINDS)('strict request bodies on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let deptId: string;
  let deptVersion: number;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    const r = await sys.post('/api/departments', { name: 'Strict', parentId: t.rootDepartmentId });
    expect(r.statusCode, r.body).toBe(201);
    ({ id: deptId, version: deptVersion } = r.json() as { id: string; version: number });
  });
  afterAll(() => t.close());

  const raw = (method: string, url: string, payload: string | Buffer) =>
    sys.request(method, url, payload, { 'content-type': 'application/json' });

  async function refusedQuietly(res: Promise<Awaited<ReturnType<Agent['request']>>>, message: RegExp): Promise<void> {
    const head = await t.auditHead();
    const depts = await countRows(t, 'departments');
    const r = await res;
    expectError(r, 400, 'bad_request');
    expect((r.json() as { error: { message: string } }).error.message).toMatch(message);
    expect(await t.auditHead()).toBe(head);
    expect(await countRows(t, 'departments')).toBe(depts);
    const d = (
      (await sys.get('/api/departments')).json() as { items: { id: string; name: string; version: number }[] }
    ).items.find((x) => x.id === deptId);
    expect(d).toMatchObject({ name: 'Strict', version: deptVersion });
  }

  it('refuses a key given twice, at any depth and however it is escaped', async () => {
    for (const body of [
      `{"version":${deptVersion},"name":"A","name":"B"}`,
      `{"version":${deptVersion},"name":"A","n\\u0061me":"B"}`,
      `{"version":${deptVersion},"version":${deptVersion},"name":"B"}`,
    ]) {
      await refusedQuietly(raw('PATCH', `/api/departments/${deptId}`, body), /appears twice/);
    }
    await refusedQuietly(
      raw('POST', '/api/departments', '{"name":"X","parentId":null,"parentId":null}'),
      /appears twice/,
    );
    const users = await countRows(t, 'users');
    const r = await raw(
      'POST',
      '/api/users',
      '{"username":"twice","username":"twice2","displayName":"T","departmentId":null}',
    );
    expectError(r, 400, 'bad_request');
    expect(await countRows(t, 'users')).toBe(users);
  });

  it('refuses a body that starts with a UTF-8 byte-order mark', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`{"version":${deptVersion},"name":"BOM"}`),
    ]);
    await refusedQuietly(raw('PATCH', `/api/departments/${deptId}`, body), /byte-order mark/);
  });

  it('an endpoint that takes no body refuses one, even an empty object', async () => {
    for (const [url, payload] of [
      ['/api/audit/verify', '{}'],
      ['/api/notifications/read-all', '{"all":true}'],
      ['/api/auth/mfa/enrol/start', '{}'],
    ] as const) {
      const head = await t.auditHead();
      const r = await raw('POST', url, payload);
      expectError(r, 400, 'bad_request');
      expect((r.json() as { error: { message: string } }).error.message).toMatch(/takes no request body/);
      expect(await t.auditHead(), url).toBe(head);
    }
    // The same endpoints without a body work.
    expect((await sys.post('/api/notifications/read-all')).statusCode).toBe(200);
  });

  it('starting an authenticator enrolment again when one is enrolled answers 409 and keeps the secret', async () => {
    const me = (await sys.get('/api/auth/me')).json() as { user: { id: string } };
    const before = await t.ctx.db
      .selectFrom('users')
      .select(['mfa_secret', 'mfa_enabled', 'version'])
      .where('id', '=', me.user.id)
      .executeTakeFirstOrThrow();
    expect(before.mfa_enabled).toBe(1);
    const r = await sys.post('/api/auth/mfa/enrol/start');
    expectError(r, 409, 'conflict');
    const after = await t.ctx.db
      .selectFrom('users')
      .select(['mfa_secret', 'mfa_enabled', 'version'])
      .where('id', '=', me.user.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    // Signing in again still takes a code from the authenticator enrolled first.
    expect(sys.totp()).toMatch(/^\d{6}$/);
  });
});
