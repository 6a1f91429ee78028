/**
 * 4. The authenticated read endpoint over HTTP, load from a second process (see docs/benchmarks.md).
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../src/platform/contracts/audit-actions.js';
import { readAuditHead } from '../src/platform/audit/audit-repo.js';
import { buildApp } from '../src/platform/app.js';
import { auditAlone, SYSTEM_CONTEXT, type AppContext } from '../src/platform/context.js';
import { resolveSession, sessionOf } from '../src/modules/identity/services/auth-service.js';
import { cookieNames } from '../src/platform/http/cookies.js';
import { sha256Hex } from '../src/platform/crypto/keys.js';
import { findSessionByTokenHash } from '../src/modules/identity/repositories/session-repo.js';
import { initialiseOrganisation } from '../src/modules/identity/services/setup-service.js';
import { findDepartmentById } from '../src/modules/identity/index.js';
import { createUser } from '../src/modules/identity/services/user-service.js';
import type { FastifyRequest } from 'fastify';
import { log, notes, rows, S, TARGET } from './common.js';
import { bareRoute, measureLoad, median, medianOf, signIn, type Measured } from './http-load.js';
import { atLeast, atMost, fmtMs, fmtRate, fmtRatio, type Row } from './report.js';

/** People signed in for the load, each with a session of their own. */
const SESSIONS = 16;

/** The reference: hello world. */
const helloWorld = () => bareRoute(async () => ({ hello: 'world' }));

/** Reads the session token from a request's cookie header (bare routes have no cookie plugin). */
function tokenReader(ctx: AppContext): (req: FastifyRequest) => string {
  const pattern = new RegExp(`(?:^|;\\s*)${cookieNames(ctx.config).session}=([^;]*)`);
  return (req) => {
    const m = pattern.exec(req.headers.cookie ?? '');
    if (!m) throw new Error('bench request without a session cookie');
    return decodeURIComponent(m[1]!);
  };
}

/**
 * The endpoint's own reference (issue 19): a bare route that does only what the server does for the
 * endpoint's session and audit event — the same session resolution the onRequest hook runs (lookup, policy,
 * state, last-seen touch) and the same group-committed durable audit event — without plugins, hooks or the row.
 */
const sessionAndAudit = (ctx: AppContext, cookies: readonly string[]) => {
  const tokenOf = tokenReader(ctx);
  return bareRoute(async (req) => {
    const rc = { actor: null, ip: req.ip, requestId: String(req.id), sessionId: null };
    const s = await resolveSession(ctx, rc, tokenOf(req), true);
    await auditAlone(
      ctx,
      { ...rc, actor: s.actor, sessionId: s.sessionId },
      { action: 'bench.reference' as AuditAction, targetType: 'bench', targetId: null },
    );
    return { ok: true };
  }, cookies);
};

/**
 * Floor: a bare route that only appends the request's audit event the way the real route does (auditAlone,
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
 * Floor: a bare route that only reads the session, its user and department through the lookup the server's
 * onRequest hook runs on every request (one prepared statement, shared by the requests waiting at once on
 * PostgreSQL). What the read costs next to hello world.
 */
const sessionReadOnly = (ctx: AppContext, cookies: readonly string[]) => {
  const tokenOf = tokenReader(ctx);
  return bareRoute(async (req) => {
    if (!(await findSessionByTokenHash(ctx.db, sha256Hex(tokenOf(req))))) throw new Error('bench session not found');
    return { ok: true };
  }, cookies);
};

function describeLoad(kind: string, r: Measured): string {
  const bad = r.non2xx + r.errors + r.timeouts;
  const trips = kind === 'postgres' ? `, ${r.pgRoundTripsPerRequest.toFixed(2)} round trips/req` : '';
  return `${fmtRate(r.reqPerSec, ' req/s')}, p99 ${fmtMs(r.latencyMs.p99)}, ${Math.round(r.cpuUsPerRequest)} µs CPU/req${trips}${bad ? ` (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)` : ''}`;
}

interface Run {
  hello: Measured;
  item: Measured;
  reference: Measured;
  me: Measured;
  audit: Measured;
  session: Measured;
}

