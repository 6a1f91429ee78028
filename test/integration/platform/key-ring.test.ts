/**
 * One key ring for the deployment (issue 19): two instances on one database (an SQLite file, a PostgreSQL
 * database), each with its own data directory. Without the deployment's keys the second refuses to start and says
 * what to configure; with them (BAOMI_KEYS_DIR) a second factor enrolled through one signs in through the other.
 * A secret one instance cannot open is audited and answered with a problem, not a bare 500.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { Agent, STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { buildApp } from '../../../src/platform/app.js';
import type { AppContext } from '../../../src/platform/context.js';
import { KeyCheckError, keyChecksOf } from '../../../src/platform/crypto/key-check.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';
import { checkpointDirOf, checkpointStoreFor } from '../../../src/platform/audit/checkpoints.js';
import { reanchorAudit, signAuditHead } from '../../../src/platform/audit/head-signer.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { loadKeyRing, MasterKeys, seal } from '../../../src/platform/crypto/keys.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details?: { problem?: string } } }).error.details?.problem;

/** A value in the format of releases before key ids (v1.iv.tag.ciphertext). */
function legacySeal(key: Buffer, plaintext: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(context));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

describe.each(DB_KINDS)('one key ring for the deployment on %s', (kind) => {
  let a: TestApp;
  let databaseUrl: string;
  let sysSecret = '';
  const dirs: string[] = [];
  const others: { ctx: AppContext; app: FastifyInstance }[] = [];

  const dataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-instance-b-'));
    dirs.push(d);
    return d;
  };
  /** Instance B: its own data directory, instance A's database and clock. */
  const startB = async (over: { keysDir?: string } = {}) => {
    const config = loadConfig(
      {},
      { dataDir: dataDir(), databaseUrl, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent', ...over },
    );
    const ctx = await createContext(config, { log: pino({ level: 'silent' }), now: () => a.ctx.now() });
    const app = await buildApp(ctx, { logger: false });
    await app.ready();
    others.push({ ctx, app });
    return { ctx, app };
  };

  beforeAll(async () => {
    a = await startTestApp(kind);
    databaseUrl = a.db.url ?? `sqlite:${path.join(a.ctx.config.dataDir, 'baomi.sqlite')}`;
  });
  afterAll(async () => {
    for (const o of others) {
      await o.app.close();
      await o.ctx.handle.close();
    }
    await a?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('records the key check at the first start: one row per key version, no key in it', async () => {
    const rows = await a.ctx.db.selectFrom('key_checks').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual(['master:1', 'signing:1']);
    const master = fs.readFileSync(path.join(a.ctx.config.dataDir, 'keys', 'master.key'), 'utf8').trim();
    for (const r of rows) {
      expect(r.check_value).toMatch(/^[0-9a-f]{64}$/);
      expect(r.check_value).not.toContain(Buffer.from(master, 'base64').toString('hex'));
    }
  });

  it('a second instance without the deployment keys refuses to start, says what to configure, makes no keys', async () => {
    const err = await startB().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyCheckError);
    const message = (err as Error).message;
    expect(message).toMatch(/do not match the keys this database was set up with/);
    expect(message).toMatch(/master key version 1/);
    expect(message).toMatch(/BAOMI_KEYS_DIR/);
    expect(message).toMatch(/BAOMI_MASTER_KEY/);
    expect(fs.existsSync(path.join(dirs.at(-1)!, 'keys', 'master.key'))).toBe(false);

    // Keys of its own in a key directory of its own: refused the same way, naming where its keys come from.
    const ownKeys = path.join(dataDir(), 'keys');
    loadKeyRing({ dataDir: path.dirname(ownKeys) });
    const again = await startB({ keysDir: ownKeys }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(KeyCheckError);
    expect((again as Error).message).toMatch(new RegExp(`from BAOMI_KEYS_DIR ${ownKeys}`));
    expect((again as Error).message).toMatch(/master key version 1, audit-signing key version 1/);
  });

  it('with the shared key directory, a second factor enrolled through A signs in through B', async () => {
    const sys = await a.admin('sysadmin'); // enrols the authenticator app through A
    sysSecret = sys.mfaSecret;
    const b = await startB({ keysDir: path.join(a.ctx.config.dataDir, 'keys') });
    const agent = new Agent(b);
    agent.mfaSecret = sys.mfaSecret;
    expect((await agent.login('sysadmin', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'mfa' });
    const verified = await agent.post('/api/auth/mfa/verify', { code: agent.totp() });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ stage: 'full' });
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
    a.advance(30_000);

    // A secret sealed before key ids existed (v1.) opens through B as key version 1.
    const masterKey = a.ctx.keys.master.get('1')!.key;
    const user = await a.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'sysadmin')
      .executeTakeFirstOrThrow();
    const secret = Buffer.from(sys.mfaSecret);
    await a.ctx.db
      .updateTable('users')
      .set({ mfa_secret: legacySeal(masterKey, secret.toString('utf8'), `totp:${user.id}`) })
      .where('id', '=', user.id)
      .execute();
    const legacy = new Agent(b);
    legacy.mfaSecret = sys.mfaSecret;
    await legacy.login('sysadmin', STRONG_PASSWORD);
    expect((await legacy.post('/api/auth/mfa/verify', { code: legacy.totp() })).json()).toMatchObject({
      stage: 'full',
    });
    a.advance(30_000);
  });

  it('a secret this instance cannot open is audited and answered with a problem, not a bare 500', async () => {
    const user = await a.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'sysadmin')
      .executeTakeFirstOrThrow();
    // Signed in fully while the secret still opens: re-authenticating later meets the same failure.
    const full = a.agent();
    full.mfaSecret = sysSecret;
    await full.login('sysadmin', STRONG_PASSWORD);
    expect((await full.post('/api/auth/mfa/verify', { code: full.totp() })).json()).toMatchObject({ stage: 'full' });
    a.advance(30_000);
    const stranger = new MasterKeys([{ kid: '1', key: crypto.randomBytes(32), source: 'another instance' }]);
    await a.ctx.db
      .updateTable('users')
      .set({ mfa_secret: seal(stranger, Buffer.from('JBSWY3DPEHPK3PXP'), `totp:${user.id}`) })
      .where('id', '=', user.id)
      .execute();
    const agent = a.agent();
    await agent.login('sysadmin', STRONG_PASSWORD);
    const before = await a.auditHead();
    const res = await agent.post('/api/auth/mfa/verify', { code: '123456' });
    expect(res.statusCode, res.body).toBe(503);
    expect(problemOf(res)).toBe('mfa_secret_unreadable');
    const events = await a.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'result', 'details'])
      .where('seq', '>', before)
      .execute();
    const unreadable = events.find((e) => e.action === 'auth.mfa_secret_unreadable');
    expect(unreadable?.result).toBe('failure');
    expect(JSON.parse(String(unreadable?.details))).toMatchObject({ factor: 'code', keyVersion: '1' });
    // No failed sign-in is counted against the person for the server's fault.
    const row = await a.ctx.db
      .selectFrom('users')
      .select('failed_logins')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.failed_logins)).toBe(0);

    // Re-authentication with a code (here before enrolling a new app) answers the same way, audited on the person.
    const reauth = await full.post('/api/me/mfa/app/start', { password: STRONG_PASSWORD, code: '123456' });
    expect(reauth.statusCode, reauth.body).toBe(503);
    expect(problemOf(reauth)).toBe('mfa_secret_unreadable');
    const onUser = await a.ctx.db
      .selectFrom('audit_events')
      .select(['target_type', 'target_id'])
      .where('action', '=', 'auth.mfa_secret_unreadable')
      .where('target_type', '=', 'user')
      .execute();
    expect(onUser).toEqual([{ target_type: 'user', target_id: user.id }]);
  });

  it('an existing installation without a key check gets one at its next start; a new key version is added', async () => {
    await a.ctx.db.deleteFrom('key_checks').execute();
    const keysDir = path.join(a.ctx.config.dataDir, 'keys');
    await startB({ keysDir });
    expect((await a.ctx.db.selectFrom('key_checks').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([
      'master:1',
      'signing:1',
    ]);
    // A second master-key version in the shared directory: recorded, and it seals from now on.
    fs.writeFileSync(path.join(keysDir, 'master.2.key'), crypto.randomBytes(32).toString('base64') + '\n');
    try {
      const b = await startB({ keysDir });
      expect(b.ctx.keys.master.current.kid).toBe('2');
      expect(seal(b.ctx.keys.master, Buffer.from('x'), 'c')).toMatch(/^v2\.2\./);
      expect((await a.ctx.db.selectFrom('key_checks').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([
        'master:1',
        'master:2',
        'signing:1',
      ]);
    } finally {
      fs.rmSync(path.join(keysDir, 'master.2.key'));
      await a.ctx.db.deleteFrom('key_checks').where('id', '=', 'master:2').execute();
    }
  });

  it('a lost signing key: refused at start; `audit reanchor --new-signing-key` records a new pair', async () => {
    const t = await startTestApp(kind);
    try {
      await signAuditHead(t.ctx);
      const keysDir = path.join(t.ctx.config.dataDir, 'keys');
      fs.rmSync(path.join(keysDir, 'audit-signing.pem'));
      fs.rmSync(path.join(keysDir, 'audit-signing.pub.pem'));
      const config = t.ctx.config;
      const url = t.db.url ?? `sqlite:${path.join(config.dataDir, 'baomi.sqlite')}`;
      const start = (adoptSigningKey: boolean) =>
        createContext({ ...config, databaseUrl: url }, { log: pino({ level: 'silent' }), adoptSigningKey });
      const refused = await start(false).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(KeyCheckError);
      expect((refused as Error).message).toMatch(/audit-signing key version 1.*--new-signing-key/);
      expect(fs.existsSync(path.join(keysDir, 'audit-signing.pem'))).toBe(false);

      // What the CLI does: start accepting a new pair, re-anchor recording it.
      const ctx = await start(true);
      try {
        const made = ctx.keys.signing[0]!;
        await reanchorAudit(ctx, SYSTEM_CONTEXT, 'signing key lost with the old disk', checkpointStoreFor(config), {
          newSigningKey: true,
        });
        const check = await ctx.db
          .selectFrom('key_checks')
          .select('check_value')
          .where('id', '=', 'signing:1')
          .executeTakeFirstOrThrow();
        expect(check.check_value).toBe(keyChecksOf(ctx.keys).find((c) => c.purpose === 'signing')!.value);
        expect(made.source).toBe(path.join(keysDir, 'audit-signing.pem'));
      } finally {
        await ctx.handle.close();
      }
      const after = await start(false);
      try {
        const r = await verifyAuditChain(after.db, checkpointStoreFor(config), after.keys);
        expect(r).toMatchObject({ ok: true, reanchor: { reason: 'signing key lost with the old disk' } });
      } finally {
        await after.handle.close();
      }
    } finally {
      await t.close();
    }
  });
});

describe('where the key ring comes from', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-keysrc-'));

  it('BAOMI_KEYS_DIR is read, never written: a missing directory or key is an error naming what to put there', () => {
    const dataDir = tmp();
    try {
      const shared = path.join(dataDir, 'shared-keys');
      expect(() => loadKeyRing({ dataDir, keysDir: shared })).toThrow(/BAOMI_KEYS_DIR .* does not exist/);
      fs.mkdirSync(shared);
      expect(() => loadKeyRing({ dataDir, keysDir: shared })).toThrow(/No master key in BAOMI_KEYS_DIR/);
      expect(fs.readdirSync(shared)).toEqual([]);
      // The files a single instance made are the deployment's keys once mounted for all.
      const made = loadKeyRing({ dataDir: path.join(dataDir, 'first') });
      const ring = loadKeyRing({ dataDir, keysDir: path.join(dataDir, 'first', 'keys') });
      expect(ring.master.current.key.equals(made.master.current.key)).toBe(true);
      expect(ring.origin).toMatch(/^BAOMI_KEYS_DIR /);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('BAOMI_MASTER_KEY stands for master key version 1; no master.key is made beside it', () => {
    const dataDir = tmp();
    try {
      const key = crypto.randomBytes(32);
      const ring = loadKeyRing({ dataDir, masterKeyBase64: key.toString('base64') });
      expect(ring.master.versions.map((v) => [v.kid, v.source])).toEqual([['1', 'BAOMI_MASTER_KEY']]);
      expect(ring.master.current.key.equals(key)).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'keys', 'master.key'))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'keys', 'audit-signing.pem'))).toBe(true);
      expect(() => loadKeyRing({ dataDir, masterKeyBase64: 'c2hvcnQ=' })).toThrow(/BAOMI_MASTER_KEY must be 32 bytes/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the settings: BAOMI_KEYS_DIR and BAOMI_CHECKPOINT_DIR resolved; unset, the data directory', () => {
    const set = loadConfig({ BAOMI_DATA_DIR: '/srv/baomi', BAOMI_KEYS_DIR: 'keys', BAOMI_CHECKPOINT_DIR: '/mnt/cp' });
    expect(set.keysDir).toBe(path.resolve('keys'));
    expect(checkpointDirOf(set)).toBe('/mnt/cp');
    const unset = loadConfig({ BAOMI_DATA_DIR: '/srv/baomi' });
    expect(unset.keysDir).toBeUndefined();
    expect(checkpointDirOf(unset)).toBe('/srv/baomi/audit');
  });
});
