import { sql } from 'kysely';
import type { Trx } from '../audit/audit-repo.js';

/**
 * The next number of a named sequence, in the caller's transaction: a register's numbers are never reused,
 * and two transactions taking numbers at once get different ones (the row is updated in place).
 */
export async function nextCounter(trx: Trx, name: string): Promise<number> {
  const r = await trx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(r.value);
}
