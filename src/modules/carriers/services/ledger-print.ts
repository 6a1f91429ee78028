import { HANDLER_DUTIES, type HandlerDuty, type Ledger } from '../../../kernel/carriers.js';
import type { Level } from '../../../kernel/levels.js';
import type { PeriodUnit } from '../../../kernel/secrecy-period.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { highestMarking, type PrintLang, type PrintMarking } from '../../../platform/print/marking.js';
import { printDocument, type PrintedPdf } from '../../../platform/print/print-service.js';
import type { PrintBlock, PrintDocument } from '../../../platform/print/render.js';
import type { CarrierSummary } from '../contracts/carriers.js';
import { carrierPrintTexts, type CarrierPrintTexts } from '../contracts/print-texts.js';
import { countVisible } from '../repositories/carrier-query.js';
import { ledgerRows, listScope, type ListInput } from './carrier-read.js';
import { findDepartmentById } from '../../identity/index.js';

/**
 * Printing a ledger (CAR-02/04): the unit's, a department's or a person's — or any filtered list — as the list shows
 * it to the reader (the same `listScope` and rows, so a printout never lists what the list would not), marked with
 * the highest level it lists, audited as `carrier.print_ledger` with its numbered copy. Rows above the reader's
 * clearance keep their entry only (number, level, custodian, location). A department ledger also lists the
 * department's designated handlers (CAR-03: assignments are shown on the department ledger).
 */

/** A printout is read on paper: longer ledgers are filtered or exported instead (a PDF of them would not be read). */
export const PRINT_LIMIT = 3000;

export const LEDGER_TARGET = 'carrier_ledger';

export interface LedgerHeading {
  ledger: Ledger | null;
  /** The department whose ledger it is (or the department filter), else null. */
  departmentId: string | null;
  title: string;
  subtitle: string;
  /** The audit target and the copy-number sequence of this ledger. */
  targetId: string;
}

/** Title (by ledger), subtitle (the filters in words and the date of the ledger) and target of a ledger. */
export async function ledgerHeading(
  ctx: AppContext,
  scope: Awaited<ReturnType<typeof listScope>>,
  input: ListInput,
  t: CarrierPrintTexts,
): Promise<LedgerHeading> {
  const { w, code, fill } = t;
  const { actor, today } = scope;
  const ledger = input.ledger ?? null;
  const departmentId = input.departmentId ?? (ledger === 'department' ? actor.departmentId : null) ?? null;
  const nameOf = async (table: 'users' | 'departments' | 'storage_locations', id: string | undefined | null) => {
    if (!id) return null;
    if (table === 'users')
      return (await ctx.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())
        ?.display_name;
    if (table === 'departments') return (await findDepartmentById(ctx.db, id))?.name;
    const l = await ctx.db
      .selectFrom('storage_locations')
      .select(['name', 'code'])
      .where('id', '=', id)
      .executeTakeFirst();
    return l ? `${l.name} (${l.code})` : undefined;
  };
  const [deptName, custodianName, locationName] = await Promise.all([
    nameOf('departments', departmentId),
    nameOf('users', input.custodianId),
    nameOf('storage_locations', input.locationId),
  ]);
  const title =
    ledger === 'unit'
      ? w.unitTitle
      : ledger === 'department'
        ? fill(w.departmentTitle, { department: deptName ?? '' })
        : ledger === 'personal'
          ? fill(w.personalTitle, { name: actor.displayName })
          : w.listTitle;
  const filters: string[] = [];
  if (departmentId && ledger !== 'department') filters.push(fill(w.departmentIs, { v: deptName ?? departmentId }));
  if (input.q?.trim()) filters.push(fill(w.q, { q: input.q.trim() }));
  if (input.kind) filters.push(fill(w.kindIs, { v: code('kind', input.kind) }));
  if (input.level) filters.push(fill(w.levelIs, { v: code('level', input.level) }));
  if (input.status) filters.push(fill(w.statusIs, { v: code('status', input.status) }));
  if (input.custodianId) filters.push(fill(w.custodianIs, { v: custodianName ?? input.custodianId }));
  if (input.locationId) filters.push(fill(w.locationIs, { v: locationName ?? input.locationId }));
  if (input.overdue) filters.push(w.overdueOnly);
  if (input.holding) filters.push(w.holdingOnly);
  const asOf = fill(w.asOf, { date: today });
  const subtitle = filters.length ? `${w.filters}${filters.join(w.filterSep)} · ${asOf}` : asOf;
  const targetId =
    ledger === 'unit'
      ? 'unit'
      : ledger === 'department'
        ? `department:${departmentId ?? ''}`
        : ledger === 'personal'
          ? `personal:${actor.id}`
          : `list:${actor.id}`;
  return { ledger, departmentId, title, subtitle, targetId };
}

