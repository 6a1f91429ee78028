/**
 * The HTTP measure's tools (bench/http.ts): signing in as a browser would, load from a second process, the
 * server's CPU per request, bare Fastify routes, and a count of PostgreSQL round trips per request.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Fastify, { type FastifyRequest } from 'fastify';
import pg from 'pg';
import { BENCH_PASSWORD, HERE, ROOT, S } from './common.js';
import type { LoadResult } from './load.js';

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
export async function signIn(base: string, username: string, password: string): Promise<string> {
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

function runLoad(url: string, cookies: readonly string[]): Promise<LoadResult> {
  const spec = { url, connections: S.connections, duration: S.loadSeconds, warmup: S.warmupSeconds, cookies };
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

// PostgreSQL round trips: every statement, BEGIN and COMMIT included, goes through Client.query (the pool's
// query and Kysely's connection both call it). Counted in this process only, so the load process adds none.
let pgQueries = 0;
let pgCounting = false;
function countPgQueries(): void {
  if (pgCounting) return;
  pgCounting = true;
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    pgQueries++;
    return original.apply(this, a);
  };
}

export type Measured = LoadResult & { cpuUsPerRequest: number; served: number; pgRoundTripsPerRequest: number };

/**
 * runLoad, plus the CPU time this process (the server; the load runs in another process) spent per request
 * served, warm-up included on both sides: a measure of the work per request that other load on the machine
 * does not skew the way it skews requests per second. Also the PostgreSQL statements sent per request served.
 */
export async function measureLoad(
  server: { on(event: 'request', fn: () => void): unknown; off(event: 'request', fn: () => void): unknown },
  url: string,
  cookies: readonly string[] = [],
): Promise<Measured> {
  countPgQueries();
  let served = 0;
  const count = () => void served++;
  server.on('request', count);
  const q0 = pgQueries;
  const cpu0 = process.cpuUsage();
  try {
    const r = await runLoad(url, cookies);
    const cpu = process.cpuUsage(cpu0);
    const n = Math.max(1, served);
    return { ...r, served, cpuUsPerRequest: (cpu.user + cpu.system) / n, pgRoundTripsPerRequest: (pgQueries - q0) / n };
  } finally {
    server.off('request', count);
  }
}

/** Load on one route of a plain Fastify instance (no plugins, no hooks) in this process. */
export async function bareRoute(
  handler: (req: FastifyRequest) => Promise<unknown>,
  cookies: readonly string[] = [],
): Promise<Measured> {
  const app = Fastify({ logger: false });
  app.get('/bare', handler);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  try {
    return await measureLoad(app.server, `http://127.0.0.1:${port}/bare`, cookies);
  } finally {
    await app.close();
  }
}

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The run whose figures are reported for a route: each field the median over the runs. */
export function medianOf(runs: readonly Measured[]): Measured {
  const pick = (f: (r: Measured) => number) => median(runs.map(f));
  const first = runs[0]!;
  return {
    ...first,
    reqPerSec: pick((r) => r.reqPerSec),
    total2xx: pick((r) => r.total2xx),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    served: pick((r) => r.served),
    cpuUsPerRequest: pick((r) => r.cpuUsPerRequest),
    pgRoundTripsPerRequest: pick((r) => r.pgRoundTripsPerRequest),
    latencyMs: {
      p50: pick((r) => r.latencyMs.p50),
      p90: pick((r) => r.latencyMs.p90),
      p99: pick((r) => r.latencyMs.p99),
      max: pick((r) => r.latencyMs.max),
      mean: pick((r) => r.latencyMs.mean),
    },
  };
}
