/**
 * Starts Baomi in-process on a fresh database and drives it through HTTP (fastify.inject), with a
 * controllable clock and agents that keep cookies and the CSRF token like a browser.
 */
import crypto from 'node:crypto';
import pino from 'pino';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { buildApp } from '../../src/platform/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { createContext } from '../../src/platform/runtime.js';
import type { AppContext } from '../../src/platform/context.js';
import { initialiseOrganisation, type InitialCredential } from '../../src/modules/identity/services/setup-service.js';
import { base32Decode, hotp, totpStep } from '../../src/kernel/totp.js';
import { createUser } from '../../src/modules/identity/services/user-service.js';
import { SYSTEM_CONTEXT } from '../../src/platform/context.js';
import { readAuditHead } from '../../src/platform/audit/audit-repo.js';
import { freshDatabase, type FreshDatabase, type TestDbKind } from './db.js';

export const STRONG_PASSWORD = 'Correct-Horse-42!';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: FreshDatabase;
  creds: Record<string, InitialCredential>;
  rootDepartmentId: string;
  /** Moves the test clock forward. */
  advance(ms: number): void;
  agent(): Agent;
  /** A fully signed-in administrator (password changed, MFA enrolled). */
  admin(role: 'sysadmin' | 'secadmin' | 'auditor'): Promise<Agent>;
  /** Creates an employee through the API as sysadmin and signs them in fully. */
  employee(username: string): Promise<Agent & { userId: string }>;
  auditHead(): Promise<number>;
  close(): Promise<void>;
  /** Closes the app but keeps its database and data dir, to start copies from: `startTestApp(kind, { from })`. */
  snapshot(): Promise<AppSnapshot>;
}

/** A closed test app to start copies from: its database (kept until `db.cleanup()`), clock and credentials. */
export interface AppSnapshot {
  db: FreshDatabase;
  nowMs: number;
  creds: Record<string, InitialCredential>;
}

export class Agent {
  cookies = new Map<string, string>();
  csrf = '';
  mfaSecret = '';
  /** The source address the server sees (light-my-request's remoteAddress); 127.0.0.1 when unset. */
  address: string | undefined;
  constructor(private readonly t: { app: FastifyInstance; ctx: AppContext }) {}

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.t.app.inject({
      method: method as 'GET',
      url,
      ...(this.address ? { remoteAddress: this.address } : {}),
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json =
      res.body && res.headers['content-type']?.toString().includes('json')
        ? (res.json() as { csrfToken?: unknown })
        : null;
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return res;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(username: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/api/auth/csrf');
    return this.post('/api/auth/login', { username, password });
  }

  totp(offsetSteps = 0): string {
    return hotp(base32Decode(this.mfaSecret), totpStep(this.t.ctx.now()) + offsetSteps, (k, m) =>
      crypto.createHmac('sha1', k).update(m).digest(),
    );
  }
}

export async function startTestApp(
  kind: TestDbKind,
  opts: {
    init?: boolean;
    webRoot?: string;
    onRoute?: (route: RouteOptions) => void;
    /** Start on a copy of a closed app's database and data dir, at its clock, with its credentials. */
    from?: AppSnapshot;
  } = {},
): Promise<TestApp> {
  const db = await freshDatabase(kind, opts.from?.db);
  let nowMs = opts.from?.nowMs ?? Date.parse('2026-11-23T08:00:00.000Z');
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.url,
      kdfCost: 1024,
      jobsEnabled: false,
      logLevel: 'silent',
      webRoot: opts.webRoot,
    },
  );
  const ctx = await createContext(config, { log: pino({ level: 'silent' }), now: () => new Date(nowMs) });
  const app = await buildApp(ctx, { logger: false, ...(opts.onRoute ? { onRoute: opts.onRoute } : {}) });
  await app.ready();
  const credList = opts.init === false || opts.from ? [] : await initialiseOrganisation(ctx, 'Test Org');
  const creds = opts.from?.creds ?? Object.fromEntries(credList.map((c) => [c.role, c]));
  const root = await ctx.db.selectFrom('departments').select('id').where('parent_id', 'is', null).executeTakeFirst();
  const t: TestApp = {
    app,
    ctx,
    db,
    creds,
    rootDepartmentId: root?.id ?? '',
    advance: (ms) => {
      nowMs += ms;
    },
    agent: () => new Agent({ app, ctx }),
    admin: async (role) => {
      const a = new Agent({ app, ctx });
      const c = creds[role]!;
      await expectOk(await a.login(c.username, c.oneTimePassword));
      await expectOk(
        await a.post('/api/auth/password', { currentPassword: c.oneTimePassword, newPassword: STRONG_PASSWORD }),
      );
      const enrol = await a.post('/api/auth/mfa/enrol/start');
      a.mfaSecret = (enrol.json() as { secret: string }).secret;
      await expectOk(await a.post('/api/auth/mfa/enrol/confirm', { code: a.totp() }));
      // Later sign-ins of this admin need a fresh code: step the clock past the used one.
      nowMs += 30_000;
      return a;
    },
    employee: async (username) => {
      // Created through the service (as the CLI does): the admin agents' sessions may have gone idle
      // while a test moved the clock.
      const { user, oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
        username,
        displayName: username,
        departmentId: t.rootDepartmentId,
      });
      const a = new Agent({ app, ctx }) as Agent & { userId: string };
      a.userId = user.id;
      await expectOk(await a.login(username, oneTimePassword));
      await expectOk(
        await a.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: STRONG_PASSWORD }),
      );
      return a;
    },
    auditHead: async () => (await readAuditHead(ctx.db)).seq,
    close: async () => {
      await app.close();
      await ctx.handle.close();
      await db.cleanup();
    },
    snapshot: async () => {
      await app.close();
      await ctx.handle.close();
      return { db, nowMs, creds };
    },
  };
  return t;
}

export async function expectOk(res: LightMyRequestResponse): Promise<void> {
  if (res.statusCode >= 300) throw new Error(`expected success, got ${res.statusCode}: ${res.body}`);
}

export function errorCode(res: LightMyRequestResponse): string | undefined {
  try {
    return (res.json() as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
