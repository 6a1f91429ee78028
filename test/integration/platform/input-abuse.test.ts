import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { countRows, expectError, meId } from '../../helpers/abuse.js';
import type { User } from '../../../src/modules/identity/contracts/directory.js';

const BAD_UTF8 = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

describe.each(DB_KINDS)('input abuse on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let target: User;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    const r = await sys.post('/api/users', {
      username: 'victim',
      displayName: 'Victim',
      departmentId: t.rootDepartmentId,
    });
    expect(r.statusCode).toBe(201);
    target = (r.json() as { user: User }).user;
  });
  afterAll(() => t.close());

  /** A request with a raw payload and content type, through the agent (cookies and CSRF token included). */
  const raw = (method: string, url: string, payload: string | Buffer, contentType = 'application/json') =>
    sys.request(method, url, payload, { 'content-type': contentType });

  /** Runs `fn`, then asserts: the expected refusal, the audit head unmoved, no department or user added or changed. */
  async function refused(fn: () => ReturnType<Agent['request']>, status: number, code: string): Promise<void> {
    const head = await t.auditHead();
    const nd = await countRows(t, 'departments');
    const nu = await countRows(t, 'users');
    const res = await fn();
    expectError(res, status, code);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(await t.auditHead()).toBe(head);
    expect(await countRows(t, 'departments')).toBe(nd);
    expect(await countRows(t, 'users')).toBe(nu);
    const u = (await sys.get(`/api/users/${target.id}`)).json() as User;
    expect(u).toMatchObject({
      version: target.version,
      displayName: target.displayName,
      adminRole: null,
      status: 'active',
    });
  }

  describe('POST /api/departments', () => {
    const url = '/api/departments';

    it('refuses unknown fields (400 validation_failed)', async () => {
      for (const extra of [
        { id: '00000000-0000-4000-8000-000000000000' },
        { version: 7 },
        { createdAt: '2020-01-01T00:00:00Z' },
        { evil: true },
      ]) {
        await refused(() => sys.post(url, { name: 'Extra', parentId: null, ...extra }), 400, 'validation_failed');
      }
    });

    it('refuses wrong types without coercion (400 validation_failed)', async () => {
      for (const body of [
        { name: 123, parentId: null },
        { name: 'X', parentId: 5 },
        { name: 'X', parentId: null, sortOrder: '1' },
        { name: 'X', parentId: null, sortOrder: 1.5 },
        { name: 'X', parentId: null, sortOrder: -1 },
        { name: 'X', parentId: null, sortOrder: 1e9 },
        { name: null, parentId: null },
        { name: ['X'], parentId: null },
        { name: { toString: 'X' }, parentId: null },
        { name: true, parentId: null },
        { name: '', parentId: null },
        { name: '   ', parentId: null },
        { name: 'N'.repeat(101), parentId: null },
        { name: 'X' }, // parentId is required (null for top level)
        { parentId: null },
        { name: 'X', parentId: 'not-a-uuid' },
        { name: 'X', parentId: null, code: 'bad code!' },
        { name: 'X', parentId: null, code: 'C'.repeat(33) },
        { name: 'X', parentId: null, code: 12 },
      ]) {
        await refused(() => sys.post(url, body), 400, 'validation_failed');
      }
    });

    it('refuses JSON that is not an object', async () => {
      for (const payload of ['[]', 'null', '"name"', '42', 'true', '[{"name":"X","parentId":null}]']) {
        await refused(() => raw('POST', url, payload), 400, 'validation_failed');
      }
    });

    it('refuses malformed JSON (400 bad_request)', async () => {
      for (const payload of [
        '{"name":',
        '{name:"X"}',
        "{'name':'X'}",
        '{"name":"X",}',
        '{"name":"X"}garbage',
        '\u0000',
      ]) {
        await refused(() => raw('POST', url, payload), 400, 'bad_request');
      }
    });

    it('refuses malformed UTF-8 bytes (400 bad_request)', async () => {
      await refused(() => raw('POST', url, BAD_UTF8), 400, 'bad_request');
      // An overlong encoding of '"' and a lone surrogate half, inside an otherwise valid body.
      await refused(
        () =>
          raw(
            'POST',
            url,
            Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xc0, 0xa2]), Buffer.from('","parentId":null}')]),
          ),
        400,
        'bad_request',
      );
      await refused(
        () =>
          raw(
            'POST',
            url,
            Buffer.concat([
              Buffer.from('{"name":"A'),
              Buffer.from([0xed, 0xa0, 0x80]),
              Buffer.from('","parentId":null}'),
            ]),
          ),
        400,
        'bad_request',
      );
    });

    it('refuses an oversized body (413 payload_too_large)', async () => {
      const big = JSON.stringify({ name: 'Big', parentId: null, code: 'x'.repeat(300 * 1024) });
      await refused(() => raw('POST', url, big), 413, 'payload_too_large');
    });

    it('refuses other content types (415 unsupported_media_type)', async () => {
      const body = JSON.stringify({ name: 'Plain', parentId: null });
      for (const ct of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]) {
        await refused(() => raw('POST', url, body, ct), 415, 'unsupported_media_type');
      }
    });

    it('a __proto__ or constructor key is not a pollution vector', async () => {
      const payload =
        '{"name":"Proto","parentId":null,"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}';
      const head = await t.auditHead();
      const res = await raw('POST', url, payload);
      // Refused like any unknown field: strict input, nothing stored, nothing polluted.
      expect(res.statusCode, res.body).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      expect(await t.auditHead()).toBe(head);
      expect(
        await t.ctx.db.selectFrom('departments').select('id').where('name', '=', 'Proto').executeTakeFirst(),
      ).toBeUndefined();

      // On a user: no role can be smuggled in through the prototype.
      const u = (await sys.get(`/api/users/${target.id}`)).json() as User;
      const r2 = await raw(
        'PATCH',
        `/api/users/${target.id}`,
        `{"version":${u.version},"displayName":"Victim","__proto__":{"adminRole":"sysadmin","status":"disabled"}}`,
      );
      expect(r2.statusCode, r2.body).toBe(400);
      expect(await t.auditHead()).toBe(head);
      const row = await t.ctx.db
        .selectFrom('users')
        .select(['admin_role', 'status'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ admin_role: null, status: 'active' });
    });
  });

  describe('PATCH /api/users/:id', () => {
    const url = () => `/api/users/${target.id}`;

    it('refuses unknown fields, including fields only other endpoints may set (no mass assignment)', async () => {
      for (const extra of [
        { adminRole: 'sysadmin' },
        { clearanceClass: 'core' },
        { status: 'disabled' },
        { username: 'renamed' },
        { password: 'Secret-Password-1!' },
        { mustChangePassword: false },
        { mfaEnabled: false },
        { separationUntil: null },
        { id: target.id },
      ]) {
        await refused(() => sys.patch(url(), { version: target.version, ...extra }), 400, 'validation_failed');
      }
    });

    it('refuses wrong types without coercion', async () => {
      for (const body of [
        { version: String(target.version), displayName: 'X' },
        { version: 0, displayName: 'X' },
        { version: 1.5, displayName: 'X' },
        { version: -1, displayName: 'X' },
        { displayName: 'X' }, // version is required
        { version: target.version, displayName: 123 },
        { version: target.version, displayName: '' },
        { version: target.version, departmentId: 5 },
        { version: target.version, departmentId: 'root' },
        { version: target.version, email: 'not-an-email' },
        { version: target.version, email: 42 },
        { version: target.version, businessRoles: 'employee' },
        { version: target.version, businessRoles: ['superuser'] },
        { version: target.version, businessRoles: ['employee', 'dept_officer', 'dept_head', 'leadership', 'employee'] },
        { version: target.version, post: 'P'.repeat(65) },
      ]) {
        await refused(() => sys.patch(url(), body), 400, 'validation_failed');
      }
    });

    it('refuses malformed JSON, malformed UTF-8, oversized bodies and other content types', async () => {
      await refused(() => raw('PATCH', url(), `{"version":${target.version},"displayName":`), 400, 'bad_request');
      await refused(() => raw('PATCH', url(), BAD_UTF8), 400, 'bad_request');
      await refused(
        () => raw('PATCH', url(), JSON.stringify({ version: target.version, displayName: 'x'.repeat(300 * 1024) })),
        413,
        'payload_too_large',
      );
      await refused(
        () => raw('PATCH', url(), JSON.stringify({ version: target.version, displayName: 'Plain' }), 'text/plain'),
        415,
        'unsupported_media_type',
      );
    });

    it('refuses a malformed id in the path', async () => {
      for (const id of ['not-a-uuid', '1', `${target.id}x`, "' OR 1=1 --"]) {
        await refused(
          () => sys.patch(`/api/users/${encodeURIComponent(id)}`, { version: target.version, displayName: 'X' }),
          400,
          'validation_failed',
        );
      }
    });

    it('stores odd but valid text exactly (no injection through the name)', async () => {
      const odd = `Robert'); DROP TABLE users;-- 😀 \u202e`;
      const r = await sys.patch(url(), { version: target.version, displayName: odd });
      expect(r.statusCode, r.body).toBe(200);
      target = r.json() as User;
      expect(target.displayName).toBe(odd);
      expect((await sys.get(`/api/users?q=${encodeURIComponent("Robert');")}`)).json()).toMatchObject({ total: 1 });
      expect(await countRows(t, 'users')).toBeGreaterThan(3);
    });
  });

  describe('query strings', () => {
    it('accepts the largest page and refuses huge or malformed page numbers', async () => {
      const last = await sys.get('/api/users?page=100000&pageSize=100');
      expect(last.statusCode).toBe(200);
      expect(last.json()).toMatchObject({ items: [], page: 100000, pageSize: 100 });
      for (const qs of [
        'page=100001',
        'page=999999999',
        'page=99999999999999999999',
        'page=1e9',
        'page=1.5',
        'page=-1',
        'page=0',
        'page=Infinity',
        'page=NaN',
        'pageSize=1000000',
        'pageSize=0',
        'page=1&page=2',
        'sort=password_hash',
        'sort=username;drop',
        'order=sideways',
        'status=everything',
        'departmentId=root',
        `q=${'q'.repeat(65)}`,
        'unknown=1',
      ]) {
        await refused(() => sys.get(`/api/users?${qs}`), 400, 'validation_failed');
      }
      const d = (await sys.get('/api/departments')).json() as { items: { id: string }[] };
      await refused(() => sys.delete(`/api/departments/${d.items[0]!.id}?version=abc`), 400, 'validation_failed');
      await refused(
        () => sys.delete(`/api/departments/${d.items[0]!.id}?version=1&force=true`),
        400,
        'validation_failed',
      );
    });
  });

  describe('API documents and unknown paths', () => {
    it('GET /api/openapi.json is an OpenAPI 3 document listing the endpoints', async () => {
      const r = await t.agent().get('/api/openapi.json');
      expect(r.statusCode).toBe(200);
      const doc = r.json() as {
        openapi: string;
        info: { title: string };
        paths: Record<string, Record<string, unknown>>;
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBe('Baomi API');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/users', '/api/users/{id}', '/api/departments', '/api/audit/events']),
      );
      expect(Object.keys(doc.paths['/api/users']!)).toEqual(expect.arrayContaining(['get', 'post']));
    });

    it('/api/docs serves the HTML documentation page', async () => {
      let res = await t.agent().get('/api/docs'); // public, like the OpenAPI document
      for (let i = 0; i < 3 && res.statusCode >= 300 && res.statusCode < 400; i++) {
        const loc = String(res.headers.location);
        res = await t.agent().get(loc.startsWith('/') ? loc : `/api/docs/${loc.replace(/^\.\//, '')}`);
      }
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
      expect(res.body).toMatch(/swagger/i);
    });

    it('an unknown /api path is a 404 JSON error, signed in or not', async () => {
      for (const a of [t.agent(), sys]) {
        for (const [method, path] of [
          ['GET', '/api/nope'],
          ['POST', '/api/nope'],
          ['DELETE', '/api/users'],
          ['GET', '/api/users/'.concat(target.id, '/nope')],
        ] as const) {
          const head = await t.auditHead();
          const r = await a.request(method, path, method === 'GET' ? undefined : {});
          expect(r.statusCode, `${method} ${path}: ${r.body}`).toBe(404);
          expect(r.headers['content-type']).toMatch(/^application\/json/);
          expect(errorCode(r)).toBe('not_found');
          expect(await t.auditHead()).toBe(head);
        }
      }
    });
  });

  it('the caller is still the same signed-in sysadmin after all this', async () => {
    expect((await sys.get('/api/auth/me')).json()).toMatchObject({ user: { username: 'sysadmin' }, stage: 'full' });
    expect(await meId(sys)).toBeTruthy();
  });
});
