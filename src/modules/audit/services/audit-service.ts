import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import type { Readable } from 'node:stream';
import { auditScope } from '../../../policy/index.js';
import { authorize } from '../../../platform/authorize.js';
import { offsetOf } from '../../../kernel/pagination.js';
import type { AuditEvent, AuditVerifyResult } from '../contracts/audit.js';
import { forbidden } from '../../../platform/errors.js';
import { actorOf, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { auditFiltered, storedRowOf, type AuditQuery } from '../../../platform/audit/audit-repo.js';
import { verifyAuditChain } from '../../../platform/audit/verify.js';
import { auditRules } from '../../../platform/audit/audit-rules.js';
import { streamTable, type Cell } from '../../../platform/export/table-export.js';
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

function toDto(r: AuditEventTable): AuditEvent {
  const { detailsJson, prevHash: _prev, ...rest } = storedRowOf(r);
  return { ...rest, details: JSON.parse(detailsJson) as unknown };
}

export async function listAuditEvents(
  ctx: AppContext,
  rc: RequestContext,
  f: AuditFilter,
  page: number,
  pageSize: number,
  order: 'asc' | 'desc',
) {
  const q = auditFiltered(ctx.db, await scopedQuery(ctx, rc, f, 'audit.list'));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('seq', order).limit(pageSize).offset(offsetOf(page, pageSize)).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toDto), total: Number(total.n), page, pageSize };
}

const EXPORT_LIMIT = 200_000;
const COLUMNS = [
  'seq',
  'at',
  'actorName',
  'actorRole',
  'action',
  'targetType',
  'targetId',
  'result',
  'ip',
  'requestId',
  'details',
] as const;

function rowValues(e: AuditEvent): Cell[] {
  return [
    e.seq,
    e.at,
    e.actorName,
    e.actorRole,
    e.action,
    e.targetType,
    e.targetId,
    e.result,
    e.ip,
    e.requestId,
    JSON.stringify(e.details),
  ];
}

/**
 * Export the filtered trail as CSV or XLSX, streamed page by page. Every text cell is neutralised against
 * formula injection. The export itself is an audited read.
 */
export async function exportAuditEvents(
  ctx: AppContext,
  rc: RequestContext,
  f: AuditFilter,
  format: 'csv' | 'xlsx',
): Promise<Readable> {
  await authorize(
    ctx,
    rc,
    'audit.export',
    { kind: 'none' },
    { audit: { action: 'audit.export', targetType: 'audit' } },
  );
  const scoped = await scopedQuery(ctx, rc, f, 'audit.export');
  await auditAlone(ctx, rc, { action: 'audit.export', targetType: 'audit', details: { format, filter: { ...f } } });
  async function* pages(): AsyncGenerator<Cell[][]> {
    let after = -1;
    let sent = 0;
    while (sent < EXPORT_LIMIT) {
      const rows = await auditFiltered(ctx.db, scoped)
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(2000)
        .execute();
      if (!rows.length) return;
      after = Number(rows[rows.length - 1]!.seq);
      sent += rows.length;
      yield rows.map((r) => rowValues(toDto(r)));
    }
  }
  return streamTable(format, 'audit', COLUMNS, pages(), ctx.log);
}

export async function verifyChainAs(ctx: AppContext, rc: RequestContext): Promise<AuditVerifyResult> {
  await authorize(
    ctx,
    rc,
    'audit.verify',
    { kind: 'none' },
    { audit: { action: 'audit.verify', targetType: 'audit' } },
  );
  const result = await verifyAuditChain(ctx.db, ctx.config.dataDir, ctx.keys);
  await auditAlone(ctx, rc, {
    action: 'audit.verify',
    targetType: 'audit',
    result: result.ok ? 'success' : 'failure',
    details: { eventsChecked: result.eventsChecked, firstBreak: result.firstBreak },
  });
  return result;
}
