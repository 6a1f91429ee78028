import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../domain/actor.js';
import { actorRoleLabel } from '../domain/actor.js';
import type { AuditEventInput, AuditResult } from '../domain/audit-chain.js';
import type { Config } from './config.js';
import type { DatabaseHandle, Db, DbKind } from './db/database.js';
import type { KeyRing } from './crypto/keys.js';
import type { BlobStore } from './blobs/blob-store.js';
import { appendAuditEvents, type Trx } from './audit/audit-repo.js';

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
}

/** Who is asking and from where: passed from the route to the service, recorded in every audit event. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  sessionId?: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = { actor: null, ip: null, requestId: null };

export function newId(): string {
  return crypto.randomUUID();
}

export interface AuditFields {
  action: string;
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
    actorRole: f.actorOverride ? f.actorOverride.role : a ? actorRoleLabel(a) : rc.ip === null && rc.requestId === null ? 'system' : null,
    action: f.action,
    targetType: f.targetType ?? null,
    targetId: f.targetId ?? null,
    result: f.result ?? 'success',
    ip: rc.ip,
    requestId: rc.requestId,
    details: f.details ?? null,
  };
}

/** Appends one audit event in the caller's transaction: the change and its record commit together. */
export async function audit(trx: Trx, ctx: AppContext, rc: RequestContext, f: AuditFields): Promise<void> {
  await appendAuditEvents(trx, ctx.kind, [auditEvent(ctx, rc, f)]);
}

/** Records a refusal or failure on its own (the refused change itself never happened). */
export async function auditAlone(ctx: AppContext, rc: RequestContext, f: AuditFields): Promise<void> {
  await ctx.db.transaction().execute((trx) => audit(trx, ctx, rc, f));
}

export function tx<T>(ctx: AppContext, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(fn);
}
