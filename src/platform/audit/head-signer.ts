import { audit, newId, tx, type AppContext, type RequestContext } from '../context.js';
import type { CheckpointRecord } from '../../kernel/audit-chain.js';
import { readAuditHead } from './audit-repo.js';
import { replaceSigningChecks } from '../crypto/key-check.js';
import { checkpointStoreFor, signRecord, type CheckpointStore } from './checkpoints.js';

/**
 * Signing the chain head: the record goes to the checkpoint store first, then into the database's own list
 * (`audit_checkpoints`). In that order a crash between the two leaves the store ahead of the list, which
 * verification accepts; the other order would look like a shortened store.
 */
async function appendRecord(
  ctx: AppContext,
  store: CheckpointStore,
  record: CheckpointRecord,
  opts: { supersedePrevious?: boolean } = {},
): Promise<void> {
  const signed = signRecord(ctx.keys, record);
  await store.append(signed);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    // A re-anchor marks what came before it (by insertion, not by clock): no longer required in the store.
    if (opts.supersedePrevious) {
      await trx
        .updateTable('audit_checkpoints')
        .set({ superseded_by: id })
        .where('superseded_by', 'is', null)
        .execute();
    }
    await trx
      .insertInto('audit_checkpoints')
      .values({
        id,
        kind: record.kind,
        seq: record.seq,
        hash: record.hash,
        at: record.at,
        reason: record.reason ?? null,
        signature: signed.signature,
        superseded_by: null,
      })
      .execute();
  });
}

/** The newest seq the database recorded as signed (-1 when none): a forged line in the store cannot stop signing. */
async function lastSignedSeq(ctx: AppContext): Promise<number> {
  const r = await ctx.db
    .selectFrom('audit_checkpoints')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return r?.seq === null || r?.seq === undefined ? -1 : Number(r.seq);
}

/** Signs the current head when it moved since the store's newest record. */
export async function signAuditHead(
  ctx: AppContext,
  store: CheckpointStore = checkpointStoreFor(ctx.config),
): Promise<string> {
  const head = await readAuditHead(ctx.db);
  if (head.seq === 0) return 'empty chain';
  if (head.seq <= (await lastSignedSeq(ctx))) return `head ${head.seq} already signed`;
  await appendRecord(ctx, store, { kind: 'head', seq: head.seq, hash: head.hash, at: ctx.now().toISOString() });
  return `signed head ${head.seq}`;
}

/**
 * The operator accepts the chain as it stands (after a lost signing key or checkpoint store, or a restore)
 * and says why: audited as the system actor, then signed as a re-anchor record. Verification reports it
 * from then on and judges only the records from it onwards. With `newSigningKey` (a lost signing key) the
 * database's key check takes the ring's signing key, in the same transaction as the audit event.
 */
export async function reanchorAudit(
  ctx: AppContext,
  rc: RequestContext,
  reason: string,
  store: CheckpointStore = checkpointStoreFor(ctx.config),
  opts: { newSigningKey?: boolean } = {},
): Promise<{ seq: number; at: string }> {
  const text = reason.trim();
  if (text.length < 5)
    throw new Error(
      'Give the reason for re-anchoring (at least 5 characters): it is kept with the checkpoints and in the audit trail',
    );
  const before = await store.read(ctx.keys);
  await tx(ctx, async (trx) => {
    if (opts.newSigningKey) await replaceSigningChecks(trx, ctx.keys, ctx.now());
    await audit(trx, ctx, rc, {
      action: 'audit.reanchor',
      targetType: 'audit',
      details: {
        reason: text,
        store: store.location,
        recordsBefore: before.length,
        invalidBefore: before.filter((r) => !r.signatureValid).length,
        ...(opts.newSigningKey ? { newSigningKey: ctx.keys.signingKid } : {}),
      },
    });
  });
  const head = await readAuditHead(ctx.db);
  const at = ctx.now().toISOString();
  await appendRecord(
    ctx,
    store,
    { kind: 'reanchor', seq: head.seq, hash: head.hash, at, reason: text },
    { supersedePrevious: true },
  );
  return { seq: head.seq, at };
}

/**
 * Signs the head of a running server: after every `everyEvents` appended events or `everySeconds`, whichever
 * comes first, and once more at shutdown. Never on a request's path: appends only count, and the signing
 * runs on its own turn of the event loop.
 */
export class HeadSigner {
  private pending = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly everyEvents: number,
    private readonly everySeconds: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.signNow(), this.everySeconds * 1000);
    this.timer.unref();
  }

  /** Called after events are committed to the chain. */
  readonly noteAppended = (n: number): void => {
    this.pending += n;
    if (this.pending >= this.everyEvents && !this.running && !this.stopped) setImmediate(() => void this.signNow());
  };

  /** Signs now (joining a signing already under way); a failure is logged, never thrown at a caller. */
  signNow(): Promise<unknown> {
    if (this.running) return this.running;
    this.pending = 0;
    this.running = signAuditHead(this.ctx)
      .catch((err: unknown) => this.ctx.log.error({ err }, 'could not sign the audit chain head'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer and signs the head a last time. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    await this.signNow();
  }
}
