import type { Readable } from 'node:stream';
import { localIsoOf } from '../../../kernel/local-time.js';
import { parseQuery } from '../../../kernel/search-terms.js';
import { itemListFilter } from '../../../policy/classification.js';
import { actorOf, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { PLATFORM_CODE_TEXTS } from '../../../platform/contracts/code-texts.js';
import { streamTable, type Cell, type ExportFormat } from '../../../platform/export/table-export.js';
import type { ItemSummary } from '../contracts/classification.js';
import { ITEM_EXPORT_HEADERS, type ItemExportColumn } from '../contracts/export-texts.js';
import { ITEM_CODE_TEXTS } from '../contracts/print-texts.js';
import { itemsBySeq } from '../repositories/item-repo.js';
import { pageSeqs, type Cursor, type ItemFilters } from '../repositories/item-query.js';
import { getClassificationPolicy, withAccess } from './classification-settings.js';
import { toItemSummary } from './item-access.js';

export type ExportLang = 'zh-CN' | 'en-US';

const EXPORT_LIMIT = 100_000;

/** The list's columns as a person reads them, then the codes for machines. */
const COLUMNS: readonly ItemExportColumn[] = [
  'number',
  'title',
  'category',
  'level',
  'marking',
  'status',
  'markedOn',
  'secrecyUntil',
  'condition',
  'custodian',
  'department',
  'declassifiedOn',
  'updatedAt',
  'categoryCode',
  'levelCode',
  'statusCode',
  'id',
];

export function itemExportHeader(lang: ExportLang): string[] {
  return COLUMNS.map((c) => ITEM_EXPORT_HEADERS[c][lang]);
}

function rowOf(s: ItemSummary, lang: ExportLang, zone: string): Cell[] {
  const codes = ITEM_CODE_TEXTS[lang];
  const cells: Record<ItemExportColumn, Cell> = {
    number: s.number,
    title: s.title,
    category: codes.category[s.category] ?? s.category,
    level: PLATFORM_CODE_TEXTS.level[lang][s.level] ?? s.level,
    marking: lang === 'zh-CN' ? s.marking.zh : s.marking.en,
    status: codes.status[s.status] ?? s.status,
    markedOn: s.markedOn,
    secrecyUntil: s.secrecyUntil,
    condition: s.declassifyCondition,
    custodian: s.custodianName,
    department: s.departmentName,
    declassifiedOn: s.declassifiedOn,
    updatedAt: localIsoOf(s.updatedAt, zone),
    categoryCode: s.category,
    levelCode: s.level,
    statusCode: s.status,
    id: s.id,
  };
  return COLUMNS.map((c) => cells[c]);
}

/**
 * The catalogue (保密事项一览表) as CSV or XLSX in the viewer's language: exactly the items the list shows this
 * person (the same policy filter in SQL), in registration order, with the list's column names, codes as their
 * words (their codes in extra columns) and times local to the organisation. The export is an audited read.
 */
export async function exportItems(
  ctx: AppContext,
  rc: RequestContext,
  input: ItemFilters & { q?: string | undefined; format: ExportFormat; lang: ExportLang },
): Promise<Readable> {
  const actor = await withAccess(ctx, actorOf(rc));
  const filter = itemListFilter(actor, ctx.now().toISOString());
  const search = input.q ? parseQuery(input.q) : null;
  const { format, lang, q, ...filters } = input;
  await auditAlone(
    ctx,
    { ...rc, actor },
    { action: 'item.export', targetType: 'secret_item', details: { format, lang, filter: { q, ...filters } } },
  );
  const zone = (await getClassificationPolicy(ctx)).timeZone;
  async function* pages(): AsyncGenerator<Cell[][]> {
    if (q && !search) return;
    let cursor: Cursor | null = null;
    for (let sent = 0; sent < EXPORT_LIMIT;) {
      const seqs = await pageSeqs(ctx.db, filter, filters, search, {
        sort: 'number',
        order: 'asc',
        limit: 500,
        cursor,
      });
      const rows = await itemsBySeq(ctx.db, seqs.slice(0, 500));
      yield rows.map((r) => rowOf(toItemSummary(r), lang, zone));
      sent += rows.length;
      if (seqs.length <= 500) return;
      cursor = { seq: rows[rows.length - 1]!.seq };
    }
  }
  return streamTable(format, 'secret-items', itemExportHeader(lang), pages(), ctx.log);
}
