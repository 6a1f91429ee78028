/**
 * The three administrators' display names (issue 17): the first start names them by their posts, and only the local
 * operator renames them (the account administrator may not touch admin accounts): `baomi user rename`, audited as
 * an account update; a bad name changes nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { openDatabase, type DatabaseHandle } from '../../../src/platform/db/database.js';
import { loadConfig } from '../../../src/platform/config.js';

describe('the administrators’ display names (SQLite, through the CLI)', () => {
  let dataDir: string;
  const saved = { BAOMI_DATA_DIR: process.env.BAOMI_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

  async function run(...args: string[]): Promise<{ exitCode: number; out: string }> {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    const before = process.exitCode;
    process.exitCode = 0;
    try {
      await main(['node', 'baomi', ...args]);
      return { exitCode: Number(process.exitCode ?? 0), out: printed.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
      process.exitCode = before;
    }
  }

  async function withDb<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
    const h = openDatabase(loadConfig());
    try {
      return await fn(h);
    } finally {
      await h.close();
    }
  }

  const names = () =>
    withDb(async (h) =>
      (
        await h.db
          .selectFrom('users')
          .select(['username', 'display_name'])
          .where('admin_role', 'is not', null)
          .orderBy('username')
          .execute()
      ).map((u) => [u.username, u.display_name]),
    );

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'baomi-names-'));
    process.env.BAOMI_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    expect((await run('init')).exitCode).toBe(0);
  });
  afterAll(async () => {
    for (const k of ['BAOMI_DATA_DIR', 'DATABASE_URL'] as const) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('the first start names them by their posts', async () => {
    expect(await names()).toEqual([
      ['auditor', '安全审计员'],
      ['secadmin', '安全保密管理员'],
      ['sysadmin', '系统管理员'],
    ]);
  });

  it('the operator renames one; the change is audited', async () => {
    const r = await run('user', 'rename', 'secadmin', '--name', '刘洋');
    expect(r.exitCode, r.out).toBe(0);
    expect(await names()).toContainEqual(['secadmin', '刘洋']);
    const ev = await withDb((h) =>
      h.db
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('action', '=', 'user.update')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow(),
    );
    expect(JSON.parse(ev.details)).toEqual({ changed: { display_name: { from: '安全保密管理员', to: '刘洋' } } });
  });

  it('a blank or overlong name, or an unknown account, changes nothing', async () => {
    const before = await names();
    for (const args of [
      ['user', 'rename', 'auditor', '--name', '   '],
      ['user', 'rename', 'auditor', '--name', '名'.repeat(65)],
      ['user', 'rename', 'nobody', '--name', '张三'],
    ]) {
      expect((await run(...args)).exitCode, args.join(' ')).not.toBe(0);
    }
    expect(await names()).toEqual(before);
  });
});
