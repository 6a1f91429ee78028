/**
 * The verification reader (src/platform/audit/chain-reader.ts): rows come back exactly as stored (PostgreSQL's
 * COPY escaping undone), the canonical text (SQLite builds it with json_quote while reading; from PostgreSQL's
 * columns read in canonical order) is byte for byte what `canonicalEvent` hashes (so the fast path is taken), a mismatch is re-judged
 * from the row, it reads one snapshot (events appended meanwhile are not half-seen), and values no honest
 * append stores are still caught.
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { auditAlone, SYSTEM_CONTEXT, tx, type AppContext } from '../../../src/platform/context.js';
import { appendAuditEvents, readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { openChainSnapshot } from '../../../src/platform/audit/chain-reader.js';
import { anchoredVerify } from '../../helpers/anchor.js';
import { hashFn } from '../../../src/platform/crypto/keys.js';
import { ChainVerifier, type AuditEventInput, type StoredAuditRow } from '../../../src/kernel/audit-chain.js';
import { storedRowOf } from '../../../src/platform/audit/audit-repo.js';
import { sqliteOf } from '../../../src/platform/db/database.js';

/** Strings an event can carry (user input ends up in names, targets and details). */
const AWKWARD = [
  'plain',
  'quote " and backslash \\ and slash /',
  'backslash sequences \\N \\101 \\x41 \\t \\\\ at the end \\',
  '\\N',
  'controls \u0000 \u0001 \u0008 \t \n \u000b \f \r \u001b \u001f and DEL \u007f',
  '中文 保密 🔒 emoji',
  'separators \u2028 \u2029 and BOM \ufeff',
  '',
  '{"looks":"like json"}',
  'null',
  '12',
];

function events(kind: string): AuditEventInput[] {
  // PostgreSQL text cannot hold NUL; an event carrying one is refused there before it is stored.
  const strings = kind === 'postgres' ? AWKWARD.map((s) => s.replace('\u0000', '')) : AWKWARD;
  return strings.map((s, i) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actorId: i % 2 ? null : s,
    actorName: s,
    actorRole: i % 3 ? 'employee' : null,
    action: `test.${i}`,
    targetType: s,
    targetId: i % 2 ? s : null,
    result: 'success',
    ip: i % 2 ? null : s,
    requestId: s,
    details: i % 2 ? null : { s, n: i, nested: [s, null, 1.5] },
  }));
}

async function scanAll(ctx: AppContext): Promise<StoredAuditRow[]> {
  const snap = await openChainSnapshot(ctx.db);
  try {
    const out: StoredAuditRow[] = [];
    await snap.scan((r) => out.push(r) > 0);
    return out;
  } finally {
    await snap.close();
  }
}

