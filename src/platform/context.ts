import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../kernel/actor.js';
import { actorRoleLabel } from '../kernel/actor.js';
import type { AuditEventInput, AuditResult } from '../kernel/audit-chain.js';
import type { Config } from './config.js';
import type { AuditAction } from './contracts/audit-actions.js';
import type { DatabaseHandle, Db, DbKind } from './db/database.js';
import type { KeyRing } from './crypto/keys.js';
import type { BlobStore } from './blobs/blob-store.js';
import { AppError } from './errors.js';
import { appendAuditEvents, appendAuditEventsAlone, type Trx } from './audit/audit-repo.js';
import { uniqueViolationOf } from './db/db-errors.js';
import { inTransactionScope, outsideTransactionScope } from './db/tx-scope.js';
import { UniqueConflict } from './errors.js';

/** Everything a service needs, built once per process (server or CLI). */
export interface AppContext {
  db: Db;
  kind: DbKind;
  handle: DatabaseHandle;
  config: Config;
  keys: KeyRing;
  /** Encrypted blob folder for documents and attachments. */
  blobs: BlobStore;
  log: Logger;
  /** The clock, injectable so tests can move time (idle timeout, lockout release, TOTP steps). */
  now: () => Date;
  instanceId: string;
  /** Told how many audit events were just committed (the running server's head signer counts them). */
  onAuditAppended?: (events: number) => void;
}

/** Who is asking and from where: passed from the route to the service, recorded in every audit event. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  sessionId?: string | null;
  /**
   * The system itself (jobs, first-start initialisation) or the local operator at the CLI, who already has
   * the database in hand: trusted without an actor. Never set for an HTTP request.
   */
  system?: true;
}

export const SYSTEM_CONTEXT: RequestContext = Object.freeze({ actor: null, ip: null, requestId: null, system: true });

/**
 * The person asking. A request that reached a service without one (a route that should have needed a
 * session) is refused as unauthenticated (401), never answered with a crash.
 */
export function actorOf(rc: RequestContext): Actor {
  if (!rc.actor) throw new AppError('unauthenticated', 'Please sign in');
  return rc.actor;
}

/** True for the system and the local operator; false for every HTTP request, signed in or not. */
export function isSystem(rc: RequestContext): boolean {
  return rc.system === true && rc.actor === null;
}

export function newId(): string {
  return crypto.randomUUID();
}

let lastIdMs = 0;
let idCounter = 0;
/**
 * A UUIDv7-shaped id that sorts in creation order within this process (millisecond time, then a counter):
 * the tiebreaker for records that share a timestamp, such as the events of one item's history written in
 * one transaction.
 */
