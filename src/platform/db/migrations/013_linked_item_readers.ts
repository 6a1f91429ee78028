import { sql, type Kysely } from 'kysely';

/**
 * A carrier linked to a secret item keeps a copy of the item's readers in `carrier_access` (kind `linked`, ref the
 * item_access row as 'kind:ref', rank the higher of the item's and the carrier's), so that a person's list reads
 * one short range per principal instead of one seek per item they may know (bench/carriers.ts, docs/benchmarks.md
 * section 7). From now on carriers' `writeCarrierAccess` and the catalogue's `writeAccessIndex` (through
 * platform/linked-items.ts) keep the copies; this fills them for the carriers registered before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into carrier_access (kind, ref, seq, access_rank)
    select 'linked', ia.kind || ':' || ia.ref, c.seq,
      case when ia.access_rank > c.access_rank then ia.access_rank else c.access_rank end
    from carriers c join secret_items i on i.id = c.item_id join item_access ia on ia.seq = i.seq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from carrier_access where kind = 'linked'`.execute(db);
}
