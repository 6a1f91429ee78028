import type { Actor } from '../../../kernel/actor.js';
import { chainApprovers, type ChainStep, type RequestStatus } from '../../../kernel/approvals.js';
import {
  CARRIER_APPROVER_GROUPS,
  CARRIER_REQUEST_TYPES,
  DEFAULT_CARRIER_CHAINS,
  type CarrierRequestType,
  type CarrierStatus,
  type HandlerDuty,
} from '../../../kernel/carriers.js';
import type { Level } from '../../../kernel/levels.js';
import { can } from '../../../policy/index.js';
import type { CarrierResource } from '../../../policy/carriers.js';
import type { RequestRow, RequestTypeDef, TargetView } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import { lockRow } from '../../../platform/db/locks.js';
import { departmentPath, todayOf } from '../../../platform/organisation.js';
import type { CarrierRequestDetails } from '../contracts/requests.js';
import {
  dutiesOf,
  findCarrierById,
  holdersOf,
  openMovements,
  scopeOf,
  type CarrierRow,
} from '../repositories/carrier-repo.js';
import { archiveApproved } from './archive-service.js';
import { CARRIER_TARGET, loadCarrierResource } from './carrier-access.js';
import { summariesOf } from './carrier-read.js';
import { carryOutApproved, carryOutEnded } from './carry-out-service.js';
import { extensionApproved } from './loan-extension-service.js';
import { showOutsideApproved } from './show-outside-service.js';

/**
 * The carriers' request types, registered with the approval engine: carrying one out (外出携带), archiving it
 * (归档), a longer loan (续借) and showing it outside its scope (范围外知悉). Approvers are sought where the carrier
 * belongs (its department's heads, officers and leader in charge) and among its custodian; a viewer learns its
 * title and particulars only when the one policy lets them know it, or when they decide on it (cleared for it).
 */

/** Does the viewer decide on this request (an approver of its chain) and hold the clearance its carrier needs? */
function decidesOn(req: RequestRow, row: Pick<CarrierRow, 'access_rank'>, viewer: Actor): boolean {
  const cleared = row.access_rank <= (viewer.access?.clearanceRank ?? -1);
  return cleared && chainApprovers(JSON.parse(req.chain) as ChainStep[]).includes(viewer.id);
}

/**
 * The carrier as the policy sees it for the viewer, where the engine gives no context (request lists): a linked
 * secret item counts as unknown, so this may show less than the carrier's own page, never more.
 */
async function resourceWithoutItem(q: Db | Trx, row: CarrierRow, viewer: Actor): Promise<CarrierResource> {
  const [scope, movements, path, duties] = await Promise.all([
    scopeOf(q, row.id),
    openMovements(q, row.id),
    departmentPath(q, row.department_id),
    dutiesOf(q, viewer.id, row.department_id),
  ]);
  return {
    kind: 'carrier',
    id: row.id,
    level: row.level as Level,
    accessRank: row.access_rank,
    status: row.status as CarrierStatus,
    custodianId: row.custodian_id,
    ...holdersOf(movements),
    departmentPath: path,
    scope,
    linkedItemKnown: row.item_id ? false : null,
    duties: duties as HandlerDuty[],
  };
}

async function groupsOf(q: Db | Trx, req: RequestRow) {
  const row = await q
    .selectFrom('carriers')
    .select(['department_id', 'custodian_id'])
    .where('id', '=', req.target_id)
    .executeTakeFirst();
  return { departmentId: row?.department_id ?? null, holders: { custodian: row ? [row.custodian_id] : [] } };
}

async function describe(q: Db | Trx, reqs: readonly RequestRow[], viewer: Actor): Promise<Map<string, TargetView>> {
  const ids = [...new Set(reqs.map((r) => r.target_id))];
  const rows = new Map(
    ids.length
      ? (await q.selectFrom('carriers').selectAll().where('id', 'in', ids).execute()).map((c) => [c.id, c])
      : [],
  );
  const knows = new Map<string, boolean>();
  const out = new Map<string, TargetView>();
  for (const r of reqs) {
    const row = rows.get(r.target_id);
    if (!row) continue;
    let reveal = decidesOn(r, row, viewer);
    if (!reveal) {
      if (!knows.has(row.id)) knows.set(row.id, can(viewer, 'carrier.view', await resourceWithoutItem(q, row, viewer)));
      reveal = knows.get(row.id)!;
    }
    out.set(r.id, {
      reference: row.number,
      title: reveal ? row.title : null,
      level: reveal ? (row.level as Level) : null,
    });
  }
  return out;
}

