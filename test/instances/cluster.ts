/**
 * Several Baomi instances as an operator runs them (issue 19): the BUILT server (`node bin/baomi.js start`) in
 * separate processes, each with its own data directory, sharing the database, the key directory and the checkpoint
 * store, behind a round-robin proxy of a few lines. And a client that keeps cookies and the CSRF token like a
 * browser, over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'baomi.js');

/** Fails at once with what to do when the server was never built (`npm test` builds before the suites). */
export function requireBuiltServer(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ has no built server: run "npm run build:server" first (npm test builds by itself)');
}

/**
 * The deployment's keys, made once by the operator and mounted for every instance (BAOMI_KEYS_DIR, read only):
 * the master key (32 bytes, base64) and the Ed25519 audit-signing pair, in the layout crypto/keys.ts reads.
 */
export function makeDeploymentKeys(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'master.key'), `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  fs.writeFileSync(path.join(dir, 'audit-signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  fs.writeFileSync(path.join(dir, 'audit-signing.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
}

/**
 * The environment of a Baomi process: built from nothing rather than inherited, so that nothing of the test
 * runner's own (a DATABASE_URL, NODE_OPTIONS) leaks into the servers.
 */
export function baomiEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'BAOMI_TX_GUARD'] as const;
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, LOG_LEVEL: 'warn', ...vars };
}

export interface Instance {
  name: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once the server listens, with its URL (it prints it; the port is chosen by the system). */
  ready: Promise<string>;
  /** Resolves when the process has exited, with its signal or exit code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url: string;
}

export function startInstance(name: string, env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const instance: Instance = {
    name,
    child,
    output: () => out,
    exited,
    url: '',
    ready: new Promise<string>((resolve, reject) => {
      // Only once the character after it came: the URL may arrive in two chunks.
      const seen = () => /(?:Open|Baomi is running at) (https?:\/\/\S+)\s/.exec(out)?.[1];
      const onData = () => {
        const url = seen();
        if (!url) return;
        instance.url = url;
        resolve(url);
      };
      child.stdout.on('data', onData);
      void exited.then((e) =>
        reject(new Error(`instance ${name} exited (${e.signal ?? e.code}) before listening:\n${out}`)),
      );
    }),
  };
  // A rejection nobody awaited yet (the instance died after it was ready) must not fail the run by itself.
  instance.ready.catch(() => undefined);
  return instance;
}

/** Kills what is still running, and waits for it to be gone. */
export async function killAll(instances: readonly Instance[]): Promise<void> {
  for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
  await Promise.all(instances.map((i) => i.exited));
}

export interface Proxy {
  url: string;
  /** How many requests each upstream answered (by instance name). */
  served: Map<string, number>;
  /** How many requests each upstream has been sent and not yet answered in full. */
  inFlight: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A round-robin reverse proxy, as a load balancer in front of the instances. An upstream that fails a request
 * (refused, reset: a killed instance) leaves the rotation, as a passive health check does, and that request is
 * answered 502: never acknowledged. The answer names the instance that served it (x-baomi-upstream).
 */
export async function startProxy(upstreams: () => readonly Instance[]): Promise<Proxy> {
  const down = new Set<string>();
  const served = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  const server = http.createServer((req, res) => {
    const live = upstreams().filter((u) => u.url && !down.has(u.name));
    const up = live[next++ % Math.max(live.length, 1)];
    if (!up) return void res.writeHead(503).end();
    const target = new URL(up.url);
    inFlight.set(up.name, (inFlight.get(up.name) ?? 0) + 1);
    res.once('close', () => inFlight.set(up.name, inFlight.get(up.name)! - 1));
    const forward = http.request(
      { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        served.set(up.name, (served.get(up.name) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-baomi-upstream': up.name });
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => {
      down.add(up.name);
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  status: number;
  body: unknown;
  /** The instance that answered through the proxy; undefined when asked directly. */
  servedBy: string | undefined;
}

/** A browser-like client over HTTP: keeps cookies and the CSRF token; each request names the base URL to use. */
export class Client {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  async request(base: string, method: string, url: string, body?: unknown): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(base + url, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.split('=').map((s) => s.trim().toLowerCase());
        return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v ?? '') < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const json: unknown = res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text;
    const token = (json as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === 'string') this.csrf = token;
    return { status: res.status, body: json, servedBy: res.headers.get('x-baomi-upstream') ?? undefined };
  }
  get(base: string, url: string) {
    return this.request(base, 'GET', url);
  }
  post(base: string, url: string, body?: unknown) {
    return this.request(base, 'POST', url, body);
  }
  put(base: string, url: string, body: unknown) {
    return this.request(base, 'PUT', url, body);
  }
}

/** Throws with the answer when it is not the status expected; returns the body. */
export function expectStatus<T = Record<string, unknown>>(a: Answer, status: number, what: string): T {
  if (a.status !== status) throw new Error(`${what}: expected ${status}, got ${a.status}: ${JSON.stringify(a.body)}`);
  return a.body as T;
}
