/**
 * Settings edited behind a load balancer: each instance caches a setting for a few seconds, so a page that edits
 * it reads past the cache (`SettingStore.fresh`, used by every settings page's read). Otherwise a save made on
 * another instance within those seconds hands the editor an old version, and its save is a needless 409.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { tx, type AppContext } from '../../../src/platform/context.js';
import { openDatabase, type DatabaseHandle } from '../../../src/platform/db/database.js';
import { settingStore } from '../../../src/platform/settings/setting-store.js';

describe.each(DB_KINDS)('a setting saved by another instance on %s', (kind) => {
  let t: TestApp;
  let other: DatabaseHandle;
  let b: AppContext;
  beforeAll(async () => {
    t = await startTestApp(kind, { init: false });
    other = openDatabase({
      databaseUrl: t.db.url ?? `sqlite:${path.join(t.ctx.config.dataDir, 'baomi.sqlite')}`,
      dataDir: t.ctx.config.dataDir,
    });
    b = { ...t.ctx, db: other.db, handle: other };
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('is what an editor reads at once, and its save then succeeds; hot reads may lag by the cache', async () => {
    const store = settingStore(`lb-probe-${kind}`, { n: 0 });
    expect(await store.get(t.ctx)).toEqual({ value: { n: 0 }, version: 0 });
    await tx(b, (trx) => store.save(trx, b, 0, { n: 1 }));
    // The hot path's cache on this instance still answers the old value for a few seconds ...
    expect((await store.get(t.ctx)).version).toBe(0);
    // ... but the editor's read sees the save, refreshes the cache, and saving against it works.
    expect(await store.fresh(t.ctx)).toEqual({ value: { n: 1 }, version: 1 });
    expect(await store.get(t.ctx)).toEqual({ value: { n: 1 }, version: 1 });
    await expect(tx(t.ctx, (trx) => store.save(trx, t.ctx, 1, { n: 2 }))).resolves.toMatchObject({ version: 2 });
  });

  it('is what a read-modify-write in a transaction starts from, though this instance cached the value before', async () => {
    const store = settingStore(`lb-rmw-${kind}`, { a: 0, b: 0 });
    expect(await store.get(t.ctx)).toEqual({ value: { a: 0, b: 0 }, version: 0 });
    await tx(b, (trx) => store.save(trx, b, 0, { a: 1, b: 0 }));
    // An editor changes b against version 1 (read fresh); the merge must keep the other instance's a.
    const saved = await tx(t.ctx, async (trx) => {
      const current = await store.get(t.ctx, trx);
      expect(current).toEqual({ value: { a: 1, b: 0 }, version: 1 });
      return store.save(trx, t.ctx, 1, { ...current.value, b: 2 });
    });
    expect(saved.version).toBe(2);
    expect(await store.fresh(t.ctx)).toEqual({ value: { a: 1, b: 2 }, version: 2 });
  });
});

describe.each(DB_KINDS)('a setting read inside a transaction on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { init: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is the transaction's own save, and is not cached when the transaction rolls back", async () => {
    const store = settingStore(`tx-read-${kind}`, { n: 0 });
    await tx(t.ctx, (trx) => store.save(trx, t.ctx, 0, { n: 1 }));
    store.invalidate(t.ctx);
    await expect(
      tx(t.ctx, async (trx) => {
        await store.save(trx, t.ctx, 1, { n: 99 });
        expect(await store.get(t.ctx, trx)).toEqual({ value: { n: 99 }, version: 2 });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await store.get(t.ctx)).toEqual({ value: { n: 1 }, version: 1 });
  });
});
