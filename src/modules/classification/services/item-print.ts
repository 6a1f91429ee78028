import { dateOf } from '../../../kernel/secrecy-period.js';
import type { Level } from '../../../kernel/levels.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { getClassificationPolicy } from '../../../platform/organisation.js';
import { INTERNAL_MARKING, markingText, type PrintLang, type PrintMarking } from '../../../platform/print/marking.js';
import { printDocument, type PrintedPdf } from '../../../platform/print/print-service.js';
import type { PrintDocument } from '../../../platform/print/render.js';
import { itemPrintTexts } from '../contracts/print-texts.js';
import { itemsBySeq, type ItemRow } from '../repositories/item-repo.js';
import { authorizeItem, periodOf } from './item-access.js';
import { labelScope } from './item-scope.js';

/**
 * Classification's first printout: an item's catalogue entry (its particulars, scope and a summary of its
 * history; never its content). Printing is `item.print` on the item, refused like reading (404 to whoever may
 * not know the item, audited), and every print is audited by the platform with its copy number.
 */
export async function printItem(ctx: AppContext, rc: RequestContext, id: string, lang: PrintLang): Promise<PrintedPdf> {
  const { row, scope } = await authorizeItem(ctx, rc, { id }, 'item.print');
  const [[named], classifier, labelled, history, policy] = await Promise.all([
    itemsBySeq(ctx.db, [row.seq]),
    row.classifier_id
      ? ctx.db.selectFrom('users').select('display_name').where('id', '=', row.classifier_id).executeTakeFirst()
      : undefined,
    labelScope(ctx.db, scope),
    ctx.db
      .selectFrom('item_history as h')
      .leftJoin('users as u', 'u.id', 'h.actor_id')
      .select(['h.at', 'u.display_name as actor_name', 'h.event'])
      .where('h.item_id', '=', id)
      .orderBy('h.at')
      .orderBy('h.id')
      .execute(),
    getClassificationPolicy(ctx),
  ]);
  const { w, code } = itemPrintTexts(lang);
  const marking = printMarkingOf(row);
  const period = periodOf(row);
  const doc: PrintDocument = {
    title: w.title,
    subtitle: `${row.number} ${row.title}`,
    marking,
    filename: `${row.number} ${row.title}`,
    blocks: [
      {
        kind: 'fields',
        heading: w.fields,
        fields: [
          { label: w.number, value: row.number },
          { label: w.itemTitle, value: row.title },
          { label: w.marking, value: markingText(itemMarking(row), lang) },
          { label: w.category, value: code('category', row.category) },
          { label: w.status, value: code('status', row.status) },
          row.declassify_condition
            ? { label: w.condition, value: row.declassify_condition }
            : {
                label: w.period,
                value: period ? `${period.value}${period.unit === 'years' ? w.years : w.months}` : '—',
              },
          { label: w.markedOn, value: row.marked_on ?? '—' },
          { label: w.secrecyUntil, value: row.secrecy_until ?? '—' },
          { label: w.basis, value: row.basis },
          {
            label: w.classifier,
            value: classifier ? `${classifier.display_name} · ${code('classifierKind', row.classifier_kind)}` : '—',
          },
          { label: w.origin, value: code('origin', row.origin) },
          { label: w.custodian, value: named?.custodian_name ?? '—' },
          { label: w.department, value: named?.department_name ?? '—' },
          { label: w.nextReviewOn, value: row.next_review_on ?? '—' },
          ...(row.declassified_on
            ? [
                { label: w.declassifiedOn, value: row.declassified_on },
                { label: w.declassifyReason, value: code('declassifyReason', row.declassify_reason) },
              ]
            : []),
        ],
      },
      {
        kind: 'table',
        heading: w.scope,
        header: [w.scopeKind, w.scopeWho],
        empty: w.none,
        rows: labelled.map((s) => [
          code('scopeKind', s.kind),
          s.kind === 'role' ? code('role', s.ref) : (s.label ?? s.ref),
        ]),
      },
      {
        kind: 'table',
        heading: w.history,
        header: [w.when, w.who, w.event],
        empty: w.none,
        rows: history.map((h) => [
          dateOf(new Date(h.at), policy.timeZone),
          h.actor_name ?? '—',
          code('historyEvent', h.event),
        ]),
      },
    ],
  };
  return printDocument(ctx, rc, doc, lang, {
    action: 'item.print',
    targetType: 'secret_item',
    targetId: id,
    details: { number: row.number },
  });
}

function itemMarking(row: ItemRow): PrintMarking {
  return { level: row.level as Level, period: periodOf(row), condition: row.declassify_condition };
}

/** A declassified item's entry is no longer secret: marked as internal; otherwise as the item is (or is proposed). */
export function printMarkingOf(row: ItemRow): PrintMarking {
  return row.status === 'declassified' ? INTERNAL_MARKING : itemMarking(row);
}
