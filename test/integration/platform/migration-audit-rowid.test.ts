/**
 * Migration 004 on an existing SQLite installation: audit_events is rebuilt with seq as its INTEGER PRIMARY
 * KEY, every row is carried over unchanged and the chain still verifies; a non-integer seq (tampering) stops
 * the migration and leaves the old table as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type DatabaseHandle } from '../../../src/platform/db/database.js';
import * as m001 from '../../../src/platform/db/migrations/001_foundation.js';
import { migrateToLatest } from '../../../src/platform/db/migrate.js';
import { appendAuditEvents, ensureAuditHead, readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { anchoredVerify } from '../../helpers/anchor.js';
import { loadOrCreateKeys } from '../../../src/platform/crypto/keys.js';
import type { AuditEventInput } from '../../../src/kernel/audit-chain.js';

const dirs: string[] = [];
const handles: DatabaseHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close().catch(() => undefined);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A database as the first release left it (migration 001 only), with some audit history. */
async function firstReleaseDatabase(): Promise<{ dir: string; handle: DatabaseHandle }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-mig-'));
  dirs.push(dir);
  const handle = openSqlite(path.join(dir, 'baomi.sqlite'));
  handles.push(handle);
  const only001 = { getMigrations: async (): Promise<Record<string, Migration>> => ({ '001_foundation': m001 }) };
  const r = await new Migrator({ db: handle.db, provider: only001 }).migrateToLatest();
  expect(r.error).toBeUndefined();
  await ensureAuditHead(handle.db, 'sha256');
  const events: AuditEventInput[] = Array.from({ length: 250 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actorId: i % 3 ? `u${i % 7}` : null,
    actorName: i % 3 ? `用户${i % 7}` : null,
    actorRole: 'employee',
    action: ['auth.login', 'user.update', 'document.view'][i % 3]!,
    targetType: 'user',
    targetId: `t${i}`,
    result: 'success',
    ip: '10.0.0.1',
    requestId: `r${i}`,
    details: i % 2 ? { i, note: 'quote " and \\ backslash' } : null,
  }));
  await handle.db.transaction().execute((trx) => appendAuditEvents(trx, 'sqlite', events));
  return { dir, handle };
}

describe('migration 004 (SQLite audit_events keyed by seq)', () => {
  it('keeps every row and the chain, and makes seq the table key', async () => {
    const { dir, handle } = await firstReleaseDatabase();
    const sqlite = handle.sqlite!;
    const before = sqlite.prepare('select * from audit_events order by seq').all();
    const ddl = () =>
      (
        sqlite.prepare("select sql from sqlite_master where type = 'table' and name = 'audit_events'").get() as {
          sql: string;
        }
      ).sql;
    expect(ddl()).toMatch(/"seq" bigint primary key/);

    await migrateToLatest(handle.db);
    expect(ddl()).toMatch(/"seq" integer primary key/);
    expect(sqlite.prepare('select * from audit_events order by seq').all()).toEqual(before);
    const indexes = sqlite
      .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' order by name")
      .pluck()
      .all();
    expect(indexes).toEqual(['audit_events_action_idx', 'audit_events_actor_idx', 'audit_events_at_idx']);
    const keys = loadOrCreateKeys(dir);
    expect(await anchoredVerify(handle.db, dir, keys)).toMatchObject({ ok: true, eventsChecked: 250 });
    // And appends keep working on the new table.
    await handle.db.transaction().execute((trx) =>
      appendAuditEvents(trx, 'sqlite', [
        {
          at: '2026-02-01T00:00:00.000Z',
          actorId: null,
          actorName: null,
          actorRole: null,
          action: 'after.migration',
          targetType: null,
          targetId: null,
          result: 'success',
          ip: null,
          requestId: null,
          details: null,
        },
      ]),
    );
    expect((await readAuditHead(handle.db)).seq).toBe(251);
    expect(await anchoredVerify(handle.db, dir, keys)).toMatchObject({ ok: true, eventsChecked: 251 });
  });

  it('stops at a tampered seq and leaves the old table untouched', async () => {
    const { handle } = await firstReleaseDatabase();
    const sqlite = handle.sqlite!;
    sqlite.prepare("update audit_events set seq = 'forty' where seq = 40").run();
    const before = sqlite.prepare('select * from audit_events order by rowid').all();
    await expect(migrateToLatest(handle.db)).rejects.toThrow(/004_audit_events_rowid/);
    expect(sqlite.prepare('select * from audit_events order by rowid').all()).toEqual(before);
    expect(sqlite.prepare("select count(*) from sqlite_master where name = 'audit_events_new'").pluck().get()).toBe(0);
  });
});
