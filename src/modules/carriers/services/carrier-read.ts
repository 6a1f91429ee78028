import type { Actor } from '../../../kernel/actor.js';
import {
  CARRIER_REQUEST_TYPES,
  type CarrierKind,
  type CarrierRequestType,
  type CarrierStatus,
  type Channel,
  type Ledger,
} from '../../../kernel/carriers.js';
import type { Level } from '../../../kernel/levels.js';
import { marking, type PeriodUnit, type SecrecyPeriod } from '../../../kernel/secrecy-period.js';
import { carrierListFilter, showsParticulars, type CarrierListFilter } from '../../../policy/carriers.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { departmentPath, todayOf, withAccess } from '../../../platform/organisation.js';
import { pendingRequestOf } from '../../../platform/approvals/pending.js';
import { itemNumbers, labelScope } from '../../classification/index.js';
import type { CarrierDetail, CarrierSummary } from '../contracts/carriers.js';
import { countVisible, pageSeqs, type CarrierFilters } from '../repositories/carrier-query.js';
import { carriersBySeq, eventsOf, type CarrierRow } from '../repositories/carrier-repo.js';
import { departmentSubtree } from '../../../platform/organisation.js';
import { isOverdue } from '../domain/movement-rules.js';
import { authorizeCarrier, carrierAbilities, CARRIER_TARGET } from './carrier-access.js';

type Q = Db | Trx;

function periodOf(r: Pick<CarrierRow, 'period_value' | 'period_unit'>): SecrecyPeriod | null {
  return r.period_value !== null && r.period_unit ? { value: r.period_value, unit: r.period_unit as PeriodUnit } : null;
}

export function markingOf(r: Pick<CarrierRow, 'level' | 'period_value' | 'period_unit' | 'declassify_condition'>) {
  const term = { period: periodOf(r), condition: r.declassify_condition };
  return { zh: marking(r.level as Level, term, 'zh'), en: marking(r.level as Level, term, 'en') };
}

/** Where each carrier is when out: who has it and until when (batch over a page). */
async function outOf(q: Q, ids: readonly string[]) {
  const out = new Map<string, { holderName: string | null; dueOn: string | null }>();
  if (ids.length === 0) return out;
  const [loans, carries, circulations, transits] = await Promise.all([
    q
      .selectFrom('carrier_loans as l')
      .innerJoin('users as u', 'u.id', 'l.borrower_id')
      .select(['l.carrier_id', 'l.due_on', 'u.display_name'])
      .where('l.carrier_id', 'in', ids)
      .where('l.status', '=', 'active')
      .execute(),
    q
      .selectFrom('carrier_carry_outs as o')
      .innerJoin('users as u', 'u.id', 'o.bearer_id')
      .select(['o.carrier_id', 'o.return_on', 'u.display_name'])
      .where('o.carrier_id', 'in', ids)
      .where('o.status', '=', 'out')
      .execute(),
    q
      .selectFrom('carrier_circulations')
      .select(['carrier_id', 'due_on'])
      .where('carrier_id', 'in', ids)
      .where('status', '=', 'open')
      .execute(),
    q
      .selectFrom('carrier_dispatches as d')
      .innerJoin('users as u', 'u.id', 'd.recipient_id')
      .select(['d.carrier_id', 'u.display_name'])
      .where('d.carrier_id', 'in', ids)
      .where('d.status', '=', 'awaiting')
      .where('d.direction', '=', 'internal')
      .execute(),
  ]);
  for (const l of loans) out.set(l.carrier_id, { holderName: l.display_name, dueOn: l.due_on });
  for (const o of carries) out.set(o.carrier_id, { holderName: o.display_name, dueOn: o.return_on });
  for (const c of circulations) out.set(c.carrier_id, { holderName: null, dueOn: c.due_on });
  for (const t of transits) out.set(t.carrier_id, { holderName: t.display_name, dueOn: null });
  return out;
}

