import type { Level } from '../../../kernel/levels.js';
import type { DepartureContract, Holding } from '../../../platform/departure.js';
import { AppError } from '../../../platform/errors.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { Db } from '../../../platform/db/database.js';
import { transfer } from './transfer-service.js';

/**
 * What a departing person holds of the register (离岗离职): the carriers in their custody (handed over to a
 * cleared colleague as custody transfers), and whatever they have out — a loan, a carry-out, a transmission
 * awaiting their signature, a circulation awaiting their sign-off — which goes back before they leave. Every one
 * blocks the departure: a person holds a carrier only as its custodian or on a registered movement (CAR-11), so
 * nobody leaves holding one.
 */
async function holdingsOf(ctx: AppContext, q: Db | Trx, userId: string): Promise<Holding[]> {
  const [custody, loans, carryOuts, transits, readings] = await Promise.all([
    // A dispatched carrier has left the unit: its custodian keeps only the record.
    q
      .selectFrom('carriers')
      .select(['id', 'number', 'level'])
      .where('custodian_id', '=', userId)
      .where('status', '!=', 'dispatched')
      .orderBy('number')
      .execute(),
    q
      .selectFrom('carrier_loans as l')
      .innerJoin('carriers as c', 'c.id', 'l.carrier_id')
      .select(['l.id', 'c.number', 'c.level'])
      .where('l.borrower_id', '=', userId)
      .where('l.status', '=', 'active')
      .orderBy('c.number')
      .execute(),
    q
      .selectFrom('carrier_carry_outs as o')
      .innerJoin('carriers as c', 'c.id', 'o.carrier_id')
      .select(['o.id', 'c.number', 'c.level'])
      .where('o.bearer_id', '=', userId)
      .where('o.status', 'in', ['approved', 'out'])
      .orderBy('c.number')
      .execute(),
    q
      .selectFrom('carrier_dispatches as d')
      .innerJoin('carriers as c', 'c.id', 'd.carrier_id')
      .select(['d.id', 'c.number', 'c.level'])
      .where('d.recipient_id', '=', userId)
      .where('d.direction', '=', 'internal')
      .where('d.status', '=', 'awaiting')
      .orderBy('c.number')
      .execute(),
    q
      .selectFrom('carrier_circulation_readers as r')
      .innerJoin('carrier_circulations as o', 'o.id', 'r.circulation_id')
      .innerJoin('carriers as c', 'c.id', 'o.carrier_id')
      .select(['o.id', 'c.number', 'c.level'])
      .where('r.reader_id', '=', userId)
      .where('r.signed_at', 'is', null)
      .where('o.status', '=', 'open')
      .orderBy('c.number')
      .execute(),
  ]);
  const held = (kind: string, transferable: boolean) => (r: { id: string; number: string; level: string }) => ({
    id: r.id,
    kind,
    reference: r.number,
    level: r.level as Level,
    blocking: true,
    transferable,
  });
  return [
    ...custody.map(held('custody', true)),
    // The rest is personal: returned, brought back, signed for or signed off by the person, never handed on.
    ...loans.map(held('loan', false)),
    ...carryOuts.map(held('carry_out', false)),
    ...transits.map(held('sign_for', false)),
    ...readings.map(held('circulation', false)),
  ];
}

/** Each carrier in custody is a transfer of its own (authorised, audited and told as one), kept where it is. */
async function handOver(
  ctx: AppContext,
  rc: RequestContext,
  fromId: string,
  toId: string,
  holdingIds: readonly string[],
): Promise<void> {
  const held = new Map((await holdingsOf(ctx, ctx.db, fromId)).map((h) => [h.id, h]));
  for (const id of holdingIds) {
    const h = held.get(id);
    if (!h || h.kind !== 'custody')
      throw new AppError('validation_failed', `${id} is not a carrier in this person's custody`, {
        field: 'holdingIds',
      });
  }
  for (const id of holdingIds) {
    const row = await ctx.db
      .selectFrom('carriers')
      .select(['version', 'location_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await transfer(ctx, rc, id, {
      version: row.version,
      custodianId: toId,
      locationId: row.location_id,
      reason: '离岗移交 / handed over on departure',
    });
  }
}

export const carrierDeparture: DepartureContract = { holdingsOf, handOver };
