/**
 * Migration 013: carriers registered before it get the copies of their linked item's readers (`linked` rows of
 * carrier_access) exactly as `writeCarrierAccess` writes them, and a carrier of no item gets none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { classify } from '../../helpers/classification-org.js';
import { registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { up } from '../../../src/platform/db/migrations/013_linked_item_readers.js';

describe.each(DB_KINDS)('migration 013 (linked item readers) on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  const linkedRows = async () =>
    (
      await sql<{ kind: string; ref: string; seq: number; access_rank: number }>`
        select kind, ref, seq, access_rank from carrier_access where kind = 'linked' order by seq, ref`.execute(
        t.ctx.db,
      )
    ).rows.map((r) => ({ ...r, seq: Number(r.seq), access_rank: Number(r.access_rank) }));

  it('fills the copies of each linked item’s readers as the register writes them', async () => {
    const item = await classify(org, org.officerA, {
      level: 'confidential',
      scope: [
        { kind: 'department', ref: org.deptA },
        { kind: 'user', ref: org.outsiderB.userId },
      ],
    });
    const linked = await registerCarrier(org, {
      itemId: item.id,
      level: null,
      period: null,
      declassifyCondition: null,
      scope: [],
    });
    await registerCarrier(org);
    const written = await linkedRows();
    expect(written.map((r) => r.ref).sort()).toEqual(
      [`custodian:${org.officerA.userId}`, `department:${org.deptA}`, `user:${org.outsiderB.userId}`].sort(),
    );
    expect(new Set(written.map((r) => r.seq)).size).toBe(linked.length);

    await sql`delete from carrier_access where kind = 'linked'`.execute(t.ctx.db);
    expect(await linkedRows()).toEqual([]);
    await up(t.ctx.db as unknown as Kysely<unknown>);
    expect(await linkedRows()).toEqual(written);
  });
});
