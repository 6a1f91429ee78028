import type { Readable } from 'node:stream';
import type { SignatureMethod } from '../../../kernel/agreements.js';
import { auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { streamTable, type Cell, type ExportFormat } from '../../../platform/export/table-export.js';
import type { PrintLang } from '../../../platform/print/marking.js';
import type { ReportRow } from '../contracts/reports.js';
import { reportTexts, type ReportTexts } from '../contracts/report-texts.js';
import { REPORT_TARGET, reportPeople, reportScope, rowsOf, type ReportInput } from './report-service.js';

/**
 * Exporting the agreements report to CSV or XLSX (PER-01/02/06) through the platform's table export: the people and
 * obligations of the report with the same filters and scope (`reportScope`, `reportPeople`), one line per
 * obligation (a person with nothing to sign: one line saying so), headers and coded values in the reader's
 * language (the `lang` asked for, else the reader's own, else Chinese), dates as the organisation's calendar
 * dates. Audited as `agreement.export` (a refused export too).
 */

export function exportHeader(t: ReportTexts): string[] {
  const h = t.header;
  return [
    h.department,
    h.name,
    h.username,
    h.post,
    h.account,
    h.leaver,
    h.agreement,
    h.kind,
    h.version,
    h.state,
    h.dueOn,
    h.signedOn,
    h.method,
    h.expiresOn,
  ];
}

interface SignatureInfo {
  signedOn: string;
  method: SignatureMethod;
}

/** The lines of one report row. */
export function exportLines(r: ReportRow, t: ReportTexts, signatures: ReadonlyMap<string, SignatureInfo>): Cell[][] {
  const person: Cell[] = [
    r.departmentName,
    r.displayName,
    r.username,
    r.post,
    t.account[r.status],
    r.leaver ? t.yes : null,
  ];
  if (r.obligations.length === 0) return [[...person, null, null, null, t.none, null, null, null, null]];
  return r.obligations.map((o) => {
    const s = o.signatureId ? signatures.get(o.signatureId) : undefined;
    return [
      ...person,
      o.title,
      t.kind[o.kind],
      t.versionNo(o.versionNo),
      t.state[o.state],
      o.state === 'signed' ? null : o.dueOn,
      s?.signedOn ?? null,
      s ? t.method[s.method] : null,
      o.expiresOn,
    ];
  });
}

async function signaturesOf(ctx: AppContext, rows: readonly ReportRow[]): Promise<Map<string, SignatureInfo>> {
  const ids = rows.flatMap((r) => r.obligations.map((o) => o.signatureId)).filter((x): x is string => x !== null);
  if (ids.length === 0) return new Map();
  const found = await ctx.db
    .selectFrom('agreement_signatures')
    .select(['id', 'signed_on', 'method'])
    .where('id', 'in', ids)
    .execute();
  return new Map(found.map((s) => [s.id, { signedOn: s.signed_on, method: s.method as SignatureMethod }]));
}

async function readerLang(ctx: AppContext, userId: string): Promise<PrintLang> {
  const u = await ctx.db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return u?.locale === 'en-US' ? 'en-US' : 'zh-CN';
}

export async function exportReport(
  ctx: AppContext,
  rc: RequestContext,
  input: ReportInput & { format: ExportFormat; lang?: PrintLang | undefined },
): Promise<{ stream: Readable; filename: string }> {
  const { format, lang: asked, ...filter } = input;
  const scope = await reportScope(ctx, rc, filter, 'agreement.export');
  const lang = asked ?? (await readerLang(ctx, scope.actor.id));
  const t = reportTexts(lang);
  await auditAlone(
    ctx,
    { ...rc, actor: scope.actor },
    {
      action: 'agreement.export',
      targetType: REPORT_TARGET,
      targetId: filter.departmentId ?? null,
      details: { format, lang, filter },
    },
  );
  async function* pages(): AsyncGenerator<Cell[][]> {
    for await (const batch of reportPeople(ctx, scope, filter)) {
      const rows = await rowsOf(ctx, batch);
      const signatures = await signaturesOf(ctx, rows);
      yield rows.flatMap((r) => exportLines(r, t, signatures));
    }
  }
  const stream = await streamTable(format, t.sheet, exportHeader(t), pages(), ctx.log);
  return { stream, filename: `baomi-agreements-${scope.today}.${format}` };
}
