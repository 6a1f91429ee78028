/**
 * A query through `ctx.db` from inside a transaction's callback (src/platform/db/tx-scope.ts): on SQLite the
 * transaction holds the one connection, so the query would wait forever and every later request behind it. With
 * the guard on (the test suite sets BAOMI_TX_GUARD=1) it fails at once, and a setting read without the
 * transaction fails whether or not its cache would have answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { tx } from '../../../src/platform/context.js';
import { QueryOutsideTransaction } from '../../../src/platform/db/tx-scope.js';
import { settingStore } from '../../../src/platform/settings/setting-store.js';

const probe = settingStore('tx-guard-probe', { on: true });

describe('the transaction guard on sqlite', () => {
  let t: TestApp;
  beforeAll(async () => {
    expect(process.env.BAOMI_TX_GUARD).toBe('1');
    t = await startTestApp('sqlite', { init: false });
  });
  afterAll(() => t.close());

  it('refuses a query through ctx.db inside a transaction, and rolls the transaction back', async () => {
    const run = tx(t.ctx, async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'tx-guard-row', value: '{}', updated_at: 'x', version: 1 })
        .execute();
      return t.ctx.db.selectFrom('settings').select('key').execute();
    });
    await expect(run).rejects.toBeInstanceOf(QueryOutsideTransaction);
    const row = await t.ctx.db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', 'tx-guard-row')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('refuses a setting read without the transaction even when the cache would answer; allows it with it', async () => {
    expect((await probe.get(t.ctx)).value.on).toBe(true); // cached now
    await expect(tx(t.ctx, () => probe.get(t.ctx))).rejects.toBeInstanceOf(QueryOutsideTransaction);
    await expect(tx(t.ctx, (trx) => probe.get(t.ctx, trx))).resolves.toMatchObject({ value: { on: true } });
  });

  it('lets work started inside a transaction and not awaited use the database once the transaction is over', async () => {
    let later: Promise<unknown> | undefined;
    await tx(t.ctx, async () => {
      later = new Promise((resolve) => setImmediate(resolve)).then(() =>
        t.ctx.db.selectFrom('settings').select('key').execute(),
      );
    });
    await expect(later).resolves.toBeInstanceOf(Array);
  });

  it('lets concurrent requests outside any transaction wait for the connection as before', async () => {
    const inside = tx(t.ctx, async (trx) => trx.selectFrom('settings').select('key').execute());
    const outside = t.ctx.db.selectFrom('settings').select('key').execute();
    await expect(Promise.all([inside, outside])).resolves.toHaveLength(2);
  });
});
