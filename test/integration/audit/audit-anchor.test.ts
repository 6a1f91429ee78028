/**
 * The tail of the audit chain cannot be cut unseen: the running server signs the head after N events, every
 * few seconds and at shutdown; a checkpoint store that was deleted or shortened, or signed with another key,
 * fails verification with a clear message, until the operator re-anchors (audited, and reported from then on).
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_KINDS, type TestDbKind } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditAlone, SYSTEM_CONTEXT } from '../../../src/platform/context.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { checkpointFile, checkpointStoreOf } from '../../../src/platform/audit/checkpoints.js';
import { HeadSigner, reanchorAudit, signAuditHead } from '../../../src/platform/audit/head-signer.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { KeyFileError, loadOrCreateKeys } from '../../../src/platform/crypto/keys.js';
import { describeVerification } from '../../../src/cli/commands/audit.js';

const verify = (t: TestApp) => verifyAuditChain(t.ctx.db, t.ctx.config.dataDir, t.ctx.keys);

async function events(t: TestApp, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    t.advance(1000);
    await auditAlone(t.ctx, SYSTEM_CONTEXT, { action: 'test.event' as AuditAction, details: { i } });
  }
}

async function cutTail(t: TestApp, newLast: number): Promise<void> {
  await t.ctx.db.deleteFrom('audit_events').where('seq', '>', newLast).execute();
  const last = await t.ctx.db
    .selectFrom('audit_events')
    .select('hash')
    .where('seq', '=', newLast)
    .executeTakeFirstOrThrow();
  await t.ctx.db.updateTable('audit_head').set({ seq: newLast, hash: last.hash }).where('id', '=', 1).execute();
}

async function withApp(kind: TestDbKind, fn: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await startTestApp(kind);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

describe.each(DB_KINDS)('audit chain anchoring on %s', (kind) => {
  it('a fresh installation is anchored from its first events; later events are reported as not yet signed', async () => {
    await withApp(kind, async (t) => {
      const h0 = (await readAuditHead(t.ctx.db)).seq;
      expect(await verify(t)).toMatchObject({
        ok: true,
        lastCheckpoint: { seq: h0 },
        unsignedTail: null,
        reanchor: null,
      });
      await events(t, 4);
      const r = await verify(t);
      expect(r).toMatchObject({ ok: true, lastCheckpoint: { seq: h0 }, unsignedTail: { events: 4 } });
      expect(Date.parse(r.unsignedTail!.lastAt!) - Date.parse(r.unsignedTail!.firstAt!)).toBe(3000);
      expect(describeVerification(r)).toMatch(/Not yet signed: 4 event\(s\)/);
    });
  });

  it('the server signs after every N events and at shutdown: a tail cut afterwards is caught', async () => {
    await withApp(kind, async (t) => {
      const signer = new HeadSigner(t.ctx, 5, 3600);
      t.ctx.onAuditAppended = signer.noteAppended;
      const store = checkpointStoreOf(t.ctx.config.dataDir);
      const before = await store.lastSeq();
      await events(t, 5);
      const fifth = (await readAuditHead(t.ctx.db)).seq;
      // Signed off the request path: wait for the store to reach the head.
      await expect.poll(() => store.lastSeq(), { timeout: 10_000 }).toBe(fifth);
      expect(fifth).toBe(before + 5);
      await events(t, 3);
      const last = (await readAuditHead(t.ctx.db)).seq;
      expect(await store.lastSeq()).toBe(fifth);
      await signer.stop(); // shutdown
      expect(await store.lastSeq()).toBe(last);
      t.ctx.onAuditAppended = undefined;

      await cutTail(t, last - 2);
      const r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'truncated', seq: last - 1 } });
    });
  });

  it('a deleted checkpoint store fails verification, even after a restart signed a new head', async () => {
    await withApp(kind, async (t) => {
      await events(t, 3);
      await signAuditHead(t.ctx);
      fs.rmSync(checkpointFile(t.ctx.config.dataDir));
      let r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' }, lastCheckpoint: null });
      expect(r.firstBreak!.message).toMatch(/missing from file .*head-checkpoints\.jsonl.*baomi audit reanchor/);
      // A restart signs the head into a new file: the old checkpoints are still missing.
      await events(t, 1);
      await signAuditHead(t.ctx);
      r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' } });
    });
  });

  it('a shortened checkpoint store fails verification', async () => {
    await withApp(kind, async (t) => {
      await events(t, 3);
      await signAuditHead(t.ctx);
      await events(t, 2);
      const file = checkpointFile(t.ctx.config.dataDir);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(2);
      fs.writeFileSync(file, lines[0] + '\n');
      const r = await verify(t);
      expect(r).toMatchObject({
        ok: false,
        firstBreak: { kind: 'checkpoint_missing', seq: JSON.parse(lines[1]!).seq },
      });
      // With the tail cut down to the first checkpoint as well, the database's record still objects.
      await cutTail(t, JSON.parse(lines[0]!).seq as number);
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' } });
    });
  });

  it('a replaced signing key fails with a clear message; an unreadable one says what to do', async () => {
    await withApp(kind, async (t) => {
      const keysDir = path.join(t.ctx.config.dataDir, 'keys');
      // Another valid key pair in place of the original.
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
      fs.writeFileSync(path.join(keysDir, 'audit-signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      fs.writeFileSync(path.join(keysDir, 'audit-signing.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      const other = loadOrCreateKeys(t.ctx.config.dataDir);
      const r = await verifyAuditChain(t.ctx.db, t.ctx.config.dataDir, other);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'key_mismatch' } });
      expect(r.firstBreak!.message).toMatch(/audit-signing key .*replaced.*Restore the original keys/);
      // Garbage in the key file: not an OpenSSL decoder message but what happened and what to do.
      fs.writeFileSync(path.join(keysDir, 'audit-signing.pem'), 'not a key\n');
      expect(() => loadOrCreateKeys(t.ctx.config.dataDir)).toThrow(KeyFileError);
      expect(() => loadOrCreateKeys(t.ctx.config.dataDir)).toThrow(
        /audit-signing key .* cannot be read .*Restore keys\//,
      );
      // A mismatched pair.
      fs.writeFileSync(
        path.join(keysDir, 'audit-signing.pem'),
        crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      expect(() => loadOrCreateKeys(t.ctx.config.dataDir)).toThrow(/not one Ed25519 key pair/);
    });
  });

  it('the operator re-anchors with a reason: audited as the system, reported by every verification after', async () => {
    await withApp(kind, async (t) => {
      await events(t, 2);
      await signAuditHead(t.ctx);
      fs.rmSync(checkpointFile(t.ctx.config.dataDir));
      expect((await verify(t)).ok).toBe(false);
      await expect(reanchorAudit(t.ctx, SYSTEM_CONTEXT, ' ')).rejects.toThrow(/reason/);

      const a = await reanchorAudit(t.ctx, SYSTEM_CONTEXT, 'checkpoint file lost with the old disk (ticket 42)');
      const ev = await t.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'audit.reanchor')
        .executeTakeFirstOrThrow();
      expect(ev).toMatchObject({ actor_role: 'system', result: 'success' });
      expect(JSON.parse(ev.details!)).toMatchObject({
        reason: 'checkpoint file lost with the old disk (ticket 42)',
        recordsBefore: 0,
      });
      expect(a.seq).toBe(Number(ev.seq));

      let r = await verify(t);
      expect(r, JSON.stringify(r)).toMatchObject({
        ok: true,
        reanchor: { seq: a.seq, at: a.at, reason: 'checkpoint file lost with the old disk (ticket 42)' },
      });
      expect(describeVerification(r)).toMatch(/Re-anchored by the operator .*ticket 42/);
      // Later checkpoints are judged as before: a cut tail after the re-anchor is caught.
      await events(t, 3);
      await signAuditHead(t.ctx);
      r = await verify(t);
      expect(r).toMatchObject({ ok: true, reanchor: { seq: a.seq } });
      const head = (await readAuditHead(t.ctx.db)).seq;
      await cutTail(t, head - 1);
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'truncated' } });
    });
  });

  it('after a key replacement, a re-anchor supersedes the records signed with the old key', async () => {
    await withApp(kind, async (t) => {
      const keysDir = path.join(t.ctx.config.dataDir, 'keys');
      fs.rmSync(path.join(keysDir, 'audit-signing.pem'));
      fs.rmSync(path.join(keysDir, 'audit-signing.pub.pem'));
      const fresh = loadOrCreateKeys(t.ctx.config.dataDir);
      const ctx = { ...t.ctx, keys: fresh };
      expect(await verifyAuditChain(ctx.db, ctx.config.dataDir, fresh)).toMatchObject({
        ok: false,
        firstBreak: { kind: 'key_mismatch' },
      });
      await reanchorAudit(ctx, SYSTEM_CONTEXT, 'signing key lost, new pair made on 2026-11-23');
      const r = await verifyAuditChain(ctx.db, ctx.config.dataDir, fresh);
      expect(r).toMatchObject({ ok: true, checkpointsSuperseded: 1, checkpointsChecked: 1 });
    });
  });

  it('after a re-anchor, records signed later are required even when the clock went backwards', async () => {
    await withApp(kind, async (t) => {
      t.advance(3600_000);
      await reanchorAudit(t.ctx, SYSTEM_CONTEXT, 'restored from the Sunday backup');
      t.advance(-2 * 3600_000); // an NTP step back
      await events(t, 2);
      await signAuditHead(t.ctx);
      expect(await verify(t)).toMatchObject({ ok: true });
      const file = checkpointFile(t.ctx.config.dataDir);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      fs.writeFileSync(file, lines.slice(0, -1).join('\n') + '\n');
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' } });
    });
  });

  it('a forged line at the end of the store cannot stop the signing', async () => {
    await withApp(kind, async (t) => {
      const file = checkpointFile(t.ctx.config.dataDir);
      fs.appendFileSync(
        file,
        JSON.stringify({ seq: 1e15, hash: 'f'.repeat(64), at: '2099-01-01T00:00:00.000Z', signature: 'AAAA' }) + '\n',
      );
      await events(t, 2);
      expect(await signAuditHead(t.ctx)).toMatch(/^signed head/);
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'bad_signature' } });
    });
  });

  it('a line left unfinished by a crash stays one bad line; the next record is whole', async () => {
    await withApp(kind, async (t) => {
      const file = checkpointFile(t.ctx.config.dataDir);
      fs.appendFileSync(file, '{"seq":4,"hash":"ab'); // torn write
      await events(t, 1);
      await signAuditHead(t.ctx);
      const stored = await checkpointStoreOf(t.ctx.config.dataDir).read(t.ctx.keys);
      expect(stored.map((r) => [r.malformed ?? false, r.signatureValid])).toEqual([
        [false, true],
        [true, false],
        [false, true],
      ]);
    });
  });
});
