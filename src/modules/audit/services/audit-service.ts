import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { Readable } from 'node:stream';
import { auditScope } from '../../../policy/index.js';
import { authorize } from '../../../platform/authorize.js';
import { offsetOf } from '../../../kernel/pagination.js';
import type {
  AuditDictionary,
  AuditEvent,
  AuditLang,
  AuditVerifyResult,
  StoredAuditEvent,
} from '../contracts/audit.js';
import { getClassificationPolicy } from '../../../platform/organisation.js';
import { localIsoOf } from '../../../kernel/local-time.js';
import { dictionaryResponse } from './audit-dictionary.js';
import { streamAuditExport } from './audit-export.js';
import { matchTargets, nameEvents, targetKey, viewerOf } from './audit-targets.js';
import { forbidden } from '../../../platform/errors.js';
import { actorOf, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { auditFiltered, storedRowOf, type AuditQuery } from '../../../platform/audit/audit-repo.js';
import { verifyAuditChain } from '../../../platform/audit/verify.js';
import { checkpointStoreFor } from '../../../platform/audit/checkpoints.js';
import { auditArchiveDirOf } from '../../../platform/audit/archive-files.js';
import { auditRules } from '../../../platform/audit/audit-rules.js';
import type { AuditEventTable } from '../../../platform/db/schema.js';

export type AuditFilter = Omit<AuditQuery, 'scope'>;

/**
 * The list filter derived from the policy (the 三员 split, policy/audit.ts): each administrator their own
 * events plus the classes they review under the organisation's rules; others nothing (refused and audited).
 */
export async function scopedQuery(
  ctx: AppContext,
  rc: RequestContext,
  f: AuditFilter,
  action: AuditAction,
): Promise<AuditQuery> {
  const scope = auditScope(actorOf(rc), await auditRules(ctx));
  if (scope.kind === 'none') {
    await auditAlone(ctx, rc, { action, targetType: 'audit', result: 'denied' });
    throw forbidden();
  }
  return { ...f, scope };
}

function toDto(r: AuditEventTable): StoredAuditEvent {
  const { detailsJson, prevHash: _prev, ...rest } = storedRowOf(r);
  return { ...rest, details: JSON.parse(detailsJson) as unknown };
}

/**
 * The trail's query for the filter under the policy's scope (`scopedQuery`); actions are exact codes; the
 * 「对象」 text matches a target's id or type, or the targets it names for the viewer (`matchTargets`).
 */
async function filteredQuery(ctx: AppContext, rc: RequestContext, f: AuditFilter, action: AuditAction) {
  const query = await scopedQuery(ctx, rc, f, action);
  if (f.target) query.targetMatches = await matchTargets(ctx, await viewerOf(ctx, actorOf(rc)), f.target);
  return auditFiltered(ctx.db, query);
}

export async function listAuditEvents(
  ctx: AppContext,
  rc: RequestContext,
  f: AuditFilter,
  page: number,
  pageSize: number,
  order: 'asc' | 'desc',
): Promise<{ items: AuditEvent[]; total: number; page: number; pageSize: number }> {
  const q = await filteredQuery(ctx, rc, f, 'audit.list');
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('seq', order).limit(pageSize).offset(offsetOf(page, pageSize)).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const events = rows.map(toDto);
  const names = await nameEvents(ctx, await viewerOf(ctx, actorOf(rc)), events);
  const items = events.map((e) => ({
    ...e,
    actorDisplayName: (e.actorId && names.actors.get(e.actorId)) || null,
    target: (e.targetType && e.targetId && names.targets.get(targetKey(e.targetType, e.targetId))) || null,
  }));
  return { items, total: Number(total.n), page, pageSize };
}

/** The dictionary the trail's filter and columns read, with the organisation's time zone. */
export async function auditDictionary(ctx: AppContext, rc: RequestContext): Promise<AuditDictionary> {
  actorOf(rc);
  return dictionaryResponse((await getClassificationPolicy(ctx)).timeZone);
}

/**
 * Export the filtered trail as CSV or XLSX in the viewer's language (audit-export.ts), streamed page by page.
 * Every text cell is neutralised against formula injection. The export itself is an audited read.
 */
export async function exportAuditEvents(
  ctx: AppContext,
  rc: RequestContext,
  f: AuditFilter,
  format: 'csv' | 'xlsx',
  lang: AuditLang,
): Promise<Readable> {
  await authorize(
    ctx,
    rc,
    'audit.export',
    { kind: 'none' },
    { audit: { action: 'audit.export', targetType: 'audit' } },
  );
  const q = await filteredQuery(ctx, rc, f, 'audit.export');
  await auditAlone(ctx, rc, {
    action: 'audit.export',
    targetType: 'audit',
    details: { format, lang, filter: { ...f } },
  });
  const viewer = await viewerOf(ctx, actorOf(rc));
  const readPage = (after: number, limit: number) =>
    q.selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(limit).execute();
  return streamAuditExport(ctx, viewer, readPage, format, lang);
}

/** The export's file name, stamped with the organisation's local time (as the rows are), not UTC. */
export async function exportFileName(ctx: AppContext, format: 'csv' | 'xlsx'): Promise<string> {
  const zone = (await getClassificationPolicy(ctx)).timeZone;
  return `baomi-audit-${localIsoOf(ctx.now(), zone).slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
}

/** `withArchive`: read the archive's segment files too and verify the whole chain from the first event. */
export async function verifyChainAs(
  ctx: AppContext,
  rc: RequestContext,
  withArchive = false,
): Promise<AuditVerifyResult> {
  await authorize(
    ctx,
    rc,
    'audit.verify',
    { kind: 'none' },
    { audit: { action: 'audit.verify', targetType: 'audit' } },
  );
  // The deployment's shared store, so every instance gives the same answer.
  const dir = auditArchiveDirOf(ctx.config);
  const result = await verifyAuditChain(ctx.db, checkpointStoreFor(ctx.config), ctx.keys, undefined, {
    ...(withArchive ? { archiveDir: dir } : {}),
    archiveLocation: dir,
  });
  await auditAlone(ctx, rc, {
    action: 'audit.verify',
    targetType: 'audit',
    result: result.ok ? 'success' : 'failure',
    details: { eventsChecked: result.eventsChecked, firstBreak: result.firstBreak, withArchive },
  });
  return result;
}