/** The carrier's particulars and the request's facts, for whoever may know the carrier or decides on it. */
async function details(ctx: AppContext, req: RequestRow, viewer: Actor): Promise<CarrierRequestDetails | null> {
  const row = await findCarrierById(ctx.db, req.target_id);
  if (!row) return null;
  if (!decidesOn(req, row, viewer)) {
    const { resource } = await loadCarrierResource(ctx, ctx.db, row, viewer);
    if (!can(viewer, 'carrier.view', resource)) return null;
  }
  const payload = JSON.parse(req.payload) as Record<string, unknown>;
  const type = req.type as CarrierRequestType;
  const [[summary], carryOut, loan, people] = await Promise.all([
    summariesOf(ctx.db, [row], () => true, await todayOf(ctx)),
    type === 'carriers.carry_out'
      ? ctx.db
          .selectFrom('carrier_carry_outs as o')
          .innerJoin('users as u', 'u.id', 'o.bearer_id')
          .select(['o.id', 'o.bearer_id', 'u.display_name', 'o.destination', 'o.purpose', 'o.return_on', 'o.status'])
          .where('o.id', '=', String(payload.carryOutId))
          .executeTakeFirst()
      : undefined,
    type === 'carriers.loan_extend'
      ? ctx.db
          .selectFrom('carrier_loans as l')
          .innerJoin('users as u', 'u.id', 'l.borrower_id')
          .select(['l.id', 'l.borrower_id', 'u.display_name', 'l.due_on', 'l.extensions', 'l.status'])
          .where('l.id', '=', String(payload.loanId))
          .executeTakeFirst()
      : undefined,
    type === 'carriers.show_outside'
      ? ctx.db
          .selectFrom('users as u')
          .leftJoin('departments as d', 'd.id', 'u.department_id')
          .select(['u.id', 'u.display_name', 'd.name'])
          .where('u.id', 'in', [...(payload.personIds as string[]), ''])
          .orderBy('u.username')
          .execute()
      : undefined,
  ]);
  return {
    carrier: { ...summary!, pages: row.pages, quantity: row.quantity, originator: row.originator },
    carryOut: carryOut
      ? {
          id: carryOut.id,
          bearerId: carryOut.bearer_id,
          bearerName: carryOut.display_name,
          destination: carryOut.destination,
          purpose: carryOut.purpose,
          returnOn: carryOut.return_on,
          status: carryOut.status as NonNullable<CarrierRequestDetails['carryOut']>['status'],
        }
      : null,
    loan: loan
      ? {
          id: loan.id,
          borrowerId: loan.borrower_id,
          borrowerName: loan.display_name,
          dueOn: loan.due_on,
          askedDueOn: String(payload.dueOn),
          extensions: loan.extensions,
          status: loan.status as 'active' | 'returned',
        }
      : null,
    people: people ? people.map((p) => ({ id: p.id, displayName: p.display_name, departmentName: p.name })) : null,
  };
}

async function lockTarget(trx: Trx, ctx: AppContext, id: string): Promise<boolean> {
  await lockRow(trx, ctx.kind, 'carriers', id);
  return (await findCarrierById(trx, id)) !== undefined;
}

type Effect = (trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow) => Promise<void>;
const APPROVED: Record<CarrierRequestType, Effect> = {
  'carriers.carry_out': carryOutApproved,
  'carriers.archive': archiveApproved,
  'carriers.loan_extend': extensionApproved,
  'carriers.show_outside': showOutsideApproved,
};

async function onEnded(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  req: RequestRow,
  status: Exclude<RequestStatus, 'pending' | 'approved'>,
): Promise<void> {
  // Only a carry-out leaves something behind (its row, refused now); the others change nothing until approved.
  if (req.type === 'carriers.carry_out') await carryOutEnded(trx, ctx, rc, req, status);
}

export const CARRIER_REQUEST_DEFS: RequestTypeDef[] = CARRIER_REQUEST_TYPES.map((type) => ({
  type,
  targetType: CARRIER_TARGET,
  targetGroups: CARRIER_APPROVER_GROUPS,
  defaultChain: DEFAULT_CARRIER_CHAINS[type],
  lockTarget,
  groupsOf,
  describe,
  details,
  onApproved: APPROVED[type],
  onEnded,
}));
