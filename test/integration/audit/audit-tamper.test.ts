/**
 * Tampering with the audit trail directly in the database (as someone with database access would) must be
 * detected by the verification `baomi audit verify` and POST /api/audit/verify run (verifyAuditChain), and
 * the signed head checkpoints outside the database must catch a truncated tail with a rewound head.
 * Every case starts from a fresh app and database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_KINDS, type TestDbKind } from '../../helpers/db.js';
import { expectOk, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { countRows } from '../../helpers/abuse.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { checkpointFile } from '../../../src/platform/audit/checkpoints.js';
import { signAuditHead } from '../../../src/platform/audit/head-signer.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { hashFn } from '../../../src/platform/crypto/keys.js';
import { canonicalEvent, type AuditResult, type HashAlgorithm } from '../../../src/kernel/audit-chain.js';
import type { AuditEventTable } from '../../../src/platform/db/schema.js';

interface Seeded {
  t: TestApp;
  sys: Agent;
  /** The signed head (seq of the last event when the checkpoint was written). */
  head: number;
  alg: HashAlgorithm;
}

/** A fresh app with some history (admin sign-in, departments, users) and a signed checkpoint of its head. */
async function seeded(kind: TestDbKind): Promise<Seeded> {
  const t = await startTestApp(kind);
  const sys = await t.admin('sysadmin');
  for (const name of ['Ops', 'Legal', 'Finance', 'Research']) {
    expect((await sys.post('/api/departments', { name, parentId: t.rootDepartmentId })).statusCode).toBe(201);
  }
  for (const username of ['ann', 'ben']) {
    expect(
      (await sys.post('/api/users', { username, displayName: username, departmentId: t.rootDepartmentId })).statusCode,
    ).toBe(201);
  }
  const h = await readAuditHead(t.ctx.db);
  // The head is signed into the store as a running server does (initialisation signed the first one).
  expect(await signAuditHead(t.ctx)).toBe(`signed head ${h.seq}`);
  const clean = await verify(t);
  expect(clean).toMatchObject({
    ok: true,
    firstBreak: null,
    eventsChecked: h.seq,
    headSeq: h.seq,
    checkpointsChecked: 2,
    unsignedTail: null,
  });
  return { t, sys, head: h.seq, alg: h.alg };
}

const verify = (t: TestApp, dataDir = t.ctx.config.dataDir) => verifyAuditChain(t.ctx.db, dataDir, t.ctx.keys);

