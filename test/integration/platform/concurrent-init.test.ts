/**
 * Several instances starting at once on one empty database (issue 19): every one initialises, and the database
 * ends with one set of migrations, one audit-chain head and one organisation.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { initialiseOnce } from '../../../src/platform/main.js';
import type { AppContext } from '../../../src/platform/context.js';

const INSTANCES = 3;

describe.each(DB_KINDS)('three instances starting at once on one empty %s database', (kind) => {
  let db: FreshDatabase;
  const contexts: AppContext[] = [];

  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(async () => {
    for (const c of contexts) await c.handle.close();
    await db?.cleanup();
  });

  it('all start; one set of migrations, one audit head, one organisation', async () => {
    // One data directory for the keys (shared key configuration); on SQLite the database file is named by URL,
    // as several instances on one host would share it.
    const databaseUrl = db.url ?? `sqlite:${db.dataDir}/shared.sqlite`;
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    const started = await Promise.allSettled(
      Array.from({ length: INSTANCES }, () => createContext(config, { log: pino({ level: 'silent' }) })),
    );
    for (const s of started) if (s.status === 'fulfilled') contexts.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(
      Array(INSTANCES).fill('ok'),
    );
    const creds = await Promise.all(contexts.map((c) => initialiseOnce(c)));
    // Exactly one instance initialised the organisation (and prints its one-time passwords).
    expect(creds.filter((c) => c !== null)).toHaveLength(1);

    const q = contexts[0]!.db;
    const migrations = await q
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    const names = migrations.map((m) => (m as { name: string }).name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(18);
    const heads = await q.selectFrom('audit_head').select(['id']).execute();
    expect(heads).toHaveLength(1);
    const roots = await q.selectFrom('departments').select('id').where('parent_id', 'is', null).execute();
    expect(roots).toHaveLength(1);
    const admins = await q.selectFrom('users').select('username').execute();
    expect(admins.map((u) => u.username).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
    const inits = await q.selectFrom('audit_events').select('seq').where('action', '=', 'system.init').execute();
    expect(inits).toHaveLength(1);
  });
});
