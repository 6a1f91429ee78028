import type { Readable } from 'node:stream';
import { auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { streamTable, type Cell, type ExportFormat } from '../../../platform/export/table-export.js';
import type { PrintLang } from '../../../platform/print/marking.js';
import type { ReportRow } from '../contracts/reports.js';
import { reportTexts, type ReportTexts } from './report-texts.js';
import {
  REPORT_TARGET,
  courseTitles,
  listed,
  reportScope,
  rowOf,
  scopePeople,
  type ReportInput,
} from './report-service.js';

/**
 * Exporting the training report to CSV or XLSX (TRN-01/02/10) through the platform's table export: the people and
 * dues of the report with the same filters and scope (`reportScope`, `scopePeople`), one line per due course (a
 * person with nothing due: one line saying so), headers and coded values in the reader's language (the `lang`
 * asked for, else the reader's own, else Chinese). Audited as `training.export` (a refused export too).
 */
export function exportHeader(t: ReportTexts): string[] {
  const h = t.header;
  return [
    h.department,
    h.name,
    h.username,
    h.post,
    h.course,
    h.kind,
    h.state,
    h.dueOn,
    h.lastCompletedOn,
    h.expiresOn,
    h.followUp,
  ];
}

/** The lines of one report row. */
export function exportLines(r: ReportRow, t: ReportTexts): Cell[][] {
  const person: Cell[] = [r.departmentName, r.displayName, r.username, r.post];
  if (r.dues.length === 0) return [[...person, null, null, t.none, null, null, null, null]];
  return r.dues.map((d) => [
    ...person,
    d.title,
    t.kind[d.kind],
    t.state[d.state],
    d.state === 'due' || d.state === 'overdue' ? d.dueOn : null,
    d.lastCompletedOn,
    d.expiresOn,
    d.assignmentId ? t.yes : null,
  ]);
}

async function readerLang(ctx: AppContext, userId: string): Promise<PrintLang> {
  const u = await ctx.db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
  return u?.locale === 'en-US' ? 'en-US' : 'zh-CN';
}

const PAGE = 500;

export async function exportReport(
  ctx: AppContext,
  rc: RequestContext,
  input: ReportInput & { format: ExportFormat; lang?: PrintLang | undefined },
): Promise<{ stream: Readable; filename: string }> {
  const { format, lang: asked, ...filter } = input;
  const scope = await reportScope(ctx, rc, filter, 'training.export');
  const lang = asked ?? (await readerLang(ctx, scope.actor.id));
  const t = reportTexts(lang);
  const people = (await scopePeople(ctx, scope, filter)).filter((p) => listed(p.dues, filter));
  const titles = await courseTitles(ctx);
  await auditAlone(
    ctx,
    { ...rc, actor: scope.actor },
    {
      action: 'training.export',
      targetType: REPORT_TARGET,
      targetId: filter.departmentId ?? null,
      details: { format, lang, filter, people: people.length },
    },
  );
  async function* pages(): AsyncGenerator<Cell[][]> {
    for (let i = 0; i < people.length; i += PAGE)
      yield people.slice(i, i + PAGE).flatMap((p) => exportLines(rowOf(p, filter, titles), t));
  }
  const stream = await streamTable(format, t.sheet, exportHeader(t), pages(), ctx.log);
  return { stream, filename: `baomi-training-${scope.today}.${format}` };
}