async function row(t: TestApp, seq: number): Promise<AuditEventTable> {
  return t.ctx.db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** The hash a row should have, computed the way the chain does: what an attacker would recompute. */
function rehash(r: AuditEventTable, alg: HashAlgorithm): string {
  return hashFn(alg)(
    canonicalEvent(
      Number(r.seq),
      r.prev_hash,
      {
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        actorRole: r.actor_role,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        result: r.result as AuditResult,
        ip: r.ip,
        requestId: r.request_id,
        details: null,
      },
      r.details,
    ),
  );
}

const CONTENT_COLUMNS = [
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'target_type',
  'target_id',
  'result',
  'ip',
  'request_id',
  'details',
  'prev_hash',
  'hash',
] as const;
const contentOf = (r: AuditEventTable) =>
  Object.fromEntries(CONTENT_COLUMNS.map((c) => [c, r[c]])) as Omit<AuditEventTable, 'seq'>;

async function withSeeded(kind: TestDbKind, fn: (s: Seeded) => Promise<void>): Promise<void> {
  const s = await seeded(kind);
  try {
    await fn(s);
  } finally {
    await s.t.close();
  }
}

describe.each(DB_KINDS)('audit tamper detection on %s', (kind) => {
  it('(a) an edited details or action field breaks the chain at that row', async () => {
    await withSeeded(kind, async ({ t, head }) => {
      const auditor = await t.admin('auditor');
      const k = head - 3; // a department.create in the middle
      const original = await row(t, k);
      expect(original.action).toBe('department.create');

      await t.ctx.db.updateTable('audit_events').set({ details: '{"name":"Forged"}' }).where('seq', '=', k).execute();
      let r = await verify(t);
      expect(r.ok).toBe(false);
      expect(r.firstBreak).toMatchObject({ kind: 'hash', seq: k });
      expect(r.eventsChecked).toBe(k - 1);
      // The API the auditor uses reports the same break (and records that it did).
      const api = await auditor.post('/api/audit/verify');
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({ ok: false, firstBreak: { kind: 'hash', seq: k } });
      const rec = await t.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'audit.verify')
        .executeTakeFirstOrThrow();
      expect(rec.result).toBe('failure');

      // Restore the details; edit the action instead.
      await t.ctx.db
        .updateTable('audit_events')
        .set({ details: original.details, action: 'department.view' })
        .where('seq', '=', k)
        .execute();
      r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'hash', seq: k } });

      // Even a whitespace-only change to the stored details JSON is caught (the stored bytes are hashed).
      await t.ctx.db
        .updateTable('audit_events')
        .set({ action: original.action, details: original.details.replace(':', ': ') })
        .where('seq', '=', k)
        .execute();
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'hash', seq: k } });

      // Restored exactly: whole again.
      await t.ctx.db.updateTable('audit_events').set({ details: original.details }).where('seq', '=', k).execute();
      expect(await verify(t)).toMatchObject({ ok: true });
    });
  });

  it('(a2) an edited row whose hash is recomputed breaks the link to the next row; a full rewrite is caught by the checkpoint', async () => {
    await withSeeded(kind, async ({ t, head, alg }) => {
      const k = head - 3;
      const edited = { ...(await row(t, k)), actor_name: 'someone-else' };
      await t.ctx.db
        .updateTable('audit_events')
        .set({ actor_name: edited.actor_name, hash: rehash(edited, alg) })
        .where('seq', '=', k)
        .execute();
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'prev_hash', seq: k + 1 } });

      // Rewrite every later row and the head so the chain is self-consistent again.
      let prev = rehash(edited, alg);
      for (let s = k + 1; s <= head; s++) {
        const r = { ...(await row(t, s)), prev_hash: prev };
        prev = rehash(r, alg);
        await t.ctx.db
          .updateTable('audit_events')
          .set({ prev_hash: r.prev_hash, hash: prev })
          .where('seq', '=', s)
          .execute();
      }
      await t.ctx.db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
      // Without the checkpoint store the database's own record of its checkpoints still catches it...
      const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-nocp-'));
      try {
        expect(await verify(t, emptyDir)).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_missing' } });
      } finally {
        fs.rmSync(emptyDir, { recursive: true, force: true });
      }
      // ...with it, the signed head no longer matches.
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_mismatch', seq: head } });
    });
  });

  it('(b) a deleted middle row is reported as a gap', async () => {
    await withSeeded(kind, async ({ t, head }) => {
      const k = head - 4;
      await t.ctx.db.deleteFrom('audit_events').where('seq', '=', k).execute();
      const r = await verify(t);
      expect(r.ok).toBe(false);
      expect(r.firstBreak).toMatchObject({ kind: 'gap', seq: k + 1 });
      expect(r.firstBreak!.message).toContain(`event ${k} is missing`);
      expect(r.eventsChecked).toBe(k - 1);
    });
  });

  it('(b2) deleting the first row is caught too', async () => {
    await withSeeded(kind, async ({ t }) => {
      await t.ctx.db.deleteFrom('audit_events').where('seq', '=', 1).execute();
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'gap', seq: 2 } });
    });
  });

  it('(c) swapping the contents of two rows (reordering) breaks the chain at the earlier one', async () => {
    await withSeeded(kind, async ({ t, head }) => {
      const i = head - 5;
      const j = head - 2;
      const [ri, rj] = [await row(t, i), await row(t, j)];
      await t.ctx.db.updateTable('audit_events').set(contentOf(rj)).where('seq', '=', i).execute();
      await t.ctx.db.updateTable('audit_events').set(contentOf(ri)).where('seq', '=', j).execute();
      expect((await row(t, i)).hash).toBe(rj.hash);
      const r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'prev_hash', seq: i } });

      // Adjacent rows too.
      await t.ctx.db.updateTable('audit_events').set(contentOf(ri)).where('seq', '=', i).execute();
      await t.ctx.db.updateTable('audit_events').set(contentOf(rj)).where('seq', '=', j).execute();
      expect(await verify(t)).toMatchObject({ ok: true });
      const [ra, rb] = [await row(t, j), await row(t, j + 1)];
      await t.ctx.db.updateTable('audit_events').set(contentOf(rb)).where('seq', '=', j).execute();
      await t.ctx.db
        .updateTable('audit_events')
        .set(contentOf(ra))
        .where('seq', '=', j + 1)
        .execute();
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'prev_hash', seq: j } });
    });
  });

  it('(d) a truncated tail with a rewound head is caught by the signed checkpoint', async () => {
    await withSeeded(kind, async ({ t, head }) => {
      const n = 3;
      const newLast = head - n;
      // Deleting the tail alone leaves the head row pointing past the end.
      await t.ctx.db.deleteFrom('audit_events').where('seq', '>', newLast).execute();
      let r = await verify(t);
      expect(r).toMatchObject({ ok: false, firstBreak: { kind: 'head_mismatch', seq: newLast + 1 } });

      // An attacker covering tracks rewinds the head row to the new last event.
      const last = await row(t, newLast);
      await t.ctx.db.updateTable('audit_head').set({ seq: newLast, hash: last.hash }).where('id', '=', 1).execute();
      expect(await readAuditHead(t.ctx.db)).toMatchObject({ seq: newLast, hash: last.hash });
      // The chain alone now looks whole; without the store, the database's record of its checkpoints objects...
      const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-nocp-'));
      try {
        expect(await verify(t, emptyDir)).toMatchObject({
          ok: false,
          headSeq: newLast,
          firstBreak: { kind: 'checkpoint_missing' },
        });
      } finally {
        fs.rmSync(emptyDir, { recursive: true, force: true });
      }
      // ...but the signed head names a later event.
      r = await verify(t);
      expect(r.ok).toBe(false);
      expect(r.firstBreak).toMatchObject({ kind: 'truncated', seq: newLast + 1 });
      expect(r.firstBreak!.message).toContain(`signed head names event ${head}`);
      expect(r.eventsChecked).toBe(newLast);
    });
  });

  it('(e) an edited checkpoint file fails its signature', async () => {
    await withSeeded(kind, async ({ t, head }) => {
      const file = checkpointFile(t.ctx.config.dataDir);
      const original = fs.readFileSync(file, 'utf8');
      const earlier = original.trim().split('\n').slice(0, -1);
      const cp = JSON.parse(original.trim().split('\n').at(-1)!) as {
        seq: number;
        hash: string;
        at: string;
        signature: string;
      };
      expect(cp.seq).toBe(head);
      const withLast = (o: unknown) => [...earlier, JSON.stringify(o)].join('\n') + '\n';

      // Rewinding the signed seq (to hide a truncation) invalidates the signature.
      fs.writeFileSync(file, withLast({ ...cp, seq: head - 3, hash: (await row(t, head - 3)).hash }));
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'bad_signature', seq: head - 3 } });

      // Any edit: the time stamp, one signature character, a garbage line.
      fs.writeFileSync(file, withLast({ ...cp, at: '2030-01-01T00:00:00.000Z' }));
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'bad_signature' } });
      const sig = cp.signature;
      const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      fs.writeFileSync(file, withLast({ ...cp, signature: flipped }));
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'bad_signature' } });
      fs.writeFileSync(file, original + 'not json\n');
      expect(await verify(t)).toMatchObject({ ok: false, firstBreak: { kind: 'bad_signature' } });

      fs.writeFileSync(file, original);
      expect(await verify(t)).toMatchObject({ ok: true, checkpointsChecked: 2 });
    });
  });

  it('concurrent writers never fork the chain', async () => {
    await withSeeded(kind, async ({ t, sys, head }) => {
      const res = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          sys.post('/api/departments', { name: `Parallel ${i}`, parentId: t.rootDepartmentId }),
        ),
      );
      expect(res.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
      const newHead = await readAuditHead(t.ctx.db);
      expect(newHead.seq).toBe(head + 40);
      const seqs = (await t.ctx.db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual(Array.from({ length: head + 40 }, (_, i) => i + 1));
      const created = await t.ctx.db
        .selectFrom('audit_events')
        .select(['target_id', 'prev_hash'])
        .where('seq', '>', head)
        .execute();
      const ids = new Set(res.map((r) => (r.json() as { id: string }).id));
      expect(new Set(created.map((c) => c.target_id))).toEqual(ids);
      // No two events share a predecessor (a fork would).
      expect(new Set(created.map((c) => c.prev_hash)).size).toBe(40);
      expect(await verify(t)).toMatchObject({ ok: true, eventsChecked: head + 40, headSeq: head + 40 });
    });
  });

  it('a failing audit write rolls the change back', async () => {
    await withSeeded(kind, async ({ t, sys, head }) => {
      const nd = await countRows(t, 'departments');
      const nu = await countRows(t, 'users');
      const saved = await t.ctx.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();

      // 1. The chain head row is gone: the audit append cannot run.
      await t.ctx.db.deleteFrom('audit_head').execute();
      const r1 = await sys.post('/api/departments', { name: 'Unaudited', parentId: t.rootDepartmentId });
      expect(r1.statusCode).toBe(500);
      expect(r1.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
      expect(r1.body).not.toContain('audit chain');
      const r2 = await sys.post('/api/users', { username: 'unaudited', displayName: 'x', departmentId: null });
      expect(r2.statusCode).toBe(500);
      expect(await countRows(t, 'departments')).toBe(nd);
      expect(await countRows(t, 'users')).toBe(nu);
      expect(
        await t.ctx.db.selectFrom('departments').select('id').where('name', '=', 'Unaudited').executeTakeFirst(),
      ).toBeUndefined();
      expect(await countRows(t, 'audit_events')).toBe(head);

      // 2. The insert itself fails (a row already occupies the next seq): also rolled back.
      await t.ctx.db.insertInto('audit_head').values(saved).execute();
      const planted = { ...(await row(t, head)), seq: head + 1 };
      await t.ctx.db.insertInto('audit_events').values(planted).execute();
      const d = (await sys.get('/api/departments')).json() as {
        items: { id: string; name: string; version: number }[];
      };
      const ops = d.items.find((x) => x.name === 'Ops')!;
      const r3 = await sys.patch(`/api/departments/${ops.id}`, { version: ops.version, name: 'Renamed unaudited' });
      expect(r3.statusCode).toBe(500);
      const after = (await sys.get('/api/departments')).json() as {
        items: { id: string; name: string; version: number }[];
      };
      expect(after.items.find((x) => x.id === ops.id)).toMatchObject({ name: 'Ops', version: ops.version });
      expect(await readAuditHead(t.ctx.db)).toMatchObject({ seq: saved.seq, hash: saved.hash });

      // Repaired: writes work again and the chain verifies.
      await t.ctx.db
        .deleteFrom('audit_events')
        .where('seq', '=', head + 1)
        .execute();
      await expectOk(await sys.post('/api/departments', { name: 'Audited', parentId: t.rootDepartmentId }));
      expect(await countRows(t, 'departments')).toBe(nd + 1);
      expect(await verify(t)).toMatchObject({ ok: true, headSeq: head + 1 });
    });
  });
});