describe.each(DB_KINDS)('audit verification reader on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  let other: AppContext;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    other = await createContext(config, { log: pino({ level: 'silent' }) });
    await tx(ctx, (trx) => appendAuditEvents(trx, ctx.kind, events(kind)));
  });
  afterAll(async () => {
    await ctx?.handle.close();
    await other?.handle.close();
    await db?.cleanup();
  });

  it('reads every field back exactly as stored, awkward strings included', async () => {
    const rows = await ctx.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(await scanAll(ctx)).toEqual(rows.map(storedRowOf));
  });

  /** Verifies the whole chain through a fresh snapshot, with a verifier `prepare` may spy on. */
  async function verifyThroughSnapshot(prepare: (v: ChainVerifier) => void) {
    const snap = await openChainSnapshot(ctx.db);
    const verifier = new ChainVerifier(hashFn(snap.head.alg));
    const feed = vi.spyOn(verifier, 'feed');
    prepare(verifier);
    const seen: number[] = [];
    try {
      await snap.verify(verifier, (seq) => seen.push(seq));
    } finally {
      await snap.close();
    }
    expect(verifier.firstBreak).toBeNull();
    expect(seen).toEqual(Array.from({ length: snap.head.seq }, (_, i) => i + 1));
    return { feed, headSeq: snap.head.seq };
  }

  it('verifies awkward strings on the fast path: the canonical text read matches ours, no re-check', async () => {
    const { feed, headSeq } = await verifyThroughSnapshot(() => undefined);
    // feed (field by field) runs only to re-check a row whose canonical text did not match.
    expect(feed).not.toHaveBeenCalled();
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({ ok: true, eventsChecked: headSeq });
  });

  it('a canonical text that does not match is re-judged from the row, and reading goes on after it', async () => {
    const { feed } = await verifyThroughSnapshot((verifier) => {
      const fast = verifier.feedCanonical.bind(verifier);
      // As if the database had escaped rows 3 and 7 differently from JSON.stringify.
      vi.spyOn(verifier, 'feedCanonical').mockImplementation((seq, prevHash, hash, canonical) =>
        seq === 3 || seq === 7 ? 'recheck' : fast(seq, prevHash, hash, canonical),
      );
    });
    expect(feed.mock.calls.map(([row]) => row.seq)).toEqual([3, 7]);
  });

  it('reads one snapshot: events appended while it is open are not part of it', async () => {
    const before = await readAuditHead(ctx.db);
    const snap = await openChainSnapshot(ctx.db);
    try {
      expect(snap.head).toMatchObject({ seq: before.seq, hash: before.hash });
      // Another process and this one append after the snapshot was taken.
      await auditAlone(other, SYSTEM_CONTEXT, { action: 'test.meanwhile' as AuditAction });
      await auditAlone(ctx, SYSTEM_CONTEXT, { action: 'test.meanwhile' as AuditAction });
      const seqs: number[] = [];
      await snap.scan((r) => seqs.push(r.seq) > 0);
      expect(seqs).toEqual(Array.from({ length: before.seq }, (_, i) => i + 1));
    } finally {
      await snap.close();
    }
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({ ok: true, headSeq: before.seq + 2 });
  });

  it('an event carrying a lone surrogate (any JSON input can) is stored as U+FFFD and still verifies', async () => {
    const before = await readAuditHead(ctx.db);
    // As a sign-in with the username "x\ud800y" would record it.
    await auditAlone(ctx, SYSTEM_CONTEXT, {
      action: 'auth.login',
      result: 'failure',
      targetId: 'lone \udc00 low',
      actorOverride: { id: null, name: 'x\ud800y', role: null },
      details: { reason: 'unknown_user', typed: 'x\ud800y' },
    });
    const row = await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', before.seq + 1)
      .executeTakeFirstOrThrow();
    expect([row.actor_name, row.target_id]).toEqual(['x\ufffdy', 'lone \ufffd low']);
    expect(JSON.parse(row.details)).toEqual({ reason: 'unknown_user', typed: 'x\ud800y' }); // JSON escapes it
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({ ok: true, headSeq: before.seq + 1 });
  });

  it.runIf(kind === 'postgres')('a long chain streamed with COPY: a break deep inside is found', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => ({
      ...events(kind)[i % AWKWARD.length]!,
      action: `test.many.${i}`,
    }));
    for (let i = 0; i < many.length; i += 4000)
      await tx(ctx, (trx) => appendAuditEvents(trx, ctx.kind, many.slice(i, i + 4000)));
    const head = await readAuditHead(ctx.db);
    const verify = () => anchoredVerify(ctx.db, db.dataDir, ctx.keys);
    expect(await verify()).toMatchObject({ ok: true, eventsChecked: head.seq });
    const k = head.seq - 4_321;
    await ctx.db.updateTable('audit_events').set({ target_id: 'forged' }).where('seq', '=', k).execute();
    expect(await verify()).toMatchObject({ ok: false, eventsChecked: k - 1, firstBreak: { kind: 'hash', seq: k } });
    await ctx.db.deleteFrom('audit_events').where('seq', '>=', k).execute();
    expect(await verify()).toMatchObject({
      ok: false,
      eventsChecked: k - 1,
      firstBreak: { kind: 'head_mismatch', seq: k },
    });
  });

  it.runIf(kind === 'sqlite')('a value of another storage type is caught, not a crash', async () => {
    const sqlite = sqliteOf(ctx.db)!;
    const head = await readAuditHead(ctx.db);
    const k = 3;
    const saved = sqlite.prepare('select actor_name, target_type from audit_events where seq = ?').get(k) as {
      actor_name: string;
      target_type: string;
    };
    // The same bytes as a BLOB (json_quote refuses BLOBs): the fields no longer match what was hashed.
    sqlite.prepare('update audit_events set actor_name = cast(actor_name as blob) where seq = ?').run(k);
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({
      ok: false,
      firstBreak: { kind: 'hash', seq: k },
    });
    // A number where text was.
    sqlite.prepare('update audit_events set actor_name = ?, target_type = 12 where seq = ?').run(saved.actor_name, k);
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({
      ok: false,
      firstBreak: { kind: 'hash', seq: k },
    });
    sqlite.prepare('update audit_events set target_type = ? where seq = ?').run(saved.target_type, k);
    expect(await anchoredVerify(ctx.db, db.dataDir, ctx.keys)).toMatchObject({ ok: true, headSeq: head.seq });
  });
});
