/**
 * Liveness and readiness while PostgreSQL goes away and comes back (issue 9), on a server of the test's own
 * (the shared one must stay up): GET /api/health keeps answering (the process lives), GET /api/ready answers
 * 503 `unavailable` with Retry-After, and so does every request that needs the database (a sign-in, a
 * write), instead of 500. Once PostgreSQL is back, the same process serves again without a restart.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/platform/app.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { SYSTEM_CONTEXT, type AppContext } from '../../../src/platform/context.js';
import { initialiseOrganisation } from '../../../src/modules/identity/services/setup-service.js';
import { createUser } from '../../../src/modules/identity/services/user-service.js';
import { Agent, STRONG_PASSWORD, errorCode, expectOk } from '../../helpers/api.js';
import { startOwnPostgres, type OwnPostgres } from '../../helpers/own-postgres.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

describe('readiness while PostgreSQL stops and starts again', () => {
  let server: OwnPostgres;
  let ctx: AppContext;
  let app: FastifyInstance;
  let dataDir: string;
  let person: Agent;

  beforeAll(async () => {
    server = await startOwnPostgres();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE baomi ENCODING 'UTF8' TEMPLATE template0`);
    await admin.end();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-ready-'));
    const config = loadConfig(
      {},
      { dataDir, databaseUrl: server.urlOf('baomi'), kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    app = await buildApp(ctx, { logger: false });
    await app.ready();
    await initialiseOrganisation(ctx, 'Ready Org');
    const { oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
      username: 'worker',
      displayName: 'Worker',
      departmentId: null,
    });
    person = new Agent({ app, ctx });
    await expectOk(await person.login('worker', oneTimePassword));
    await expectOk(
      await person.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: STRONG_PASSWORD }),
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.handle.close();
    await server?.destroy();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url });
  const expectUnavailable = (res: LightMyRequestResponse) => {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status: 503, code: 'unavailable' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('answers ready, then 503 unavailable while the database is down, then ready again', async () => {
    expect((await get('/api/health')).statusCode).toBe(200);
    const ready = await get('/api/ready');
    expect(ready.statusCode, ready.body).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'postgres' });
    await expectOk(await person.request('PATCH', '/api/me', { locale: 'en-US' }));

    await server.stop();

    // Liveness: the process is fine; readiness: it cannot serve.
    const health = await get('/api/health');
    expect(health.statusCode).toBe(200);
    expectUnavailable(await get('/api/ready'));
    // A write with a session (the session lookup is the first thing to fail), and a sign-in (a write of its own).
    expectUnavailable(await person.request('PATCH', '/api/me', { locale: 'zh-CN' }));
    expectUnavailable(await new Agent({ app, ctx }).login('worker', 'wrong-password'));

    await server.start();

    // The pool replaces its dead connections on demand: wait for readiness (a condition, bounded), then serve.
    await expect.poll(async () => (await get('/api/ready')).statusCode, { timeout: 10_000, interval: 50 }).toBe(200);
    await expectOk(await person.request('PATCH', '/api/me', { locale: 'zh-CN' }));
    expect((await new Agent({ app, ctx }).login('worker', STRONG_PASSWORD)).statusCode).toBe(200);
  }, 60_000);
});
