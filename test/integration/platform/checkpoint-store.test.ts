/**
 * Checkpoints every instance agrees on (issue 19): two instances on one database (an SQLite file, a PostgreSQL
 * database), each with its own data directory, sharing the key directory and the checkpoint store
 * (BAOMI_CHECKPOINT_DIR). Both sign into the one store; after the chain's tail is cut (with the database's own list
 * of checkpoints), `audit verify` and `POST /api/audit/verify` give the same answer on both.
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
import { auditAlone, SYSTEM_CONTEXT, type AppContext } from '../../../src/platform/context.js';
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import {
  checkpointDirOf,
  checkpointStoreFor,
  FileCheckpointStore,
  signRecord,
} from '../../../src/platform/audit/checkpoints.js';
import { loadKeyRing } from '../../../src/platform/crypto/keys.js';
import { signAuditHead } from '../../../src/platform/audit/head-signer.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { describeVerification } from '../../../src/cli/commands/audit.js';

/** What `baomi audit verify` computes on an instance: the configured store, the instance's keys. */
const cliVerify = (ctx: AppContext) => verifyAuditChain(ctx.db, checkpointStoreFor(ctx.config), ctx.keys);

describe.each(DB_KINDS)('checkpoints every instance agrees on, on %s', (kind) => {
  let a: TestApp;
  let databaseUrl: string;
  const dirs: string[] = [];
  const others: { ctx: AppContext; app: FastifyInstance }[] = [];

  /** Another instance: its own data directory; A's database and clock; the shared settings given. */
  const startOther = async (over: { keysDir?: string; checkpointDir?: string }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-instance-'));
    dirs.push(dataDir);
    const config = loadConfig(
      {},
      { dataDir, databaseUrl, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent', ...over },
    );
    const ctx = await createContext(config, { log: pino({ level: 'silent' }), now: () => a.ctx.now() });
    const app = await buildApp(ctx, { logger: false });
    await app.ready();
    others.push({ ctx, app });
    return { ctx, app };
  };
  const events = async (ctx: AppContext, n: number) => {
    for (let i = 0; i < n; i++) {
      a.advance(1000);
      await auditAlone(ctx, SYSTEM_CONTEXT, { action: 'test.event' as AuditAction, details: { i } });
    }
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

  it('an instance signing into a store of its own is caught, not silently ok', async () => {
    const b = await startOther({ keysDir: path.join(a.ctx.config.dataDir, 'keys') });
    await events(b.ctx, 3);
    expect(await signAuditHead(b.ctx)).toMatch(/^signed head/);
    // A's store lacks the checkpoint B recorded in the database: A says so, and names the setting.
    const r = await cliVerify(a.ctx);
    expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' } });
    expect(r.firstBreak!.message).toMatch(/BAOMI_CHECKPOINT_DIR/);
    // Put right for the next test: the stray record goes, as after `baomi audit reanchor` on a shared store.
    await a.ctx.db.deleteFrom('audit_checkpoints').execute();
    await signAuditHead(a.ctx);
  });

  it('with the shared store, both sign into it and both report a cut tail the same way', async () => {
    const shared = {
      keysDir: path.join(a.ctx.config.dataDir, 'keys'),
      checkpointDir: checkpointDirOf(a.ctx.config),
    };
    const b = await startOther(shared);
    expect(checkpointStoreFor(b.ctx.config).location).toBe(checkpointStoreFor(a.ctx.config).location);
    // The auditor signed in on each instance, to ask for verification over HTTP later.
    const onA = await a.admin('auditor');
    const onB = new Agent(b);
    onB.mfaSecret = onA.mfaSecret;
    await onB.login('auditor', STRONG_PASSWORD);
    expect((await onB.post('/api/auth/mfa/verify', { code: onB.totp() })).json()).toMatchObject({ stage: 'full' });
    await a.ctx.db.deleteFrom('audit_checkpoints').execute();
    await signAuditHead(a.ctx);
    await events(a.ctx, 3);
    await events(b.ctx, 3);
    await signAuditHead(b.ctx); // B holds the job lease now: it signs into the same store
    await events(a.ctx, 8);
    await signAuditHead(a.ctx);
    const [ra, rb] = [await cliVerify(a.ctx), await cliVerify(b.ctx)];
    expect(ra).toMatchObject({ ok: true, firstBreak: null });
    expect(rb).toEqual(ra);

    // The tail cut by someone with write access to the database: events, head and the database's own list.
    const head = (await readAuditHead(a.ctx.db)).seq;
    const newLast = head - 8; // more than the events the two verifications over HTTP below append
    await a.ctx.db.deleteFrom('audit_events').where('seq', '>', newLast).execute();
    const last = await a.ctx.db
      .selectFrom('audit_events')
      .select('hash')
      .where('seq', '=', newLast)
      .executeTakeFirstOrThrow();
    await a.ctx.db.updateTable('audit_head').set({ seq: newLast, hash: last.hash }).where('id', '=', 1).execute();
    await a.ctx.db.deleteFrom('audit_checkpoints').execute();

    const [ca, cb] = [await cliVerify(a.ctx), await cliVerify(b.ctx)];
    expect(ca).toMatchObject({ ok: false, firstBreak: { kind: 'truncated', seq: newLast + 1 } });
    expect(cb).toEqual(ca);
    expect(describeVerification(cb)).toBe(describeVerification(ca));

    // The HTTP answer on each instance (each verification is itself audited, growing the cut chain a little).
    for (const agent of [onA, onB]) {
      const res = await agent.post('/api/audit/verify');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        ok: false,
        firstBreak: { kind: 'truncated' },
        checkpointStore: ca.checkpointStore,
      });
    }
  });
});

describe('checkpoint records name their signing key version', () => {
  it('the newest version signs; records of every version verify; a record without a key id is version 1', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-kid-'));
    try {
      const first = loadKeyRing({ dataDir });
      const store = new FileCheckpointStore(path.join(dataDir, 'audit', 'head-checkpoints.jsonl'));
      const r1 = signRecord(first, { kind: 'head', seq: 1, hash: 'a'.repeat(64), at: '2026-11-23T08:00:00.000Z' });
      expect(r1.kid).toBe('1');
      // As earlier releases wrote it: no kid.
      const { kid: _omitted, ...legacy } = r1;
      await store.append(legacy as typeof r1);
      // A second signing key version in the key directory.
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
      const keys = path.join(dataDir, 'keys');
      fs.writeFileSync(path.join(keys, 'audit-signing.2.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      fs.writeFileSync(path.join(keys, 'audit-signing.2.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const rotated = loadKeyRing({ dataDir });
      expect(rotated.signingKid).toBe('2');
      const r2 = signRecord(rotated, { kind: 'head', seq: 2, hash: 'b'.repeat(64), at: '2026-11-23T08:01:00.000Z' });
      await store.append(r2);
      expect(fs.readFileSync(store.file, 'utf8')).toMatch(/"kid":"2"/);
      expect((await store.read(rotated)).map((r) => r.signatureValid)).toEqual([true, true]);
      // The old ring lacks version 2: that record does not verify under it.
      expect((await store.read(first)).map((r) => r.signatureValid)).toEqual([true, false]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
