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
  /** A private directory to use as BAOMI_DATA_DIR: empty, or a copy of the template's. */
  dataDir: string;
  /** The PostgreSQL database's name (a template for `freshDatabase(kind, from)`); undefined for SQLite. */
  name: string | undefined;
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

/**
 * A new database of its own; with `from`, a copy of that one (its data dir, and on PostgreSQL its database as
 * a template: `from` must have no open connection). Copying a prepared organisation is several times faster
 * than building it through the API again (test/helpers/org-fixtures.ts).
 */
export async function freshDatabase(kind: TestDbKind, from?: FreshDatabase): Promise<FreshDatabase> {
  const dataDir = await makeDataDir();
  const removeDir = () => fs.rm(dataDir, { recursive: true, force: true });
  if (from) await fs.cp(from.dataDir, dataDir, { recursive: true });

  if (kind === 'sqlite') {
    let done = false;
    return {
      kind,
      url: undefined,
      dataDir,
      name: undefined,
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
      c.query(
        `CREATE DATABASE ${c.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE ${from?.name ? c.escapeIdentifier(from.name) : 'template0'}`,
      ),
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
    name,
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
