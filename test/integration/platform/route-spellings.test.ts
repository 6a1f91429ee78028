/**
 * Every route Fastify registered (its own route table, not the OpenAPI document), requested anonymously and
 * by a signed-in employee through many spellings of its path: percent-encoded letters and slashes, double
 * encoding, upper case, double slashes, dot segments, a trailing slash, `;` parameters. A spelling either
 * reaches the same route — and gets the same answer as the canonical path — or no route, and gets a JSON 404.
 * Never data for the anonymous, never a 5xx, never a write, and API answers are never cached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { normalisedPath } from '../../../src/platform/http/web-surface.js';
import * as users from '../../../src/modules/identity/services/user-service.js';
import * as userLifecycle from '../../../src/modules/identity/services/user-lifecycle.js';
import * as departments from '../../../src/modules/identity/services/department-service.js';
import * as items from '../../../src/modules/classification/services/item-reads.js';

const SHELL = '<!doctype html><title>Baomi shell</title>';
const ANY_ID = '00000000-0000-4000-8000-000000000001';

/** Spellings of `/api/<rest>` a lenient client, proxy or attacker might send. */
export function spellingsOf(p: string): string[] {
  const rest = p.slice('/api/'.length);
  const first = rest.split('/')[0]!;
  return [
    `/%61pi/${rest}`,
    `/%61%70%69/${rest}`,
    `/api/%${first.charCodeAt(0).toString(16)}${rest.slice(1)}`,
    `/%2561pi/${rest}`,
    `/API/${rest}`,
    `/Api/${rest}`,
    `/api//${rest}`,
    `//api/${rest}`,
    `/api/./${rest}`,
    `/x/../api/${rest}`,
    `/api/${rest}/`,
    `/api/${rest};x=1`,
    `/api;x=1/${rest}`,
    `/api%2F${rest}`,
    `/api%2f${rest.replace(/\//g, '%2F')}`,
    `/api\\${rest}`,
  ];
}

interface Route {
  method: string;
  url: string;
  isPublic: boolean;
}

/** Tables a refused request must not have written to. */
const TABLES = [
  'users',
  'departments',
  'secret_items',
  'approval_requests',
  'access_grants',
  'classification_authorities',
  'settings',
] as const;

describe('path normalisation (pure)', () => {
  it.each([
    ['/%61pi/users', '/api/users'],
    ['/%2561pi/users', '/api/users'],
    ['/API//users/', '/api/users'],
    ['/x/../api/./users', '/api/users'],
    ['/api;x=1/users', '/api/users'],
    ['/api%2Fusers', '/api/users'],
    ['/api\\users', '/api/users'],
    ['/users?q=/api/x', '/users'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalisedPath(raw)).toBe(expected);
  });
});

