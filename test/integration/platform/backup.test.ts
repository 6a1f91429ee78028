// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { execCli, referenceBlob, resignBackup, runCli } from '../../helpers/backup.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { auditAlone, SYSTEM_CONTEXT, tx, type AppContext } from '../../../src/platform/context.js';
import { initialiseOrganisation } from '../../../src/modules/identity/services/setup-service.js';
import { insertUser } from '../../../src/modules/identity/services/user-service.js';
import { hashPassword } from '../../../src/platform/crypto/password-hash.js';
import { loadOrCreateKeys } from '../../../src/platform/crypto/keys.js';
import { signAuditHead } from '../../../src/platform/jobs/builtin.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { backup, restore, type BackupManifest } from '../../../src/platform/backup/backup.js';
import { drillLatest } from '../../../src/platform/backup/drill.js';
import { archiveAudit } from '../../../src/platform/audit/archive.js';

function openContext(dataDir: string, url: string | undefined): Promise<AppContext> {
  const config = loadConfig({}, { dataDir, databaseUrl: url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' });
  return createContext(config, { log: pino({ level: 'silent' }) });
}

const PASSPHRASE = 'correct horse battery staple';

describe.each(DB_KINDS)('[IT-06] backup and restore on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  let blobId: string;
  let backupsDir: string;
  let plain: { dir: string; manifest: BackupManifest };
  let sealed: { dir: string; manifest: BackupManifest };
  const cleanups: (() => Promise<void> | void)[] = [];
  const scratch = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-backup-test-'));
    cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
    return d;
  };
  /** A restore target: a data dir, and on PostgreSQL a new empty database. */
  const target = async (): Promise<FreshDatabase> => {
    const t = await freshDatabase(kind);
    cleanups.push(() => t.cleanup());
    return t;
  };
  const giveKeys = (dataDir: string) =>
    fs.cpSync(path.join(db.dataDir, 'keys'), path.join(dataDir, 'keys'), { recursive: true });
  const copyOf = (dir: string) => {
    const copy = path.join(scratch(), 'baomi-20000101T000000Z');
    fs.cpSync(dir, copy, { recursive: true });
    return copy;
  };

  const resign = (dir: string, edit?: (m: Omit<BackupManifest, 'signature'>) => void) =>
    resignBackup(dir, ctx.keys, edit);

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
    // The oldest events go to the audit archive (ADR 0030): backed up, restored and verified with the live part.
    await archiveAudit(ctx, SYSTEM_CONTEXT, { throughSeq: 3 });
    await signAuditHead(ctx);
    blobId = (await ctx.blobs.put(Readable.from([Buffer.from('stored file content')]))).id;
    await referenceBlob(ctx.db, blobId, 'lisi');
    fs.writeFileSync(path.join(db.dataDir, 'blobs', 'being-written.tmp'), 'a blob being written');
    backupsDir = scratch();
    // Audit events written during the backup: the copy is a consistent snapshot either way.
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        auditAlone(ctx, SYSTEM_CONTEXT, { action: 'test.concurrent' as AuditAction, details: { i } }),
      ),
    );
    plain = await backup(ctx, backupsDir);
    await writes;
    sealed = await backup(ctx, scratch(), undefined, { withKeys: { passphrase: PASSPHRASE } });
  });
  afterAll(async () => {
    await ctx?.handle.close();
    await db?.cleanup();
    for (const c of cleanups.reverse()) await c();
  });

  it('writes a signed manifest of checksums, the database and files, and no key', () => {
    const m = plain.manifest;
    expect(path.basename(plain.dir)).toMatch(/^baomi-\d{8}T\d{6}Z$/);
    expect(fs.readdirSync(backupsDir)).toEqual([path.basename(plain.dir)]); // no staging folder left
    expect(m.database.kind).toBe(kind);
    expect(m.signature).toMatchObject({ alg: 'ed25519', kid: ctx.keys.signingKid });
    expect(m.keys).toEqual({ included: false, master: ['1'], signing: ['1'] });
    expect(m.migrations.length).toBeGreaterThan(15);
    const paths = m.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        kind === 'sqlite' ? 'baomi.sqlite' : 'database/audit_events.jsonl',
        'audit/head-checkpoints.jsonl',
        expect.stringMatching(/^audit-archive\/segment-/),
        `blobs/${blobId.slice(0, 2)}/${blobId}`,
      ]),
    );
    expect(paths.some((p) => p.endsWith('.tmp') || p.startsWith('keys'))).toBe(false);

    // Scan every byte for the key material in each encoding it could take.
    const masterKey = ctx.keys.masterKey;
    const der = ctx.keys.signingKey.export({ type: 'pkcs8', format: 'der' });
    const needles = [
      masterKey,
      Buffer.from(masterKey.toString('hex')),
      Buffer.from(masterKey.toString('base64')),
      Buffer.from(masterKey.toString('base64url')),
      der,
      Buffer.from(der.toString('base64')),
      Buffer.from(ctx.keys.signingKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
      Buffer.from('PRIVATE KEY'),
    ];
    for (const dir of [plain.dir]) {
      for (const f of [...m.files.map((x) => x.path), 'manifest.json']) {
        const bytes = fs.readFileSync(path.join(dir, ...f.split('/')));
        for (const n of needles) expect(bytes.includes(n), `${f} holds key material`).toBe(false);
      }
    }
    // The sealed backup holds its keys only as ciphertext.
    const sealedBytes = fs.readFileSync(path.join(sealed.dir, 'keys.sealed'));
    for (const n of needles) expect(sealedBytes.includes(n)).toBe(false);
  });

  it('refuses to restore without keys at hand, saying which key source and versions to configure', async () => {
    const t = await target();
    await expect(restore(t.dataDir, plain.dir, { databaseUrl: t.url })).rejects.toThrow(
      /BAOMI_KEYS_DIR.*master key version\(s\) 1.*audit-signing key version\(s\) 1/s,
    );
    expect(fs.readdirSync(t.dataDir)).toEqual([]);
  });

  it('restores into a fresh installation: data, blobs and a verifying audit chain', async () => {
    const t = await target();
    giveKeys(t.dataDir);
    const r = await restore(t.dataDir, plain.dir, { databaseUrl: t.url });
    expect(r.audit).toMatchObject({ ok: true, headSeq: plain.manifest.auditHead.seq });
    expect(r.audit.archive).toMatchObject({ verified: true });
    expect(r.audit.checkpointsChecked).toBeGreaterThanOrEqual(1);
    const restored = await openContext(t.dataDir, t.url);
    try {
      const users = await restored.db.selectFrom('users').select('username').orderBy('username').execute();
      expect(users.map((u) => u.username)).toEqual(['auditor', 'lisi', 'secadmin', 'sysadmin', 'wangwu', 'zhangsan']);
      expect((await readAuditHead(restored.db)).seq).toBe(plain.manifest.auditHead.seq);
      const out = path.join(scratch(), 'blob');
      await restored.blobs.getToFile(blobId, out);
      expect(fs.readFileSync(out, 'utf8')).toBe('stored file content');
      // The restored installation works: it writes and signs, and its chain still verifies.
      await auditAlone(restored, SYSTEM_CONTEXT, { action: 'test.after_restore' as AuditAction });
      await signAuditHead(restored);
      expect((await verifyAuditChain(restored.db, t.dataDir, restored.keys)).ok).toBe(true);
      // SQLite: --force replaces an installation, but never while it is open.
      if (kind === 'sqlite') await expect(restore(t.dataDir, plain.dir, { force: true })).rejects.toThrow(/in use/);
    } finally {
      await restored.handle.close();
    }
    // A target that holds an installation is refused.
    await expect(restore(t.dataDir, plain.dir, { databaseUrl: t.url })).rejects.toThrow(/already holds/);
    if (kind === 'sqlite') {
      const forced = await restore(t.dataDir, plain.dir, { force: true });
      expect(fs.existsSync(path.join(forced.movedAsideTo!, 'baomi.sqlite'))).toBe(true);
      expect(forced.audit.headSeq).toBe(plain.manifest.auditHead.seq); // back to the backup's state
    }
    if (kind === 'postgres') {
      const other = await target();
      giveKeys(other.dataDir);
      await expect(restore(other.dataDir, plain.dir, { databaseUrl: db.url })).rejects.toThrow(/already holds/);
    }
  });

  it('refuses a backup with a byte changed, a file missing or added, or an edited manifest, and writes nothing', async () => {
    const dataFile = kind === 'sqlite' ? 'baomi.sqlite' : 'database/users.jsonl';
    const changed = copyOf(plain.dir);
    const f = path.join(changed, ...dataFile.split('/'));
    const buf = fs.readFileSync(f);
    buf[buf.length - 10] = buf[buf.length - 10]! ^ 0x01;
    fs.writeFileSync(f, buf);
    const missing = copyOf(plain.dir);
    fs.rmSync(path.join(missing, 'audit', 'head-checkpoints.jsonl'));
    const added = copyOf(plain.dir);
    fs.writeFileSync(path.join(added, 'blobs', 'extra'), 'x');
    const edited = copyOf(plain.dir);
    const mf = path.join(edited, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(mf, 'utf8')) as BackupManifest;
    m.auditHead.seq -= 1;
    fs.writeFileSync(mf, JSON.stringify(m));
    const t = await target();
    giveKeys(t.dataDir);
    const cases: [string, RegExp][] = [
      [changed, new RegExp(`${dataFile} does not match its checksum`)],
      [missing, /head-checkpoints\.jsonl is missing/],
      [added, /does not list \(blobs\/extra\)/],
      [edited, /signature does not verify/],
    ];
    if (kind === 'postgres') {
      // A dump made at other migrations is refused before the target database is touched.
      const older = copyOf(plain.dir);
      await resign(older, (x) => void x.migrations.pop());
      cases.push([older, /Restore with the Baomi version that made the backup/]);
    }
    for (const [i, [dir, message]] of cases.entries()) {
      const e = (await restore(t.dataDir, dir, { databaseUrl: t.url }).catch((x: unknown) => x)) as Error;
      expect(e.message).toMatch(message);
      // A damaged backup's refusal says what to do next (the migrations' refusal names the version instead).
      if (i < 4) expect(e.message).toMatch(/Restore an earlier backup; check the others with `baomi restore --drill`/);
      expect(fs.readdirSync(t.dataDir)).toEqual(['keys']);
    }
    if (t.url) {
      const probe = await openContext(scratch(), t.url); // nothing was loaded: the database still starts empty
      try {
        expect(await probe.db.selectFrom('users').select('id').execute()).toEqual([]);
      } finally {
        await probe.handle.close();
      }
    }
  });

  it('with --with-keys restores the keys with the passphrase and refuses a wrong one', async () => {
    expect(sealed.manifest.keys.included).toBe(true);
    const t = await target();
    await expect(restore(t.dataDir, sealed.dir, { databaseUrl: t.url })).rejects.toThrow(/sealed with a passphrase/);
    await expect(
      restore(t.dataDir, sealed.dir, { databaseUrl: t.url, passphrase: 'not the passphrase' }),
    ).rejects.toThrow(/passphrase does not open/);
    expect(fs.readdirSync(t.dataDir)).toEqual([]);
    const r = await restore(t.dataDir, sealed.dir, { databaseUrl: t.url, passphrase: PASSPHRASE });
    expect(r.keysRestoredTo).toBe(path.join(t.dataDir, 'keys'));
    expect((fs.statSync(path.join(t.dataDir, 'keys', 'master.key')).mode & 0o777).toString(8)).toBe('600');
    const restored = await openContext(t.dataDir, t.url);
    try {
      expect(restored.keys.masterKey.equals(ctx.keys.masterKey)).toBe(true);
      expect((await verifyAuditChain(restored.db, t.dataDir, restored.keys)).ok).toBe(true);
    } finally {
      await restored.handle.close();
    }
  });

  it("with --with-keys and --force moves other keys aside and writes the backup's", async () => {
    const t = await target();
    const other = loadOrCreateKeys(t.dataDir, {}); // another deployment's keys in the target's key folder
    const opts = { databaseUrl: t.url, passphrase: PASSPHRASE };
    await expect(restore(t.dataDir, sealed.dir, opts)).rejects.toThrow(/holds other keys than the backup's.*--force/s);
    expect(fs.readdirSync(t.dataDir)).toEqual(['keys']);
    const r = await restore(t.dataDir, sealed.dir, { ...opts, force: true });
    expect(r.keysRestoredTo).toBe(path.join(t.dataDir, 'keys'));
    const asideKey = fs.readFileSync(path.join(r.movedAsideTo!, 'keys', 'master.key'), 'utf8');
    expect(Buffer.from(asideKey.trim(), 'base64').equals(other.masterKey)).toBe(true);
    const restored = await openContext(t.dataDir, t.url);
    try {
      expect(restored.keys.masterKey.equals(ctx.keys.masterKey)).toBe(true);
      expect((await verifyAuditChain(restored.db, t.dataDir, restored.keys)).ok).toBe(true);
    } finally {
      await restored.handle.close();
    }
  });

  it('drills the latest backup: passes on a good one, fails on a tampered one, leaves no scratch copy', async () => {
    // Leftovers of a crashed backup and drill: removed once older than 6 hours, a running one's (younger) kept.
    const [oldPartial, oldDrill, young] = ['.baomi-20000101T000000Z.partial', '.drill-0a0b0c', '.drill-0d0e0f'];
    for (const n of [oldPartial, oldDrill, young]) fs.mkdirSync(path.join(backupsDir, n, 'blobs'), { recursive: true });
    const sevenHoursAgo = new Date(Date.now() - 7 * 3600_000);
    for (const n of [oldPartial, oldDrill]) fs.utimesSync(path.join(backupsDir, n), sevenHoursAgo, sevenHoursAgo);
    const good = await drillLatest(ctx, backupsDir);
    expect(fs.readdirSync(backupsDir).sort()).toEqual([young, path.basename(plain.dir)]);
    fs.rmSync(path.join(backupsDir, young), { recursive: true });
    expect(good).toMatchObject({
      ok: true,
      backupDir: plain.dir,
      createdAt: plain.manifest.createdAt,
      blobsChecked: 1,
    });
    expect(good.auditEvents).toBe(plain.manifest.auditHead.seq);
    expect(good.sealedKeys).toBe('none');
    // A --with-keys backup: its sealed keys are opened only with the passphrase, and a wrong one fails the drill.
    const sealedDir = path.dirname(sealed.dir);
    expect(await drillLatest(ctx, sealedDir)).toMatchObject({ ok: true, sealedKeys: 'not_checked' });
    expect(await drillLatest(ctx, sealedDir, undefined, { passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      sealedKeys: 'opened',
    });
    const lost = await drillLatest(ctx, sealedDir, undefined, { passphrase: 'a forgotten passphrase' });
    expect(lost).toMatchObject({
      ok: false,
      sealedKeys: 'not_checked',
      error: expect.stringMatching(/passphrase does not open/),
    });
    expect(good.durationMs).toBeGreaterThanOrEqual(0);
    expect(fs.readdirSync(backupsDir)).toEqual([path.basename(plain.dir)]);

    const tampered = path.dirname(copyOf(plain.dir));
    const cp = path.join(tampered, 'baomi-20000101T000000Z', 'audit', 'head-checkpoints.jsonl');
    fs.writeFileSync(cp, fs.readFileSync(cp, 'utf8').replace(/"seq":\d+/, '"seq":1'));
    const bad = await drillLatest(ctx, tampered);
    expect(bad).toMatchObject({ ok: false, blobsChecked: 0 });
    expect(bad.error).toMatch(/head-checkpoints\.jsonl does not match its checksum/);
    expect(fs.readdirSync(tampered)).toEqual(['baomi-20000101T000000Z']);

    // An insider holding the signing key edits an audit event and re-signs the manifest: the chain check catches it.
    const edited = path.dirname(copyOf(plain.dir));
    const inside = path.join(edited, 'baomi-20000101T000000Z');
    const editedSeq = plain.manifest.auditHead.seq - 5; // a live event (the first ones are archived)
    if (kind === 'sqlite') {
      const f = new SqliteDatabase(path.join(inside, 'baomi.sqlite'));
      f.prepare(`update audit_events set details = '{"edited":true}' where seq = ?`).run(editedSeq);
      f.close();
    } else {
      const f = path.join(inside, 'database', 'audit_events.jsonl');
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.startsWith(`[${editedSeq},`));
      const row = JSON.parse(lines[i]!) as unknown[];
      row[11] = '{"edited":true}';
      lines[i] = JSON.stringify(row);
      fs.writeFileSync(f, lines.join('\n'));
    }
    await resign(inside);
    const forged = await drillLatest(ctx, edited);
    expect(forged).toMatchObject({ ok: false });
    expect(forged.error).toMatch(new RegExp(`audit chain does not verify: event ${editedSeq} does not match its hash`));

    const none = await drillLatest(ctx, scratch());
    expect(none).toMatchObject({ ok: false, backupDir: null });
    expect(none.error).toMatch(/No finished backup/);
  });

  it('refuses to keep a backup whose database references a file removed meanwhile; the drill checks references', async () => {
    const gone = (await ctx.blobs.put(Readable.from([Buffer.from('removed after its row')]))).id;
    await referenceBlob(ctx.db, gone, 'lisi');
    fs.rmSync(path.join(db.dataDir, 'blobs', gone.slice(0, 2), gone)); // as if removed after the snapshot
    try {
      const dir = scratch();
      const leftover = path.join(dir, '.baomi-20000101T000000Z.partial');
      fs.mkdirSync(leftover);
      fs.utimesSync(leftover, new Date(Date.now() - 7 * 3600_000), new Date(Date.now() - 7 * 3600_000));
      await expect(backup(ctx, dir)).rejects.toThrow(
        new RegExp(`references 1 stored file.*${gone}.*Run the backup again`, 's'),
      );
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await ctx.db.deleteFrom('training_external').where('blob_id', '=', gone).execute();
    }
    // A backup lacking a referenced blob (re-signed by a key holder) fails the drill, though its files all verify.
    const lacking = copyOf(plain.dir);
    fs.rmSync(path.join(lacking, 'blobs', blobId.slice(0, 2), blobId));
    const mf = path.join(lacking, 'manifest.json');
    const listed = JSON.parse(fs.readFileSync(mf, 'utf8')) as BackupManifest;
    fs.writeFileSync(mf, JSON.stringify({ ...listed, files: listed.files.filter((f) => !f.path.endsWith(blobId)) }));
    await resign(lacking);
    const r = await drillLatest(ctx, path.dirname(lacking));
    expect(r).toMatchObject({ ok: false, blobsChecked: 0 });
    expect(r.error).toMatch(new RegExp(`references 1 stored file\\(s\\) the backup lacks \\(${blobId}\\)`));
  });

  /** Runs the CLI on this installation; returns what it printed and its exit code. */
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, {
      DATABASE_URL: db.url,
      BAOMI_DATA_DIR: db.dataDir,
      BAOMI_KDF_COST: '1024',
      LOG_LEVEL: 'silent',
      ...env,
    });

  it.runIf(kind === 'sqlite')(
    'baomi restore --drill reports as JSON and fails with exit 1; --with-keys asks for a passphrase',
    async () => {
      const good = await cli(['restore', '--drill', backupsDir, '--json']);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.out)).toMatchObject({ ok: true, backupDir: plain.dir, blobsChecked: 1 });
      const tampered = copyOf(plain.dir);
      fs.appendFileSync(path.join(tampered, 'audit', 'head-checkpoints.jsonl'), 'x');
      const bad = await cli(['restore', '--drill', path.dirname(tampered)]);
      expect(bad).toMatchObject({ code: 1, out: expect.stringMatching(/Drill FAILED.*does not match its checksum/) });
      // A real process with the logger on (it warns of the failed drill): its stdout is the one JSON document.
      const run = await execCli(['restore', '--drill', path.dirname(tampered), '--json'], {
        ...process.env,
        DATABASE_URL: '',
        BAOMI_DATA_DIR: db.dataDir,
        LOG_LEVEL: 'warn',
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/restore drill failed/);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: expect.stringMatching(/checksum/) });
      const unchecked = await cli(['restore', '--drill', path.dirname(sealed.dir)], { BAOMI_BACKUP_PASSPHRASE: '' });
      expect(unchecked).toMatchObject({ code: 0, out: expect.stringMatching(/sealed keys in it were NOT checked/) });
      const nopass = await cli(['backup', scratch(), '--with-keys'], { BAOMI_BACKUP_PASSPHRASE: '' });
      expect(nopass).toMatchObject({ code: 1, out: expect.stringMatching(/--with-keys needs a passphrase/) });
    },
  );

  it.runIf(kind === 'postgres')(
    'refuses to dump a bigint it cannot carry exactly, and leaves no partial backup',
    async () => {
      await sql`update users set mfa_last_step = 9007199254740993 where username = 'lisi'`.execute(ctx.db);
      try {
        const dir = scratch();
        await expect(backup(ctx, dir)).rejects.toThrow(/users\.mfa_last_step holds .* too large to back up exactly/);
        expect(fs.readdirSync(dir)).toEqual([]);
      } finally {
        await sql`update users set mfa_last_step = 0 where username = 'lisi'`.execute(ctx.db);
      }
    },
  );
});
