import { sql } from 'kysely';
import type { DbKind } from './database.js';
import type { Trx } from '../audit/audit-repo.js';

/**
 * Serialises writers that check-then-insert about one parent row (one pending change per item, one active
 * authority per person, one decision at a time per request). PostgreSQL: lock the parent row for the rest of
 * the transaction. SQLite: every transaction already began IMMEDIATE and holds the write lock.
 * Lock parents before children, always in this order: request, then item.
 */
const LOCKABLE = { approval_requests: 'approval_requests', secret_items: 'secret_items', users: 'users' } as const;

export async function lockRow(trx: Trx, kind: DbKind, table: keyof typeof LOCKABLE, id: string): Promise<boolean> {
  if (kind !== 'postgres') return true;
  const r = await sql<{ id: string }>`select id from ${sql.table(LOCKABLE[table])} where id = ${id} for update`.execute(
    trx,
  );
  return r.rows.length === 1;
}

/**
 * Locks the pending requests about an item, in id order, before the item itself (request, then item): an
 * effect that will end them (an upgrade, a declassification) waits here for a decision on one of them that is
 * being made, instead of deadlocking with it over the item row.
 */
export async function lockPendingRequestsOf(
  trx: Trx,
  kind: DbKind,
  itemId: string,
  except: string | null,
): Promise<void> {
  if (kind !== 'postgres') return;
  await sql`select id from approval_requests where item_id = ${itemId} and status = 'pending' and id <> ${except ?? ''} order by id for update`.execute(
    trx,
  );
}