describe.each(DB_KINDS)('every route through every spelling on %s', (kind) => {
  let t: TestApp;
  let emp: Agent & { userId: string };
  let webRoot: string;
  const routes: Route[] = [];

  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-web-'));
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), SHELL);
    fs.writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const seen: RouteOptions[] = [];
    t = await startTestApp(kind, { webRoot, onRoute: (r) => seen.push(r) });
    for (const r of seen) {
      const surface = (r.config as { surface?: string } | undefined)?.surface;
      if (surface === 'web' || surface === 'docs') continue;
      for (const method of [r.method].flat()) {
        routes.push({ method, url: r.url, isPublic: (r.config as { auth?: unknown } | undefined)?.auth === 'public' });
      }
    }
    emp = await t.employee('spelling.emp');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const n of TABLES) {
      const r = await t.ctx.db
        .selectFrom(n)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[n] = Number(r.n);
    }
    return out;
  }

  function send(agent: Agent, method: string, url: string): Promise<LightMyRequestResponse> {
    const unsafe = method !== 'GET' && method !== 'HEAD';
    return agent.request(method, url, unsafe ? {} : undefined);
  }

  /**
   * The same route answers the same; anything else is a JSON refusal: 404 (no route), or 400 when the
   * spelling garbles a parameter (`<id>;x=1` is not an id).
   */
  function checkAgainst(canonical: LightMyRequestResponse, res: LightMyRequestResponse, label: string): void {
    expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
    if (json || res.statusCode !== 200) expect(res.headers['cache-control'], label).toBe('no-store');
    if (res.statusCode === canonical.statusCode) return;
    expect([400, 404], `${label}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
    expect(json, label).toBe(true);
  }

  it('has collected the API routes from the route table', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain('GET /api/users');
    expect(urls).toContain('POST /api/auth/login');
    expect(urls).toContain('POST /api/departments');
    expect(routes.length).toBeGreaterThan(50);
    // Public API routes are exactly the ones that say so in their own config.
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(expect.arrayContaining(['GET /api/health', 'GET /api/openapi.json', 'POST /api/auth/login']));
  });

  it('anonymous: never data, never 5xx, never a write, through any spelling', async () => {
    const anon = t.agent();
    const before = await counts();
    for (const r of routes) {
      const p = r.url.replace(/:id\b/g, ANY_ID);
      const canonical = await send(anon, r.method, p);
      expect(canonical.statusCode, `${r.method} ${p}`).toBeLessThan(500);
      if (!r.isPublic) expect([401, 403], `${r.method} ${p}: ${canonical.body}`).toContain(canonical.statusCode);
      for (const s of spellingsOf(p)) {
        const res = await send(anon, r.method, s);
        checkAgainst(canonical, res, `anonymous ${r.method} ${s}`);
        if (!r.isPublic) expect(res.statusCode, `anonymous ${r.method} ${s}`).not.toBe(200);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('a signed-in employee gets through a spelling exactly what the canonical path gives, and writes nothing', async () => {
    const before = await counts();
    // Sign-in steps would change the employee's own session; they are covered anonymously above.
    for (const r of routes.filter((x) => !x.url.startsWith('/api/auth/'))) {
      const p = r.url.replace(/:id\b/g, ANY_ID);
      const canonical = await send(emp, r.method, p);
      expect(canonical.statusCode, `${r.method} ${p}: ${canonical.body}`).toBeLessThan(500);
      for (const s of spellingsOf(p))
        checkAgainst(canonical, await send(emp, r.method, s), `employee ${r.method} ${s}`);
    }
    expect(await counts()).toEqual(before);
    expect((await emp.get('/api/auth/me')).statusCode).toBe(200);
    // Every route times every spelling: the time grows with the API (about 30 s for 300 routes on a loaded machine).
  }, 240_000);

  it('a service reached without an actor refuses as unauthenticated (never a crash, never the operator path)', async () => {
    const rc = { actor: null, ip: '203.0.113.9', requestId: 'no-actor' };
    const calls: [string, () => Promise<unknown>][] = [
      ['listUsers', () => users.listUsers(t.ctx, rc, { page: 1, pageSize: 10, sort: 'username', order: 'asc' })],
      ['getUser', () => users.getUser(t.ctx, rc, emp.userId)],
      [
        'createUser',
        () => users.createUser(t.ctx, rc, { username: 'never.made', displayName: 'x', departmentId: null }),
      ],
      ['changeUserStatus', () => userLifecycle.changeUserStatus(t.ctx, rc, emp.userId, 'disable', 1)],
      ['listDepartments', () => departments.listDepartments(t.ctx, rc)],
      ['createDepartment', () => departments.createDepartment(t.ctx, rc, { name: 'Never', parentId: null })],
      ['listItems', () => items.listItems(t.ctx, rc, { sort: 'number', order: 'desc', limit: 20 })],
    ];
    const before = await counts();
    for (const [name, call] of calls) {
      await expect(call(), name).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    expect(await counts()).toEqual(before);
  });

  it('sign-in through a spelled path still needs the CSRF token', async () => {
    const a = t.agent();
    await a.get('/api/auth/csrf');
    const res = await a.request(
      'POST',
      '/%61pi/auth/login',
      { username: 'spelling.emp', password: 'x' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('the web shell and files are served to anyone, with page headers; API-looking paths never get the shell', async () => {
    const a = t.agent();
    const page = await a.get('/users');
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(SHELL);
    expect(page.headers['cache-control']).not.toBe('no-store');
    expect((await a.get('/assets/app.js')).statusCode).toBe(200);
    for (const s of [
      '/API/users',
      '/api//users',
      '/%2561pi/users',
      '/x/../api/users',
      '/api',
      '/api/',
      '/api/nothing',
    ]) {
      const res = await a.get(s);
      // 404 where no route matched; 401 where the path reached the real route (the client resolved `..`).
      expect([401, 404], s).toContain(res.statusCode);
      expect(res.headers['content-type'], s).toMatch(/^application\/json/);
      expect(res.headers['cache-control'], s).toBe('no-store');
    }
  });
});