export function newSortableId(): string {
  const ms = Date.now();
  if (ms > lastIdMs) {
    lastIdMs = ms;
    idCounter = 0;
  } else if (++idCounter > 0xfff) {
    lastIdMs++; // more than 4096 in one millisecond: borrow the next one, order is kept
    idCounter = 0;
  }
  const t = lastIdMs.toString(16).padStart(12, '0');
  const c = idCounter.toString(16).padStart(3, '0');
  const r = crypto.randomBytes(8).toString('hex');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c}-${'89ab'[parseInt(r[0]!, 16) & 3]}${r.slice(1, 4)}-${r.slice(4, 16)}`;
}

export interface AuditFields {
  /** What happened, from the typed vocabulary (platform/contracts/audit-actions.ts and each module's). */
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  result?: AuditResult;
  details?: Record<string, unknown> | null;
  /** For sign-in attempts where there is no actor yet. */
  actorOverride?: { id: string | null; name: string | null; role: string | null };
}

export function auditEvent(ctx: AppContext, rc: RequestContext, f: AuditFields): AuditEventInput {
  const a = rc.actor;
  return {
    at: ctx.now().toISOString(),
    actorId: f.actorOverride ? f.actorOverride.id : (a?.id ?? null),
    actorName: f.actorOverride ? f.actorOverride.name : (a?.username ?? null),
    actorRole: f.actorOverride
      ? f.actorOverride.role
      : a
        ? actorRoleLabel(a)
        : isSystem(rc)
          ? 'system' // the jobs and the local operator's CLI: reviewed by the auditor (ADR 0024)
          : null,
    action: f.action,
    targetType: f.targetType ?? null,
    targetId: f.targetId ?? null,
    result: f.result ?? 'success',
    ip: rc.ip,
    requestId: rc.requestId,
    details: f.details ?? null,
  };
}

/** Events recorded in a transaction opened by `tx`, appended to the chain just before it commits. */
const pendingAudit = new WeakMap<Trx, AuditEventInput[]>();

/**
 * Records one audit event in the caller's transaction: the change and its record commit together. In a
 * transaction opened by `tx` the event is appended when the work is done (see `tx`); in any other it is
 * appended at once.
 */
export async function audit(trx: Trx, ctx: AppContext, rc: RequestContext, f: AuditFields): Promise<void> {
  const pending = pendingAudit.get(trx);
  if (pending) pending.push(auditEvent(ctx, rc, f));
  else await appendAuditEvents(trx, ctx.kind, [auditEvent(ctx, rc, f)]);
}

interface PendingEvent {
  event: AuditEventInput;
  resolve: () => void;
  reject: (e: unknown) => void;
}
interface AuditQueue {
  pending: PendingEvent[];
  /** A flush is scheduled or running: new events wait for it instead of starting their own. */
  flushing: boolean;
}
const groupCommit = new WeakMap<Db, AuditQueue>();
/** At most this many events per transaction (bounded statement and lock time). */
const MAX_BATCH = 1000;

/**
 * Records an event that is not part of a change (a refusal, a failure, a read) in its own transaction.
 * Group commit: events that arrive while a commit is in flight are appended together in the next one, so
 * many concurrent requests share one lock and one fsync. Each caller's promise resolves only after its
 * event is durable, so an acknowledged request always has its audit record.
 *
 * The first event of a group does not commit at once but after the I/O callbacks already queued on the
 * event loop have run (setImmediate): requests that arrived together, and callers that just got their
 * previous commit back, then share one transaction instead of the first committing alone.
 */
export function auditAlone(ctx: AppContext, rc: RequestContext, f: AuditFields): Promise<void> {
  const event = auditEvent(ctx, rc, f);
  let q = groupCommit.get(ctx.db);
  if (!q) {
    q = { pending: [], flushing: false };
    groupCommit.set(ctx.db, q);
  }
  const queue = q;
  return new Promise<void>((resolve, reject) => {
    queue.pending.push({ event, resolve, reject });
    if (!queue.flushing) {
      queue.flushing = true;
      // The commit serves every caller queued by then, whichever transaction's callback the first came from.
      setImmediate(() => outsideTransactionScope(() => void flushAuditQueue(ctx, queue)));
    }
  });
}

async function flushAuditQueue(ctx: AppContext, q: AuditQueue): Promise<void> {
  try {
    while (q.pending.length) {
      const batch = q.pending.splice(0, MAX_BATCH);
      try {
        await appendAuditEventsAlone(
          ctx.db,
          batch.map((b) => b.event),
        );
        ctx.onAuditAppended?.(batch.length);
        for (const b of batch) b.resolve();
      } catch (e) {
        if (batch.length === 1) batch[0]!.reject(e);
        // Nothing of the batch was written. One unstorable event must not fail everyone who shared its
        // transaction: each is tried alone, and only the failing ones are refused.
        else
          for (const b of batch)
            await appendAuditEventsAlone(ctx.db, [b.event]).then(() => {
              ctx.onAuditAppended?.(1);
              b.resolve();
            }, b.reject);
      }
    }
  } finally {
    q.flushing = false;
  }
}

/**
 * Runs `fn` in one transaction and appends the audit events it recorded, in order, as its last statement. The
 * chain head (locked on PostgreSQL until commit) is so the last lock every transaction takes: two
 * transactions that lock the same rows in the same order never deadlock over it, and the head is held only
 * for the append and the commit. Should the append fail, the whole change rolls back.
 */
export function tx<T>(ctx: AppContext, fn: (trx: Trx) => Promise<T>): Promise<T> {
  let appended = 0;
  return ctx.db
    .transaction()
    .execute((trx) =>
      inTransactionScope(async () => {
        const events: AuditEventInput[] = [];
        pendingAudit.set(trx, events);
        const result = await fn(trx);
        if (events.length) await appendAuditEvents(trx, ctx.kind, events);
        appended = events.length;
        return result;
      }),
    )
    .then((result) => {
      if (appended) ctx.onAuditAppended?.(appended);
      return result;
    })
    .catch((e: unknown) => {
      // A unique rule refused the write: a concurrent request took the value between our check and our
      // insert. The caller is told which field (409), and the refusal is audited where the request is known.
      const violation = uniqueViolationOf(e);
      if (!violation) throw e;
      throw new UniqueConflict(violation, (rc, action) =>
        auditAlone(ctx, rc, {
          action,
          targetType: violation.table,
          result: 'failure',
          details: { reason: 'unique', field: violation.field },
        }),
      );
    });
}
