// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { auditAlone, SYSTEM_CONTEXT, tx, type AppContext } from '../../../src/platform/context.js';
import { initialiseOrganisation } from '../../../src/modules/identity/services/setup-service.js';
import { insertUser } from '../../../src/modules/identity/services/user-service.js';
import { hashPassword } from '../../../src/platform/crypto/password-hash.js';
import { signAuditHead } from '../../../src/platform/jobs/builtin.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import {
  backup,
  restore,
  verifyBackup,
  type BackupManifest,
  type BackupProgress,
} from '../../../src/platform/backup/backup.js';

function openContext(dataDir: string, url: string | undefined): Promise<AppContext> {
  const config = loadConfig({}, { dataDir, databaseUrl: url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' });
  return createContext(config, { log: pino({ level: 'silent' }) });
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-backup-test-'));
}

describe.each(DB_KINDS)('backup on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  const dirs: string[] = [];
  const scratch = () => {
    const d = tmpDir();
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ctx = await openContext(db.dataDir, db.url);
    await initialiseOrganisation(ctx);
    const root = await ctx.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
    const hash = await hashPassword('Backup-Test-1!', 1024);
    await tx(ctx, async (trx) => {
      for (const u of ['zhangsan', 'lisi', 'wangwu'])
        await insertUser(trx, ctx, SYSTEM_CONTEXT, { username: u, displayName: u, departmentId: root.id }, hash, null);
    });
    await signAuditHead(ctx);
    fs.mkdirSync(path.join(db.dataDir, 'blobs', 'ab'), { recursive: true });
    fs.writeFileSync(path.join(db.dataDir, 'blobs', 'ab', 'cdef0123'), 'stored file content');
    fs.writeFileSync(path.join(db.dataDir, 'blobs', 'ab', 'cdef4567.tmp'), 'a blob being written');
  });
  afterAll(async () => {
    await ctx?.handle.close();
    await db?.cleanup();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  if (kind === 'postgres') {
    it('refuses and points to pg_dump', async () => {
      await expect(backup(ctx, scratch())).rejects.toThrow(/pg_dump/);
    });
    return;
  }

  let backupDir: string;
  let manifest: BackupManifest;

  it('[IT-06] writes a timestamped folder with a manifest of checksums, while the server keeps writing', async () => {
    const target = scratch();
    const phases = new Set<string>();
    // Audit events written during the backup: the copy is a consistent snapshot either way.
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        auditAlone(ctx, SYSTEM_CONTEXT, { action: 'test.concurrent' as AuditAction, details: { i } }),
      ),
    );
    const r = await backup(ctx, target, (p: BackupProgress) => phases.add(p.phase));
    await writes;
    backupDir = r.dir;
    manifest = r.manifest;
    expect(path.dirname(r.dir)).toBe(target);
    expect(path.basename(r.dir)).toMatch(/^baomi-\d{8}T\d{6}Z$/);
    expect(fs.readdirSync(target)).toEqual([path.basename(r.dir)]); // no leftover staging folder
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'baomi.sqlite',
        'audit/head-checkpoints.jsonl',
        'keys/master.key',
        'keys/audit-signing.pem',
        'keys/audit-signing.pub.pem',
        'blobs/ab/cdef0123',
      ]),
    );
    expect(paths.some((p) => p.endsWith('.tmp'))).toBe(false); // blobs being written are not part of it
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(manifest.masterKeyIncluded).toBe(true);
    expect(phases).toEqual(new Set(['audit', 'database', 'blobs', 'keys', 'checksums']));
    expect(fs.existsSync(path.join(r.dir, 'baomi.sqlite-wal'))).toBe(false);
    expect((await verifyBackup(r.dir)).auditHead).toEqual(manifest.auditHead);
  });

  it('[IT-06] restores into a new data dir: data and audit chain intact', async () => {
    const target = scratch();
    const r = await restore(target, backupDir);
    expect(r.movedAsideTo).toBeNull();
    expect(fs.readFileSync(path.join(target, 'blobs', 'ab', 'cdef0123'), 'utf8')).toBe('stored file content');
    const restored = await openContext(target, undefined);
    try {
      const users = await restored.db.selectFrom('users').select('username').orderBy('username').execute();
      expect(users.map((u) => u.username)).toEqual(['auditor', 'lisi', 'secadmin', 'sysadmin', 'wangwu', 'zhangsan']);
      expect((await readAuditHead(restored.db)).seq).toBe(manifest.auditHead.seq);
      const v = await verifyAuditChain(restored.db, target, restored.keys);
      expect(v).toMatchObject({ ok: true, firstBreak: null });
      expect(v.checkpointsChecked).toBeGreaterThanOrEqual(1);
      // The restored keys are the original ones: the master key opens the same sealed secrets.
      expect(restored.keys.masterKey.equals(ctx.keys.masterKey)).toBe(true);
      // The restored installation works: it can write and sign.
      await auditAlone(restored, SYSTEM_CONTEXT, { action: 'test.after_restore' as AuditAction });
      await signAuditHead(restored);
      expect((await verifyAuditChain(restored.db, target, restored.keys)).ok).toBe(true);

      // An existing installation is not overwritten without --force, and never while it is open.
      await expect(restore(target, backupDir)).rejects.toThrow(/already holds a Baomi installation/);
      await expect(restore(target, backupDir, { force: true })).rejects.toThrow(/in use/);
    } finally {
      await restored.handle.close();
    }
    const forced = await restore(target, backupDir, { force: true });
    expect(forced.movedAsideTo).toMatch(/pre-restore-/);
    expect(fs.existsSync(path.join(forced.movedAsideTo!, 'baomi.sqlite'))).toBe(true);
    const again = await openContext(target, undefined);
    try {
      expect((await readAuditHead(again.db)).seq).toBe(manifest.auditHead.seq); // back to the backup's state
      expect((await verifyAuditChain(again.db, target, again.keys)).ok).toBe(true);
    } finally {
      await again.handle.close();
    }
  });

  function copyOfBackup(): string {
    const copy = path.join(scratch(), 'copy');
    fs.cpSync(backupDir, copy, { recursive: true });
    return copy;
  }

  it('refuses a tampered backup', async () => {
    const copy = copyOfBackup();
    const cp = path.join(copy, 'audit', 'head-checkpoints.jsonl');
    fs.writeFileSync(cp, fs.readFileSync(cp, 'utf8').replace(/"seq":\d+/, '"seq":1'));
    const target = scratch();
    await expect(restore(target, copy)).rejects.toThrow(/altered/);
    expect(fs.readdirSync(target)).toEqual([]); // nothing was written

    const copy2 = copyOfBackup();
    const dbf = path.join(copy2, 'baomi.sqlite');
    const buf = fs.readFileSync(dbf);
    buf[buf.length - 100] = buf[buf.length - 100]! ^ 0xff;
    fs.writeFileSync(dbf, buf);
    await expect(restore(scratch(), copy2)).rejects.toThrow(/baomi\.sqlite does not match/);
  });

  it('refuses a manifest naming paths outside the data dir, and an incomplete backup', async () => {
    const copy = copyOfBackup();
    const mf = path.join(copy, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8')) as BackupManifest;
    m.files.push({ path: '../../etc/evil', size: 0, sha256: '0'.repeat(64) });
    fs.writeFileSync(mf, JSON.stringify(m));
    await expect(restore(scratch(), copy)).rejects.toThrow(/unexpected path/);

    const copy2 = copyOfBackup();
    fs.rmSync(path.join(copy2, 'manifest.json'));
    await expect(restore(scratch(), copy2)).rejects.toThrow(/not a Baomi backup/);
  });
});
