/**
 * Reads by key on the hot path of read endpoints (src/platform/db/keyed-read.ts), on both databases: the right row
 * or none; inside a transaction the transaction's own writes; never through ctx.db from inside one; on PostgreSQL
 * the reads asked together share statements, and none answers with a row older than its own start.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { tx } from '../../../src/platform/context.js';
import { keyedRead } from '../../../src/platform/db/keyed-read.js';
import { QueryOutsideTransaction } from '../../../src/platform/db/tx-scope.js';
import { findDepartmentById } from '../../../src/modules/identity/index.js';

/** Statements this process sends to PostgreSQL while `fn` runs. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return n;
}

describe.each(DB_KINDS)('keyed reads on %s', (kind) => {
  let t: TestApp;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startTestApp(kind);
    const at = t.ctx.now().toISOString();
    for (let i = 0; i < 40; i++) {
      const id = `kr-dept-${String(i).padStart(2, '0')}`;
      ids.push(id);
      await t.ctx.db
        .insertInto('departments')
        .values({
          id,
          parent_id: t.rootDepartmentId,
          name: `部门 ${i}`,
          code: `K${i}`,
          sort_order: i,
          leader_in_charge_id: null,
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .execute();
    }
  });
  afterAll(() => t.close());

  it('reads the row of a key, and nothing for an unknown key', async () => {
    expect(await findDepartmentById(t.ctx.db, ids[3]!)).toEqual({
      id: ids[3],
      parent_id: t.rootDepartmentId,
      name: '部门 3',
      code: 'K3',
    });
    expect(await findDepartmentById(t.ctx.db, 'no-such-department')).toBeUndefined();
  });

  it('answers many reads asked at once, each with its own row', async () => {
    const keys = [...ids, 'missing-1', ids[0]!, 'missing-2', ids[39]!];
    const rows = await Promise.all(keys.map((k) => findDepartmentById(t.ctx.db, k)));
    expect(rows.map((r) => r?.id)).toEqual(keys.map((k) => (k.startsWith('missing') ? undefined : k)));
    expect(rows[5]!.name).toBe('部门 5');
  });

  it('inside a transaction reads through it and sees its writes; through ctx.db there it is refused', async () => {
    await tx(t.ctx, async (trx) => {
      await trx.updateTable('departments').set({ name: '改名中' }).where('id', '=', ids[7]!).execute();
      expect((await findDepartmentById(trx, ids[7]!))?.name).toBe('改名中');
      await expect(findDepartmentById(t.ctx.db, ids[7]!)).rejects.toBeInstanceOf(QueryOutsideTransaction);
      throw new Error('roll back');
    }).catch((e: unknown) => {
      if (!(e instanceof Error && e.message === 'roll back')) throw e;
    });
    expect((await findDepartmentById(t.ctx.db, ids[7]!))?.name).toBe('部门 7');
  });

  it('sees a change committed before the read was asked, even while other reads are on their way', async () => {
    const before = Promise.all(ids.slice(10, 20).map((k) => findDepartmentById(t.ctx.db, k)));
    await t.ctx.db.updateTable('departments').set({ name: '已改名' }).where('id', '=', ids[12]!).execute();
    const after = await findDepartmentById(t.ctx.db, ids[12]!);
    await before;
    expect(after?.name).toBe('已改名');
  });

  it('refuses a query that does not name its key exactly once', async () => {
    const noKey = keyedRead(
      (q) => q.selectFrom('departments').select(['id']).where('id', '=', 'fixed'),
      (r) => r.id,
    );
    await expect(noKey(t.ctx.db, ids[0]!)).rejects.toThrow(/the key must appear once/);
  });

  it.runIf(kind === 'postgres')('shares statements among the reads asked together on PostgreSQL', async () => {
    let rows: unknown[] = [];
    const sent = await statementsDuring(async () => {
      rows = await Promise.all(ids.map((k) => findDepartmentById(t.ctx.db, k)));
    });
    expect(rows.every(Boolean)).toBe(true);
    // The first read goes alone; the 39 asked meanwhile go together in the next one.
    expect(sent).toBeLessThanOrEqual(2);
  });
});
