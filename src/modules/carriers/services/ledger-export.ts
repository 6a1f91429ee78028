import type { Readable } from 'node:stream';
import { auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { getClassificationPolicy } from '../../../platform/organisation.js';
import { streamTable, type Cell, type ExportFormat } from '../../../platform/export/table-export.js';
import { localTime, type PrintLang } from '../../../platform/print/marking.js';
import type { CarrierSummary } from '../contracts/carriers.js';
import { carrierPrintTexts, type CarrierPrintTexts } from '../contracts/print-texts.js';
import { ledgerRows, listScope, type ListInput } from './carrier-read.js';
import { assertLedgerLength, ledgerHeading, LEDGER_TARGET } from './ledger-print.js';

/**
 * Exporting a ledger to CSV or XLSX (CAR-02/04) through the platform's table export: the rows of the list (the same
 * `listScope` and `ledgerRows`), headers and coded values in the viewer's language, instants in the organisation's
 * time zone; a row above the reader's clearance keeps its entry only, as on screen. Audited as
 * `carrier.export_ledger` (a refused ledger too).
 */

/** Beyond this a spreadsheet is no longer a ledger anyone reads: the export asks for a filter (400). */
export const EXPORT_LIMIT = 200_000;

export function exportHeader(t: CarrierPrintTexts): string[] {
  const { w } = t;
  return [
    w.number,
    w.copyNo,
    w.copies,
    w.title,
    w.kind,
    w.level,
    w.marking,
    w.secrecyUntil,
    w.status,
    w.custodian,
    w.department,
    w.location,
    w.holder,
    w.dueOn,
    w.overdue,
    w.updatedAt,
  ];
}

/** One exported line, from the row the list shows. */
export function exportLine(s: CarrierSummary, t: CarrierPrintTexts, lang: PrintLang, timeZone: string): Cell[] {
  const { w, code } = t;
  return [
    s.number,
    s.copyNo,
    s.copies,
    s.title ?? w.hidden,
    code('kind', s.kind),
    code('level', s.level),
    s.marking ? (lang === 'zh-CN' ? s.marking.zh : s.marking.en) : w.hidden,
    s.secrecyUntil,
    code('status', s.status),
    s.custodianName,
    s.departmentName,
    s.locationName,
    s.holderName,
    s.dueOn,
    s.overdue ? w.yes : null,
    localTime(new Date(s.updatedAt), timeZone),
  ];
}

export async function exportLedger(
  ctx: AppContext,
  rc: RequestContext,
  input: ListInput & { format: ExportFormat; lang?: PrintLang | undefined },
): Promise<{ stream: Readable; filename: string }> {
  const { format, lang = 'zh-CN', ...filter } = input;
  const t = carrierPrintTexts(lang);
  const scope = await listScope(ctx, rc, filter, 'carrier.export_ledger');
  await assertLedgerLength(ctx, scope, EXPORT_LIMIT);
  const heading = await ledgerHeading(ctx, scope, filter, t);
  const { timeZone } = await getClassificationPolicy(ctx);
  await auditAlone(
    ctx,
    { ...rc, actor: scope.actor },
    {
      action: 'carrier.export_ledger',
      targetType: LEDGER_TARGET,
      targetId: heading.targetId,
      details: { format, lang, ledger: heading.ledger, departmentId: heading.departmentId, filter },
    },
  );
  async function* pages(): AsyncGenerator<Cell[][]> {
    for await (const batch of ledgerRows(ctx, scope)) yield batch.map((s) => exportLine(s, t, lang, timeZone));
  }
  const stream = await streamTable(format, t.w.sheet, exportHeader(t), pages(), ctx.log);
  return { stream, filename: `baomi-carriers-${heading.ledger ?? 'list'}-${scope.today}.${format}` };
}
