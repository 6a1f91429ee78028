/**
 * The audit append paths under concurrency: standalone appends (group commit, the one-statement path on
 * PostgreSQL, the synchronous transaction on SQLite's shared connection) mixed with appends inside service
 * transactions and with a second process writing to the same database. The chain must never fork and an
 * acknowledged event must be durable and in place.
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { audit, auditAlone, SYSTEM_CONTEXT, tx, type AppContext } from '../../../src/platform/context.js';
import { readAuditHead } from '../../../src/platform/audit/audit-repo.js';
import { anchoredVerify } from '../../helpers/anchor.js';

function openContext(db: FreshDatabase): Promise<AppContext> {
  const config = loadConfig(
    {},
    { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
  );
  return createContext(config, { log: pino({ level: 'silent' }) });
}

/** Lets `n` turns of the event loop pass (each after the I/O callbacks already queued). */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe.each(DB_KINDS)('audit appends on %s', (kind) => {
  let db: FreshDatabase;
  let a: AppContext;
  let b: AppContext; // a second process (the CLI, another instance) on the same database

  beforeAll(async () => {
    db = await freshDatabase(kind);
    a = await openContext(db);
    b = await openContext(db);
  });
  afterAll(async () => {
    await a?.handle.close();
    await b?.handle.close();
    await db?.cleanup();
  });

  async function expectWholeChain(): Promise<number> {
    const head = await readAuditHead(a.db);
    const seqs = (await a.db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) =>
      Number(r.seq),
    );
    expect(seqs).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
    const prevs = await a.db.selectFrom('audit_events').select('prev_hash').execute();
    expect(new Set(prevs.map((p) => p.prev_hash)).size).toBe(head.seq); // no two events share a predecessor
    expect(await anchoredVerify(a.db, db.dataDir, a.keys)).toMatchObject({ ok: true, eventsChecked: head.seq });
    return head.seq;
  }

  it('group-commits concurrent standalone events into one chain, each durable when acknowledged', async () => {
    const before = (await readAuditHead(a.db)).seq;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        auditAlone(a, SYSTEM_CONTEXT, { action: 'test.alone' as AuditAction, targetId: String(i) }),
      ),
    );
    expect(await expectWholeChain()).toBe(before + 50);
    const ids = await a.db.selectFrom('audit_events').select('target_id').where('action', '=', 'test.alone').execute();
    expect(new Set(ids.map((r) => r.target_id)).size).toBe(50);
  });

  it('one event that cannot be stored fails alone, not the events that shared its transaction', async () => {
    const before = (await readAuditHead(a.db)).seq;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        auditAlone(a, SYSTEM_CONTEXT, {
          action: 'test.shared' as AuditAction,
          targetId: i === 4 ? (Symbol('unstorable') as unknown as string) : String(i),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    );
    expect(await expectWholeChain()).toBe(before + 9);
  });

  it('two processes appending at once, alone and inside transactions, never fork the chain', async () => {
    const before = (await readAuditHead(a.db)).seq;
    const writer = (ctx: AppContext, name: string) =>
      (async () => {
        for (let i = 0; i < 15; i++) {
          if (i % 3 === 2)
            await tx(ctx, (trx) =>
              audit(trx, ctx, SYSTEM_CONTEXT, { action: 'test.in_tx' as AuditAction, targetId: `${name}${i}` }),
            );
          else await auditAlone(ctx, SYSTEM_CONTEXT, { action: 'test.alone' as AuditAction, targetId: `${name}${i}` });
        }
      })();
    await Promise.all([writer(a, 'a'), writer(b, 'b'), writer(a, 'c'), writer(b, 'd')]);
    expect(await expectWholeChain()).toBe(before + 60);
  });

  it('a standalone event waits for an open transaction and survives its rollback', async () => {
    const before = (await readAuditHead(a.db)).seq;
    let alone: Promise<void> | undefined;
    const rolledBack = tx(a, async (trx) => {
      await audit(trx, a, SYSTEM_CONTEXT, { action: 'test.rolled_back' as AuditAction });
      // While this transaction is open (on SQLite: holding the only connection), a standalone event arrives.
      alone = auditAlone(a, SYSTEM_CONTEXT, { action: 'test.kept' as AuditAction });
      // Its commit is started on a later turn of the event loop (setImmediate): let those turns pass while
      // this transaction stays open.
      await turns(5);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    await alone;
    expect(await expectWholeChain()).toBe(before + 1);
    const actions = await a.db.selectFrom('audit_events').select('action').where('seq', '>', before).execute();
    expect(actions.map((r) => r.action)).toEqual(['test.kept']);
    // After the rollback the next standalone event still lands right after the real head.
    await auditAlone(a, SYSTEM_CONTEXT, { action: 'test.after' as AuditAction });
    expect(await expectWholeChain()).toBe(before + 2);
  });

  it('a standalone event fails while the head row is missing, and works again once it is back', async () => {
    await auditAlone(a, SYSTEM_CONTEXT, { action: 'test.warm' as AuditAction });
    const saved = await a.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await a.db.deleteFrom('audit_head').execute();
    await expect(auditAlone(a, SYSTEM_CONTEXT, { action: 'test.unrecorded' as AuditAction })).rejects.toThrow(
      /not initialised/,
    );
    await a.db.insertInto('audit_head').values(saved).execute();
    await auditAlone(a, SYSTEM_CONTEXT, { action: 'test.recorded' as AuditAction });
    const seq = await expectWholeChain();
    expect(seq).toBe(Number(saved.seq) + 1);
    const actions = await a.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'test.%recorded')
      .execute();
    expect(actions.map((r) => r.action)).toEqual(['test.recorded']);
  });
});
