/**
 * 4. The authenticated read endpoint over HTTP, load from a second process (see docs/benchmarks.md).
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../src/platform/contracts/audit-actions.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import Fastify, { type FastifyRequest } from 'fastify';
import { readAuditHead } from '../src/platform/audit/audit-repo.js';
import { buildApp } from '../src/platform/app.js';
import { auditAlone, SYSTEM_CONTEXT, type AppContext } from '../src/platform/context.js';
import { sessionOf } from '../src/modules/identity/services/auth-service.js';
import { cookieNames } from '../src/platform/http/cookies.js';
import { sha256Hex } from '../src/platform/crypto/keys.js';
import { findSessionByTokenHash } from '../src/modules/identity/repositories/session-repo.js';
import { initialiseOrganisation } from '../src/modules/identity/services/setup-service.js';
import { createUser } from '../src/modules/identity/services/user-service.js';
import { BENCH_PASSWORD, HERE, log, notes, ROOT, rows, S, TARGET } from './common.js';
import type { LoadResult } from './load.js';
import { atLeast, atMost, fmtMs, fmtRate, fmtRatio } from './report.js';

// ---------------------------------------------------------------------------------------------------------
// 4. Authenticated read endpoint over HTTP, load from a second process

class CookieJar {
  private readonly m = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.m.delete(name);
      else this.m.set(name, value);
    }
  }
  header(): string {
    return [...this.m].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Signs an employee in over real HTTP as a browser would: CSRF token, login, forced password change. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const call = async (method: string, url: string, csrf: string | null, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: {
        cookie: jar.header(),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    jar.take(res);
    const json = (await res.json()) as { csrfToken?: string; stage?: string };
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  let csrf = (await call('GET', '/api/auth/csrf', null)).csrfToken!;
  const login = await call('POST', '/api/auth/login', csrf, { username, password });
  csrf = login.csrfToken!;
  const changed = await call('POST', '/api/auth/password', csrf, {
    currentPassword: password,
    newPassword: BENCH_PASSWORD,
  });
  if (changed.stage !== 'full')
    throw new Error(`expected a full session after the password change, got stage ${changed.stage}`);
  return jar.header();
}

function runLoad(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const spec = { url, connections: S.connections, duration: S.loadSeconds, warmup: S.warmupSeconds, headers };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'load.ts'), JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(last) as LoadResult);
      } catch (e) {
        reject(
          new Error(`load process failed (${e instanceof Error ? e.message : String(e)}): ${err.trim().slice(-2000)}`),
        );
      }
    });
  });
}

type Measured = LoadResult & { cpuUsPerRequest: number };

/**
 * runLoad, plus the CPU time this process (the server; the load runs in another process) spent per request
 * served, warm-up included on both sides: a measure of the work per request that other load on the machine
 * does not skew the way it skews requests per second.
 */
async function measureLoad(
  server: { on(event: 'request', fn: () => void): unknown; off(event: 'request', fn: () => void): unknown },
  url: string,
  headers: Record<string, string> = {},
): Promise<Measured> {
  let served = 0;
  const count = () => void served++;
  server.on('request', count);
  const cpu0 = process.cpuUsage();
  try {
    const r = await runLoad(url, headers);
    const cpu = process.cpuUsage(cpu0);
    return { ...r, cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, served) };
  } finally {
    server.off('request', count);
  }
}

/** Load on one route of a plain Fastify instance (no plugins, no hooks) in this process. */
async function bareRoute(handler: (req: FastifyRequest) => Promise<unknown>): Promise<Measured> {
  const app = Fastify({ logger: false });
  app.get('/bare', handler);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  try {
    return await measureLoad(app.server, `http://127.0.0.1:${port}/bare`);
  } finally {
    await app.close();
  }
}

/** The reference: hello world. */
const helloWorld = () => bareRoute(async () => ({ hello: 'world' }));

/**
 * Context: a bare route that only appends the request's audit event the way the real route does (auditAlone,
 * group-committed, durable before the answer). What the durable audit event alone costs next to hello world.
 */