export async function benchHttp(ctx: AppContext): Promise<void> {
  log(
    `${ctx.kind}: HTTP, ${S.connections} connections x ${S.loadSeconds} s per load, ${S.httpRuns} runs, ${SESSIONS} sessions (load from a second process)`,
  );
  await initialiseOrganisation(ctx, 'Bench Org');
  const root = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  // Several people signed in, their cookies sent in turn: the requests that share a session read on
  // PostgreSQL read different sessions, as a real server's do.
  const people: { username: string; password: string }[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const username = `bench.employee${i}`;
    const { oneTimePassword } = await createUser(ctx, SYSTEM_CONTEXT, {
      username,
      displayName: `Bench Employee ${i}`,
      departmentId: root.id,
    });
    people.push({ username, password: oneTimePassword });
  }

  const app = await buildApp(ctx, { logger: false });
  // buildApp registers everything but does not call ready(), so one more route may still be added.
  // No config.auth: the default need is a full session, so the server's onRequest hook resolves it.
  app.get('/api/bench/item', { schema: { hide: true } }, async (req) => {
    const s = sessionOf(req);
    // The directory's own read by id, as real read endpoints read their row (findItemById, findCarrierById).
    const dept = s.user.department_id ? await findDepartmentById(ctx.db, s.user.department_id) : undefined;
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
    const cookies = await Promise.all(people.map((p) => signIn(base, p.username, p.password)));
    for (const cookie of cookies) {
      const probe = await fetch(`${base}/api/bench/item`, { headers: { cookie } });
      if (probe.status !== 200) throw new Error(`GET /api/bench/item -> ${probe.status}: ${await probe.text()}`);
    }

    // Interleaved runs: each route sees the machine as the others did, and a burst of other work on the
    // shared machine moves one run, not one route's every figure.
    const runs: Run[] = [];
    for (let i = 0; i < S.httpRuns; i++) {
      const before = (await readAuditHead(ctx.db)).seq;
      const hello = await helloWorld();
      const item = await measureLoad(app.server, `${base}/api/bench/item`, cookies);
      const after = (await readAuditHead(ctx.db)).seq;
      const reference = await sessionAndAudit(ctx, cookies);
      const me = await measureLoad(app.server, `${base}/api/auth/me`, cookies);
      const audit = await auditOnly(ctx);
      const session = await sessionReadOnly(ctx, cookies);
      runs.push({ hello, item, reference, me, audit, session });
      log(
        `${ctx.kind}: run ${i + 1}/${S.httpRuns}: hello ${describeLoad(ctx.kind, hello)}; bench/item ${describeLoad(ctx.kind, item)} ` +
          `(${(after - before).toLocaleString('en-US')} audit events); reference ${describeLoad(ctx.kind, reference)}; ` +
          `auth/me ${describeLoad(ctx.kind, me)}; audit only ${describeLoad(ctx.kind, audit)}; session read only ${describeLoad(ctx.kind, session)}`,
      );
    }
    report(ctx.kind, runs);
  } finally {
    await app.close();
  }
}

function report(kind: 'sqlite' | 'postgres', runs: Run[]): void {
  const m = (f: (r: Run) => Measured) => medianOf(runs.map(f));
  const [hello, item, reference, me, audit, session] = [
    m((r) => r.hello),
    m((r) => r.item),
    m((r) => r.reference),
    m((r) => r.me),
    m((r) => r.audit),
    m((r) => r.session),
  ];
  // Ratios within a run (both loads a minute apart at most), then their median.
  const ratio = (a: (r: Run) => Measured, b: (r: Run) => Measured) =>
    median(runs.map((r) => a(r).reqPerSec / b(r).reqPerSec));
  const toHello = ratio(
    (r) => r.item,
    (r) => r.hello,
  );
  const toReference = ratio(
    (r) => r.item,
    (r) => r.reference,
  );
  const failed = item.non2xx + item.errors;
  const section = `4. Authenticated read endpoint (HTTP, ${S.connections} connections, ${S.loadSeconds} s, medians of ${runs.length} runs)`;
  const row = (r: Omit<Row, 'section' | 'db'>) => rows.push({ section, db: kind, ...r });
  const target = TARGET.httpRatio[kind];
  const p99 = TARGET.httpP99[kind];
  row({
    measure: 'GET /api/bench/item req/s (session + 1 row + audit event)',
    result: fmtRate(item.reqPerSec, ' req/s'),
    reference: `hello world ${fmtRate(hello.reqPerSec, ' req/s')}`,
    ratio: fmtRatio(toHello),
    target: `>= ${target}x`,
    status: atLeast(toHello, target) === 'PASS' && failed === 0 ? 'PASS' : 'MISS',
  });
  row({
    measure: 'GET /api/bench/item against a bare route doing only the same session read and audit append',
    result: fmtRate(item.reqPerSec, ' req/s'),
    reference: `bare route ${fmtRate(reference.reqPerSec, ' req/s')}`,
    ratio: fmtRatio(toReference),
    target: `>= ${TARGET.httpReferenceRatio}x`,
    status: atLeast(toReference, TARGET.httpReferenceRatio) === 'PASS' && failed === 0 ? 'PASS' : 'MISS',
  });
  row({
    measure: 'GET /api/bench/item p99 latency',
    result: fmtMs(item.latencyMs.p99),
    reference: `hello world p99 ${fmtMs(hello.latencyMs.p99)}`,
    ratio: '',
    target: `<= ${p99} ms`,
    status: atMost(item.latencyMs.p99, p99),
  });
  const context = (measure: string, result: string, reference = '', r = '') =>
    row({ measure: `  context: ${measure}`, result, reference, ratio: r, target: '', status: '' });
  context(
    'bench/item p50 / mean latency',
    `${fmtMs(item.latencyMs.p50)} / ${fmtMs(item.latencyMs.mean)}`,
    `${fmtMs(hello.latencyMs.p50)} / ${fmtMs(hello.latencyMs.mean)}`,
  );
  context(
    'server CPU per request, bench/item (hello world)',
    `${Math.round(item.cpuUsPerRequest)} µs`,
    `${Math.round(hello.cpuUsPerRequest)} µs`,
    fmtRatio(hello.cpuUsPerRequest / item.cpuUsPerRequest),
  );
  if (kind === 'postgres')
    context(
      'PostgreSQL round trips per request served: bench/item / bare reference / auth/me',
      `${item.pgRoundTripsPerRequest.toFixed(2)} / ${reference.pgRoundTripsPerRequest.toFixed(2)} / ${me.pgRoundTripsPerRequest.toFixed(2)}`,
    );
  context(
    'the bare route doing only the same session read and audit append (reference above)',
    describeLoad(kind, reference),
    '',
    fmtRatio(
      ratio(
        (r) => r.reference,
        (r) => r.hello,
      ),
    ),
  );
  context(
    'GET /api/auth/me (no audit event)',
    describeLoad(kind, me),
    '',
    fmtRatio(
      ratio(
        (r) => r.me,
        (r) => r.hello,
      ),
    ),
  );
  context(
    'floor: bare Fastify route that only appends the audit event',
    describeLoad(kind, audit),
    '',
    fmtRatio(
      ratio(
        (r) => r.audit,
        (r) => r.hello,
      ),
    ),
  );
  context(
    "floor: bare Fastify route that only reads the session (the server's prepared lookup)",
    describeLoad(kind, session),
    '',
    fmtRatio(
      ratio(
        (r) => r.session,
        (r) => r.hello,
      ),
    ),
  );

  // Closed loop: every connection waits for its answer, so the mean latency is connections / throughput.
  const needed = S.connections / (p99 / 1000);
  if (item.latencyMs.p99 > p99 && item.reqPerSec < needed) {
    notes.push(
      `${kind}, HTTP p99: with ${S.connections} connections each waiting for its answer, the mean latency is connections / throughput ` +
        `= ${fmtMs((S.connections / item.reqPerSec) * 1000)} at ${fmtRate(item.reqPerSec, ' req/s')}; a p99 of ${p99} ms needs at least ` +
        `${fmtRate(needed, ' req/s')} first.`,
    );
  }
  // The server's CPU per request does not depend on how busy the rest of the machine is.
  const us = (r: Measured) => Math.round(r.cpuUsPerRequest - hello.cpuUsPerRequest);
  notes.push(
    `${kind}, HTTP: on top of hello world's ${Math.round(hello.cpuUsPerRequest)} µs of server CPU per request, bench/item costs ${us(item)} µs, ` +
      `the bare reference (session read + audit event) ${us(reference)} µs, auth/me ${us(me)} µs; the floors: the audit event alone ${us(audit)} µs, ` +
      `the session read alone ${us(session)} µs.`,
  );
  if (failed + item.timeouts > 0)
    notes.push(
      `${kind}: /api/bench/item had ${item.non2xx} non-2xx answers, ${item.errors} errors, ${item.timeouts} timeouts.`,
    );
}