/** Rows as the ledgers show them; a row above the reader's clearance keeps its entry only. */
export async function summariesOf(
  q: Q,
  rows: readonly CarrierRow[],
  shows: (r: CarrierRow) => boolean,
  today: string,
): Promise<CarrierSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const userIds = [...new Set(rows.map((r) => r.custodian_id))];
  const deptIds = [...new Set(rows.map((r) => r.department_id))];
  const locIds = [...new Set(rows.map((r) => r.location_id))];
  const [users, depts, locs, out] = await Promise.all([
    q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute(),
    q.selectFrom('departments').select(['id', 'name']).where('id', 'in', deptIds).execute(),
    q.selectFrom('storage_locations').select(['id', 'name', 'code']).where('id', 'in', locIds).execute(),
    outOf(q, ids),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const locName = new Map(locs.map((l) => [l.id, `${l.name} (${l.code})`]));
  return rows.map((r) => {
    const full = shows(r);
    const o = out.get(r.id);
    return {
      id: r.id,
      number: r.number,
      copyNo: r.copy_no,
      copies: r.copies,
      kind: r.kind as CarrierKind,
      level: r.level as Level,
      status: r.status as CarrierStatus,
      particulars: full,
      title: full ? r.title : null,
      marking: full ? markingOf(r) : null,
      secrecyUntil: full ? r.secrecy_until : null,
      custodianId: r.custodian_id,
      custodianName: userName.get(r.custodian_id) ?? '',
      departmentId: r.department_id,
      departmentName: deptName.get(r.department_id) ?? '',
      locationId: r.location_id,
      locationName: locName.get(r.location_id) ?? '',
      holderName: full ? (o?.holderName ?? null) : null,
      dueOn: o?.dueOn ?? null,
      overdue: o?.dueOn ? isOverdue(o.dueOn, today) : false,
      updatedAt: r.updated_at,
      version: r.version,
    };
  });
}

export interface ListInput {
  ledger?: Ledger | undefined;
  departmentId?: string | undefined;
  q?: string | undefined;
  kind?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  custodianId?: string | undefined;
  locationId?: string | undefined;
  overdue?: 'true' | undefined;
  holding?: 'true' | undefined;
}

/**
 * The policy's list filter and the ledger's restriction for this reader: the personal ledger (what I keep or
 * hold), a department's (its head, officer, or the security office; sub-departments included), the unit's (the
 * security office), or without a ledger every carrier the reader may see. Refusals are audited (403).
 */
export async function listScope(
  ctx: AppContext,
  rc: RequestContext,
  input: ListInput,
  /** What a refusal is recorded as: listing, or printing or exporting the ledger. */
  action: 'carrier.list' | 'carrier.print_ledger' | 'carrier.export_ledger' = 'carrier.list',
): Promise<{ actor: Actor; filter: CarrierListFilter; filters: CarrierFilters; today: string }> {
  const base = actorOf(rc);
  // The reads a list needs are independent: side by side (on PostgreSQL each is a round trip).
  const [actor, subtree, today] = await Promise.all([
    withAccess(ctx, base),
    base.departmentId ? departmentSubtree(ctx.db, base.departmentId) : Promise.resolve([] as string[]),
    todayOf(ctx),
  ]);
  const event = { action, targetType: CARRIER_TARGET, targetId: null };
  await authorize(ctx, rc, 'carrier.view_register', { kind: 'none' }, { actor, audit: event });
  const filter = carrierListFilter(actor, subtree, ctx.now().toISOString());
  const filters: CarrierFilters = {
    q: input.q,
    kind: input.kind,
    level: input.level,
    status: input.status,
    custodianId: input.custodianId,
    locationId: input.locationId,
    overdueOn: input.overdue ? today : undefined,
  };
  const ledgerDept = input.departmentId ?? (input.ledger === 'department' ? actor.departmentId : undefined);
  // The reader's own department (the usual ledger): its path and subtree are the ones already read above.
  const ownDepartment = ledgerDept !== undefined && ledgerDept === actor.departmentId;
  if (input.ledger === 'personal') filters.holderId = actor.id;
  if (input.holding) filters.holdingId = actor.id;
  if (input.ledger === 'unit')
    await authorize(ctx, rc, 'carrier.view_unit_ledger', { kind: 'none' }, { actor, audit: event });
  if (input.ledger === 'department') {
    const departmentId = ledgerDept ?? '';
    await authorize(
      ctx,
      rc,
      'carrier.view_department_ledger',
      {
        kind: 'carrier_department',
        departmentId,
        departmentPath: ownDepartment
          ? (actor.access?.departmentPath ?? [])
          : await departmentPath(ctx.db, departmentId || null),
      },
      { actor, audit: { ...event, details: { departmentId } } },
    );
  }
  if (ledgerDept) filters.departmentIds = ownDepartment ? subtree : await departmentSubtree(ctx.db, ledgerDept);
  return { actor, filter, filters, today };
}

export async function listCarriers(
  ctx: AppContext,
  rc: RequestContext,
  input: ListInput & { order?: 'asc' | 'desc' | undefined; limit?: number | undefined; cursor?: number | undefined },
): Promise<{ items: CarrierSummary[]; nextCursor: number | null }> {
  const { filter, filters, today } = await listScope(ctx, rc, input);
  const limit = input.limit ?? 50;
  const seqs = await pageSeqs(ctx.db, filter, filters, {
    order: input.order ?? 'desc',
    limit,
    after: input.cursor ?? null,
  });
  const more = seqs.length > limit;
  const pageSeqList = seqs.slice(0, limit);
  const bySeq = new Map((await carriersBySeq(ctx.db, pageSeqList)).map((r) => [Number(r.seq), r]));
  const rows = pageSeqList.map((s) => bySeq.get(s)).filter((r): r is CarrierRow => r !== undefined);
  return {
    items: await summariesOf(ctx.db, rows, (r) => showsParticulars(filter, r.access_rank), today),
    nextCursor: more ? pageSeqList[pageSeqList.length - 1]! : null,
  };
}

export async function countCarriers(ctx: AppContext, rc: RequestContext, input: ListInput): Promise<number> {
  const { filter, filters } = await listScope(ctx, rc, input);
  return countVisible(ctx.db, filter, filters);
}

/** Every row of a ledger, in register order, for printing and exporting (the same filter as the list). */
export async function* ledgerRows(
  ctx: AppContext,
  scope: Awaited<ReturnType<typeof listScope>>,
  batch = 500,
): AsyncGenerator<CarrierSummary[]> {
  let after: number | null = null;
  for (;;) {
    const seqs = await pageSeqs(ctx.db, scope.filter, scope.filters, { order: 'asc', limit: batch, after });
    const take = seqs.slice(0, batch);
    if (take.length === 0) return;
    const bySeq = new Map((await carriersBySeq(ctx.db, take)).map((r) => [Number(r.seq), r]));
    const rows = take.map((s) => bySeq.get(s)).filter((r): r is CarrierRow => r !== undefined);
    yield await summariesOf(ctx.db, rows, (r) => showsParticulars(scope.filter, r.access_rank), scope.today);
    if (seqs.length <= batch) return;
    after = take[take.length - 1]!;
  }
}

export async function getCarrier(ctx: AppContext, rc: RequestContext, id: string): Promise<CarrierDetail> {
  const { row, scope, movements, resource, actor } = await authorizeCarrier(
    ctx,
    rc,
    id,
    'carrier.view_entry',
    'carrier.view',
  );
  const abilities = carrierAbilities(actor, resource);
  const full = abilities['carrier.view'];
  const today = await todayOf(ctx);
  const [summary] = await summariesOf(ctx.db, [row], () => full, today);
  // The dispatch awaiting its sign-for, else the last sign-for record (收发, 传递: who, when, copies, to, channel).
  const dispatchRow =
    movements.dispatch ??
    (full
      ? await ctx.db
          .selectFrom('carrier_dispatches')
          .selectAll()
          .where('carrier_id', '=', id)
          .orderBy('at', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined);
  const [history, pending, items, names] = await Promise.all([
    full ? eventsOf(ctx.db, id) : Promise.resolve([]),
    pendingRequestOf(ctx.db, { type: CARRIER_TARGET, id }, { types: CARRIER_REQUEST_TYPES }),
    full && row.item_id ? itemNumbers(ctx.db, [row.item_id]) : Promise.resolve(new Map<string, string>()),
    namesOf(ctx.db, [
      movements.loan?.borrower_id,
      movements.carryOut?.bearer_id,
      dispatchRow?.recipient_id,
      dispatchRow?.handler_id,
      dispatchRow?.signed_by_id,
      movements.circulation?.started_by,
      ...movements.readers.map((r) => r.reader_id),
    ]),
  ]);
  const name = (id: string | null | undefined) => (id ? (names.get(id) ?? '') : null);
  const { loan, carryOut, circulation, readers } = movements;
  const dispatch = dispatchRow;
  return {
    ...summary!,
    setNumber: row.set_number,
    period: full ? periodOf(row) : null,
    declassifyCondition: full ? row.declassify_condition : null,
    markedOn: full ? row.marked_on : null,
    item: full && row.item_id ? { id: row.item_id, number: items.get(row.item_id) ?? '' } : null,
    pages: full ? row.pages : null,
    quantity: full ? row.quantity : null,
    originator: full ? row.originator : null,
    origin: row.origin as CarrierDetail['origin'],
    scope: full ? await labelScope(ctx.db, scope) : [],
    createdAt: row.created_at,
    loan:
      full && loan
        ? {
            id: loan.id,
            borrowerId: loan.borrower_id,
            borrowerName: name(loan.borrower_id) ?? '',
            lentAt: loan.lent_at,
            dueOn: loan.due_on,
            extensions: loan.extensions,
            status: loan.status as 'active',
            returnedAt: loan.returned_at,
            returnNote: loan.return_note,
            overdue: isOverdue(loan.due_on, today),
            version: loan.version,
          }
        : null,
    dispatch:
      full && dispatch
        ? {
            id: dispatch.id,
            direction: dispatch.direction as 'internal',
            channel: dispatch.channel as Channel,
            counterpart: dispatch.counterpart,
            recipientId: dispatch.recipient_id,
            recipientName: name(dispatch.recipient_id),
            recipientDepartmentName: null,
            handlerName: name(dispatch.handler_id),
            at: dispatch.at,
            copies: dispatch.copies,
            status: dispatch.status as 'awaiting' | 'signed',
            signedByName: dispatch.signed_by_name ?? name(dispatch.signed_by_id),
            signedAt: dispatch.signed_at,
            note: dispatch.note,
            version: dispatch.version,
          }
        : null,
    carryOut:
      full && carryOut
        ? {
            id: carryOut.id,
            bearerId: carryOut.bearer_id,
            bearerName: name(carryOut.bearer_id) ?? '',
            destination: carryOut.destination,
            purpose: carryOut.purpose,
            returnOn: carryOut.return_on,
            requestId: carryOut.request_id,
            status: carryOut.status as 'out',
            departedAt: carryOut.departed_at,
            returnedAt: carryOut.returned_at,
            returnNote: carryOut.return_note,
            late: carryOut.status === 'out' && isOverdue(carryOut.return_on, today),
            version: carryOut.version,
          }
        : null,
    circulation:
      full && circulation
        ? {
            id: circulation.id,
            startedByName: name(circulation.started_by) ?? '',
            startedAt: circulation.started_at,
            dueOn: circulation.due_on,
            status: circulation.status as 'open',
            overdue: isOverdue(circulation.due_on, today),
            readers: readers.map((r) => ({
              id: r.reader_id,
              displayName: name(r.reader_id) ?? '',
              signedAt: r.signed_at,
            })),
            version: circulation.version,
          }
        : null,
    history: history.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: e.actor_name,
      event: e.event,
      details: JSON.parse(e.details) as Record<string, unknown>,
    })),
    pendingRequest:
      full && pending ? { id: pending.id, number: pending.number, type: pending.type as CarrierRequestType } : null,
    abilities,
  };
}

async function namesOf(q: Q, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
