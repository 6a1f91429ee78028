/**
 * Fresh, isolated databases for integration tests. Parallel-safe: every call gets its own temp data dir
 * and, for PostgreSQL, its own `t_<random>` database on the server from the global setup.
 *
 *   describe.each(DB_KINDS)('%s', (kind) => {
 *     let db: FreshDatabase;
 *     beforeAll(async () => { db = await freshDatabase(kind); });
 *     afterAll(() => db.cleanup());
 *     // start the app with { databaseUrl: db.url, dataDir: db.dataDir }
 *   });
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export const DB_KINDS = ['sqlite', 'postgres'] as const;
export type TestDbKind = (typeof DB_KINDS)[number];

export interface FreshDatabase {
  kind: TestDbKind;
  /** DATABASE_URL for the app; undefined for SQLite (the app then uses `<dataDir>/baomi.sqlite`). */
  url: string | undefined;
  /** An empty, private directory to use as BAOMI_DATA_DIR. */
  dataDir: string;
  /** Drops the database (PostgreSQL, even with open connections) and removes the data dir. Idempotent. */
  cleanup(): Promise<void>;
}

/** The PostgreSQL admin URL provided by test/helpers/global-setup.ts. */
export function pgAdminUrl(): string {
  const url = inject('pgAdminUrl');
  if (!url) {
    throw new Error(
      "pgAdminUrl was not provided: this project needs globalSetup './test/helpers/global-setup.ts' (see vitest.config.ts)",
    );
  }
  return url;
}

async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'baomi-test-'));
}

export async function freshDatabase(kind: TestDbKind): Promise<FreshDatabase> {
  const dataDir = await makeDataDir();
  const removeDir = () => fs.rm(dataDir, { recursive: true, force: true });

  if (kind === 'sqlite') {
    let done = false;
    return {
      kind,
      url: undefined,
      dataDir,
      async cleanup() {
        if (done) return;
        done = true;
        await removeDir();
      },
    };
  }

  const name = `t_${crypto.randomBytes(8).toString('hex')}`;
  try {
    await withAdminClient((c) =>
      c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`),
    );
  } catch (err) {
    await removeDir();
    throw err;
  }
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  let done = false;
  return {
    kind,
    url: url.toString(),
    dataDir,
    async cleanup() {
      if (done) return;
      done = true;
      try {
        await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
      } finally {
        await removeDir();
      }
    },
  };
}