/** Refuses a ledger longer than `limit` rows (400 `ledger_too_long`): filter it, or export it. */
export async function assertLedgerLength(
  ctx: AppContext,
  scope: Awaited<ReturnType<typeof listScope>>,
  limit: number,
): Promise<number> {
  const n = await countVisible(ctx.db, scope.filter, scope.filters);
  if (n > limit)
    throw new AppError(
      'validation_failed',
      `This ledger lists ${n} carriers, more than ${limit}: filter it or export it`,
      {
        problem: 'ledger_too_long',
        rows: n,
        limit,
      },
    );
  return n;
}

/** The level and term of each listed row (a row above the reader's clearance still counts with its level). */
async function termsOf(ctx: AppContext, ids: readonly string[]): Promise<Map<string, PrintMarking>> {
  const out = new Map<string, PrintMarking>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('carriers')
      .select(['id', 'level', 'period_value', 'period_unit', 'declassify_condition'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, {
        level: r.level as Level,
        period:
          r.period_value !== null && r.period_unit
            ? { value: r.period_value, unit: r.period_unit as PeriodUnit }
            : null,
        condition: r.declassify_condition,
      });
  }
  return out;
}

/** One ledger line: number, title (「—」 above the clearance), marking, kind, status, custodian, location, holder. */
export function ledgerLine(s: CarrierSummary, t: CarrierPrintTexts, lang: PrintLang): string[] {
  const { w, code } = t;
  const holderDue = [s.holderName, s.dueOn].filter((x): x is string => !!x).join(' ');
  return [
    s.number,
    s.title ?? w.hidden,
    s.marking ? (lang === 'zh-CN' ? s.marking.zh : s.marking.en) : code('level', s.level),
    code('kind', s.kind),
    code('status', s.status),
    s.custodianName,
    s.locationName,
    holderDue || '—',
    s.overdue ? w.yes : '',
  ];
}

/** The designated handlers of a department ledger's departments: department, person, duties. */
async function handlerRows(ctx: AppContext, departmentIds: readonly string[], t: CarrierPrintTexts) {
  if (departmentIds.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('carrier_handlers as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .innerJoin('departments as d', 'd.id', 'h.department_id')
    .select(['d.name as department_name', 'u.display_name', 'h.user_id', 'h.department_id', 'h.duty'])
    .where('h.department_id', 'in', [...departmentIds])
    .orderBy('d.name')
    .orderBy('u.display_name')
    .execute();
  const byPerson = new Map<string, { dept: string; name: string; duties: HandlerDuty[] }>();
  for (const r of rows) {
    const key = `${r.department_id}:${r.user_id}`;
    const e = byPerson.get(key) ?? { dept: r.department_name, name: r.display_name, duties: [] };
    e.duties.push(r.duty as HandlerDuty);
    byPerson.set(key, e);
  }
  return [...byPerson.values()].map((e) => [
    e.dept,
    e.name,
    HANDLER_DUTIES.filter((d) => e.duties.includes(d))
      .map((d) => t.code('duty', d))
      .join(t.w.listSep),
  ]);
}

export async function printLedger(
  ctx: AppContext,
  rc: RequestContext,
  input: ListInput & { lang?: PrintLang | undefined },
): Promise<PrintedPdf> {
  const lang = input.lang ?? 'zh-CN';
  const t = carrierPrintTexts(lang);
  const { w } = t;
  const scope = await listScope(ctx, rc, input, 'carrier.print_ledger');
  await assertLedgerLength(ctx, scope, PRINT_LIMIT);
  const heading = await ledgerHeading(ctx, scope, input, t);
  const lines: string[][] = [];
  const parts: PrintMarking[] = [];
  for await (const batch of ledgerRows(ctx, scope)) {
    const terms = await termsOf(
      ctx,
      batch.map((s) => s.id),
    );
    for (const s of batch) {
      lines.push(ledgerLine(s, t, lang));
      parts.push(terms.get(s.id) ?? { level: s.level, period: null, condition: null });
    }
  }
  const blocks: PrintBlock[] = [
    {
      kind: 'table',
      heading: t.fill(w.entries, { n: lines.length }),
      header: [w.number, w.title, w.marking, w.kind, w.status, w.custodian, w.location, w.holderDue, w.overdue],
      // The number never wraps (it is what one looks a carrier up by); title and location share the rest.
      widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto', '*', 'auto', 'auto'],
      fontSize: 9,
      rows: lines,
      empty: w.none,
    },
  ];
  if (heading.ledger === 'department' && scope.filters.departmentIds)
    blocks.push({
      kind: 'table',
      heading: w.handlers,
      header: [w.department, w.handlerName, w.duties],
      rows: await handlerRows(ctx, scope.filters.departmentIds, t),
      empty: w.none,
    });
  const doc: PrintDocument = {
    title: heading.title,
    subtitle: heading.subtitle,
    marking: highestMarking(parts),
    blocks,
    filename: `${heading.title} ${scope.today}`,
    orientation: 'landscape',
  };
  return printDocument(ctx, rc, doc, lang, {
    action: 'carrier.print_ledger',
    targetType: LEDGER_TARGET,
    targetId: heading.targetId,
    details: {
      ledger: heading.ledger,
      departmentId: heading.departmentId,
      filter: { ...input, lang: undefined },
      rows: lines.length,
    },
  });
}
