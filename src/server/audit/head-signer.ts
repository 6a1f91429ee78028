import { audit, newId, tx, type AppContext, type RequestContext } from '../context.js';
import type { CheckpointRecord } from '../../domain/audit-chain.js';
import { readAuditHead } from './audit-repo.js';
import { checkpointStoreOf, signRecord, type CheckpointStore } from './checkpoints.js';

/**
 * Signing the chain head: the record goes to the checkpoint store first, then into the database's own list
 * (`audit_checkpoints`). In that order a crash between the two leaves the store ahead of the list, which
 * verification accepts; the other order would look like a shortened store.
 */
async function appendRecord(ctx: AppContext, store: CheckpointStore, record: CheckpointRecord): Promise<void> {
  const signed = signRecord(ctx.keys, record);
  await store.append(signed);
  await ctx.db
    .insertInto('audit_checkpoints')
    .values({
      id: newId(),
      kind: record.kind,
      seq: record.seq,
      hash: record.hash,
      at: record.at,
      reason: record.reason ?? null,
      signature: signed.signature,
    })
    .execute();
}

/** Signs the current head when it moved since the store's newest record. */
export async function signAuditHead(
  ctx: AppContext,
  store: CheckpointStore = checkpointStoreOf(ctx.config.dataDir),
): Promise<string> {
  const head = await readAuditHead(ctx.db);
  if (head.seq === 0) return 'empty chain';
  if (head.seq <= (await store.lastSeq())) return `head ${head.seq} already signed`;
  await appendRecord(ctx, store, { kind: 'head', seq: head.seq, hash: head.hash, at: ctx.now().toISOString() });
  return `signed head ${head.seq}`;
}

/**
 * The operator accepts the chain as it stands (after a lost signing key or checkpoint store, or a restore)
 * and says why: audited as the system actor, then signed as a re-anchor record. Verification reports it
 * from then on and judges only the records from it onwards.
 */
export async function reanchorAudit(
  ctx: AppContext,
  rc: RequestContext,
  reason: string,
  store: CheckpointStore = checkpointStoreOf(ctx.config.dataDir),
): Promise<{ seq: number; at: string }> {
  const text = reason.trim();
  if (text.length < 5)
    throw new Error(
      'Give the reason for re-anchoring (at least 5 characters): it is kept with the checkpoints and in the audit trail',
    );
  const before = await store.read(ctx.keys);
  await tx(ctx, (trx) =>
    audit(trx, ctx, rc, {
      action: 'audit.reanchor',
      targetType: 'audit',
      details: {
        reason: text,
        store: store.location,
        recordsBefore: before.length,
        invalidBefore: before.filter((r) => !r.signatureValid).length,
      },
    }),
  );
  const head = await readAuditHead(ctx.db);
  // Dated after every record the database holds, so "before the re-anchor" is never ambiguous.
  const latest = await ctx.db
    .selectFrom('audit_checkpoints')
    .select('at')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const nowMs = ctx.now().getTime();
  const at = new Date(latest ? Math.max(nowMs, Date.parse(latest.at) + 1) : nowMs).toISOString();
  await appendRecord(ctx, store, { kind: 'reanchor', seq: head.seq, hash: head.hash, at, reason: text });
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