const auditOnly = (ctx: AppContext) =>
  bareRoute(async (req) => {
    await auditAlone(
      ctx,
      { actor: null, ip: req.ip, requestId: String(req.id) },
      { action: 'bench.audit_only' as AuditAction, targetType: 'bench', targetId: null },
    );
    return { ok: true };
  });

/**
 * Context: a bare route that only reads the session and its user, through the lookup the server's onRequest
 * hook runs on every request (one prepared statement). What one database read costs next to hello world.
 */
const sessionReadOnly = (ctx: AppContext, tokenHash: string) =>
  bareRoute(async () => {
    if (!(await findSessionByTokenHash(ctx.db, tokenHash))) throw new Error('bench session not found');
    return { ok: true };
  });

function describeLoad(r: Measured): string {
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${fmtRate(r.reqPerSec, ' req/s')}, p99 ${fmtMs(r.latencyMs.p99)}, ${Math.round(r.cpuUsPerRequest)} µs CPU/req${bad ? ` (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : ''}`;
}

export async function benchHttp(ctx: AppContext): Promise<void> {
  log(`${ctx.kind}: HTTP, ${S.connections} connections x ${S.loadSeconds} s per run (load from a second process)`);
  await initialiseOrganisation(ctx, 'Bench Org');
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const username = 'bench.employee';
  const { oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
    username,
    displayName: 'Bench Employee',
    departmentId: root.id,
  });

  const app = await buildApp(ctx, { logger: false });
  // buildApp registers everything but does not call ready(), so one more route may still be added.
  // No config.auth: the default need is a full session, so the server's onRequest hook resolves it.
  app.get('/api/bench/item', { schema: { hide: true } }, async (req) => {
    const s = sessionOf(req);
    const dept = s.user.department_id
      ? await ctx.db
          .selectFrom('departments')
          .select(['id', 'name', 'code'])
          .where('id', '=', s.user.department_id)
          .executeTakeFirst()
      : undefined;
    await auditAlone(ctx, req.rc, {
      action: 'bench.read' as AuditAction,
      targetType: 'department',
      targetId: dept?.id ?? null,
    });
    return { department: dept ?? null };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const cookie = await signIn(base, username, oneTimePassword);
    const probe = await fetch(`${base}/api/bench/item`, { headers: { cookie } });
    if (probe.status !== 200) throw new Error(`GET /api/bench/item -> ${probe.status}: ${await probe.text()}`);
    const before = (await readAuditHead(ctx.db)).seq;

    const hello = await helloWorld();
    const item = await measureLoad(app.server, `${base}/api/bench/item`, { cookie });
    const after = (await readAuditHead(ctx.db)).seq;
    const me = await measureLoad(app.server, `${base}/api/auth/me`, { cookie });
    const bare = await auditOnly(ctx);
    const sessionCookie = cookie.split('; ').find((c) => c.startsWith(`${cookieNames(ctx.config).session}=`));
    if (!sessionCookie) throw new Error('no session cookie after sign-in');
    const sessionRead = await sessionReadOnly(
      ctx,
      sha256Hex(decodeURIComponent(sessionCookie.slice(sessionCookie.indexOf('=') + 1))),
    );

    const section = `4. Authenticated read endpoint (HTTP, ${S.connections} connections, ${S.loadSeconds} s)`;
    const ratio = item.reqPerSec / hello.reqPerSec;
    rows.push({
      section,
      db: ctx.kind,
      measure: 'GET /api/bench/item req/s (session + 1 row + audit event)',
      result: fmtRate(item.reqPerSec, ' req/s'),
      reference: `hello world ${fmtRate(hello.reqPerSec, ' req/s')}`,
      ratio: fmtRatio(ratio),
      target: `>= ${TARGET.httpRatio}x`,
      status: atLeast(ratio, TARGET.httpRatio) === 'PASS' && item.non2xx + item.errors === 0 ? 'PASS' : 'MISS',
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: 'GET /api/bench/item p99 latency',
      result: fmtMs(item.latencyMs.p99),
      reference: `hello world p99 ${fmtMs(hello.latencyMs.p99)}`,
      ratio: '',
      target: `<= ${TARGET.httpP99} ms`,
      status: atMost(item.latencyMs.p99, TARGET.httpP99),
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: '  context: bench/item p50 / mean latency',
      result: `${fmtMs(item.latencyMs.p50)} / ${fmtMs(item.latencyMs.mean)}`,
      reference: `${fmtMs(hello.latencyMs.p50)} / ${fmtMs(hello.latencyMs.mean)}`,
      ratio: '',
      target: '',
      status: '',
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: '  context: server CPU per request, bench/item (hello world)',
      result: `${Math.round(item.cpuUsPerRequest)} µs`,
      reference: `${Math.round(hello.cpuUsPerRequest)} µs`,
      ratio: fmtRatio(hello.cpuUsPerRequest / item.cpuUsPerRequest),
      target: '',
      status: '',
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: '  context: GET /api/auth/me (no audit event)',
      result: describeLoad(me),
      reference: '',
      ratio: fmtRatio(me.reqPerSec / hello.reqPerSec),
      target: '',
      status: '',
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: '  context: bare Fastify route that only appends the audit event',
      result: describeLoad(bare),
      reference: '',
      ratio: fmtRatio(bare.reqPerSec / hello.reqPerSec),
      target: '',
      status: '',
    });
    rows.push({
      section,
      db: ctx.kind,
      measure: "  context: bare Fastify route that only reads the session (the server's prepared lookup)",
      result: describeLoad(sessionRead),
      reference: '',
      ratio: fmtRatio(sessionRead.reqPerSec / hello.reqPerSec),
      target: '',
      status: '',
    });
    // Closed loop: every connection waits for its answer, so the mean latency is connections / throughput.
    const needed = S.connections / (TARGET.httpP99 / 1000);
    if (item.latencyMs.p99 > TARGET.httpP99 && item.reqPerSec < needed) {
      notes.push(
        `${ctx.kind}, HTTP p99: with ${S.connections} connections each waiting for its answer, the mean latency is connections / throughput ` +
          `= ${fmtMs((S.connections / item.reqPerSec) * 1000)} at ${fmtRate(item.reqPerSec, ' req/s')}; a p99 of ${TARGET.httpP99} ms needs at least ` +
          `${fmtRate(needed, ' req/s')} first.`,
      );
    }
    if (ratio < TARGET.httpRatio) {
      // The server's CPU per request does not depend on how busy the rest of the machine is.
      const us = (r: Measured) => `${Math.round(r.cpuUsPerRequest)} µs`;
      notes.push(
        `${ctx.kind}, HTTP: the server spends ${us(item)} of CPU per bench/item request and ${us(hello)} per hello-world request. ` +
          `While the server's own CPU is the limit, ${TARGET.httpRatio}x of hello world leaves the endpoint ` +
          `${Math.round(hello.cpuUsPerRequest / TARGET.httpRatio - hello.cpuUsPerRequest)} µs per request on top of hello world for its session check, ` +
          `its row and its durable audit event together; the audit event alone (a bare route) costs ${Math.round(bare.cpuUsPerRequest - hello.cpuUsPerRequest)} µs, ` +
          `the session read alone (a bare route) ${Math.round(sessionRead.cpuUsPerRequest - hello.cpuUsPerRequest)} µs ` +
          `on top of hello world, the whole endpoint ${Math.round(item.cpuUsPerRequest - hello.cpuUsPerRequest)} µs.`,
      );
    }
    if (item.non2xx + item.errors + item.timeouts > 0)
      notes.push(
        `${ctx.kind}: /api/bench/item had ${item.non2xx} non-2xx answers, ${item.errors} errors, ${item.timeouts} timeouts.`,
      );
    log(`${ctx.kind}: hello ${describeLoad(hello)}`);
    log(
      `${ctx.kind}: bench/item ${describeLoad(item)}; audit events written: ${(after - before).toLocaleString('en-US')}`,
    );
    log(`${ctx.kind}: auth/me ${describeLoad(me)}`);
    log(`${ctx.kind}: audit-only route ${describeLoad(bare)}`);
    log(`${ctx.kind}: session-read-only route ${describeLoad(sessionRead)}`);
  } finally {
    await app.close();
  }
}
