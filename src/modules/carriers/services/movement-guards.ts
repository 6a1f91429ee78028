import type { Trx } from '../../../platform/audit/audit-repo.js';
import { pendingRequestOf } from '../../../platform/approvals/pending.js';
import { AppError } from '../../../platform/errors.js';
import { CARRIER_TARGET } from './carrier-access.js';

/**
 * A carrier promised to a pending carry-out or archive request stays where it is until the request ends: no loan,
 * dispatch, transmission, circulation or transfer meanwhile (409 `carrier_pending_request`, naming the request).
 * Call inside the transaction, after locking the carrier.
 */
export async function assertNoPendingRequest(trx: Trx, carrierId: string): Promise<void> {
  const pending = await pendingRequestOf(
    trx,
    { type: CARRIER_TARGET, id: carrierId },
    { types: ['carriers.carry_out', 'carriers.archive'] },
  );
  if (pending)
    throw new AppError('conflict', `Request ${pending.number} is under way for this carrier: wait for it to end`, {
      problem: 'carrier_pending_request',
      number: pending.number,
    });
}
