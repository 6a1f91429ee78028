import type { CarrierRequestType } from '../../../kernel/carriers.js';
import { submitRequest } from '../../../platform/approvals/approval-service.js';
import { noLonger, stillValid as stillValidAt } from '../../../platform/approvals/no-longer.js';
import type { RequestRow } from '../../../platform/approvals/request-types.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';
import type { RequestSubmitted } from '../contracts/requests.js';
import { findCarrierById, type CarrierRow } from '../repositories/carrier-repo.js';

/**
 * What the carriers' request types share: submitting one about a carrier, and, at its last approval, finding the
 * carrier as the request left it (else the effect can no longer apply: 409, and the decision rolls back).
 */

export { noLonger };

/** A check that passed at submission and fails at the last approval: the request can no longer apply (409). */
export function stillValid<T>(check: () => Promise<T>): Promise<T> {
  return stillValidAt(check, { fallback: 'wrong_status' });
}

/** The request's payload as its use case stored it. */
export function payloadOf<T>(req: RequestRow): T {
  return JSON.parse(req.payload) as T;
}

/**
 * Locks the carrier of an approved request (after the request: the one lock order) and checks it still is what
 * the request was decided on: there, and of the level whose chain decided it.
 */
export async function carrierForEffect(trx: Trx, ctx: AppContext, req: RequestRow): Promise<CarrierRow> {
  await lockRow(trx, ctx.kind, 'carriers', req.target_id);
  const row = await findCarrierById(trx, req.target_id);
  if (!row) throw noLonger('The carrier of this request is no longer in the register', 'wrong_status');
  if (row.access_rank !== req.level_rank)
    throw noLonger('The carrier changed level since this request was made; ask again', 'level_changed');
  return row;
}

/** Submits a request about a carrier (its level chooses the chain), in the caller's transaction. */
export async function submitCarrierRequest(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  row: Pick<CarrierRow, 'id' | 'access_rank'>,
  input: {
    type: CarrierRequestType;
    subjectId?: string | null;
    beneficiaryIds?: readonly string[];
    reason: string;
    payload: Record<string, unknown>;
  },
): Promise<RequestRow> {
  return submitRequest(trx, ctx, rc, {
    type: input.type,
    targetId: row.id,
    subjectId: input.subjectId ?? null,
    beneficiaryIds: input.beneficiaryIds ?? [],
    levelRank: row.access_rank,
    reason: input.reason,
    payload: input.payload,
  });
}

export function submitted(req: RequestRow): RequestSubmitted {
  return { requestId: req.id, number: req.number, status: req.status as RequestSubmitted['status'] };
}
