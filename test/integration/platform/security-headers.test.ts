/**
 * The exact security headers on every kind of answer: API JSON, API errors and 404s, the web app shell and
 * its static files, and the Swagger UI (the one place that may run inline scripts). HSTS only when the
 * public origin is HTTPS. Headers do not depend on the database, so SQLite alone is enough here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/app.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import type { AppContext } from '../../../src/platform/context.js';

const APP_CSP =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const COMMON = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const HSTS = 'max-age=31536000; includeSubDomains';
const SECURITY_HEADERS = ['content-security-policy', 'strict-transport-security', ...Object.keys(COMMON)];

function securityHeadersOf(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => SECURITY_HEADERS.includes(k.toLowerCase())));
}

describe.each([
  { name: 'plain HTTP', env: {}, hsts: false },
  { name: 'public HTTPS (behind a proxy)', env: { BAOMI_PUBLIC_HTTPS: 'true' }, hsts: true },
])('security headers, $name', ({ env, hsts }) => {
  let dir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  const expected = (csp: string) => ({
    'content-security-policy': csp,
    ...COMMON,
    ...(hsts ? { 'strict-transport-security': HSTS } : {}),
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-headers-'));
    const webRoot = path.join(dir, 'web');
    fs.mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Baomi</title>');
    fs.writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const config = loadConfig(env, { dataDir: dir, webRoot, jobsEnabled: false, logLevel: 'silent', kdfCost: 1024 });
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    app = await buildApp(ctx, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/api/health', 200],
    ['GET', '/api/auth/me', 401],
    ['GET', '/api/no-such-thing', 404],
    ['POST', '/api/auth/login', 403], // no CSRF token
    ['GET', '/api/openapi.json', 200],
  ])('API %s %s (%i): the app CSP, no caching', async (method, url, status) => {
    const res = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) });
    expect(res.statusCode).toBe(status);
    expect(securityHeadersOf(res.headers)).toEqual(expected(APP_CSP));
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['/', 200],
    ['/users', 200],
    ['/assets/app.js', 200],
  ])('web %s (%i): the app CSP, cacheable', async (url, status) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(securityHeadersOf(res.headers)).toEqual(expected(APP_CSP));
    expect(res.headers['cache-control']).not.toBe('no-store');
  });

  it.each([
    ['/api/docs', 200],
    ['/api/docs/', 200],
    ['/api/docs/json', 200],
    ['/api/docs/static/index.html', 302],
    ['/api/docs/static/swagger-ui.css', 200],
  ])('Swagger UI %s (%i): its own CSP, no caching', async (url, status) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(securityHeadersOf(res.headers)).toEqual(expected(DOCS_CSP));
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
