import { staleVersion } from '../errors.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';
import { refuseInsideTransaction } from '../db/tx-scope.js';

/**
 * A versioned organisation setting kept as JSON in `settings`, with the defaults filled in for fields never
 * saved. Reads are cached briefly: settings are read on hot paths (every request, every access decision)
 * while a change on one instance must still reach the others within seconds.
 */
export interface SettingStore<T> {
  /**
   * Inside a transaction pass it as `q`: on SQLite the one connection is held by the transaction. A read through a
   * transaction is what the transaction sees, past the cache, and is not cached: a read-modify-write must start
   * from the stored value (another instance may have saved it within the cache's seconds), a transaction sees its
   * own save, and what it read may yet roll back.
   */
  get(ctx: AppContext, q?: Db | Trx): Promise<{ value: T; version: number }>;
  /**
   * The value and version as stored now, past the cache (which it refreshes): for a page that edits the setting
   * and saves against that version. Behind a load balancer another instance may have saved it within the cache's
   * seconds; a cached version would then make the next save a needless 409.
   */
  fresh(ctx: AppContext): Promise<{ value: T; version: number }>;
  /** Saves under optimistic locking (version 0 = never saved); returns the previous value and new version. */
  save(trx: Trx, ctx: AppContext, expectedVersion: number, value: T): Promise<{ before: T; version: number }>;
  invalidate(ctx: AppContext): void;
}

const CACHE_MS = 3000;

export function settingStore<T extends object>(key: string, defaults: T): SettingStore<T> {
  const cache = new WeakMap<Db, { at: number; value: { value: T; version: number } }>();
  const withDefaults = (json: string): T => ({ ...defaults, ...(JSON.parse(json) as Partial<T>) });
  const read = async (q: Db | Trx): Promise<{ value: T; version: number }> => {
    const row = await q.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
    return row ? { value: withDefaults(row.value), version: row.version } : { value: defaults, version: 0 };
  };
  return {
    async get(ctx, q) {
      if (q?.isTransaction) return read(q);
      // Refused whether or not the cache would answer: the mistake then fails every time, not when the cache
      // has run out (on SQLite that read would wait forever for the transaction's connection).
      if (!q && ctx.kind === 'sqlite') refuseInsideTransaction(`Reading the setting ${key}`);
      const hit = cache.get(ctx.db);
      const nowMs = Date.now();
      if (hit && nowMs - hit.at < CACHE_MS) return hit.value;
      const value = await read(q ?? ctx.db);
      cache.set(ctx.db, { at: nowMs, value });
      return value;
    },
    async save(trx, ctx, expectedVersion, value) {
      const now = ctx.now().toISOString();
      const row = await trx
        .selectFrom('settings')
        .select(['value', 'version'])
        .where('key', '=', key)
        .executeTakeFirst();
      const current = row?.version ?? 0;
      if (current !== expectedVersion) throw staleVersion();
      if (row) {
        const r = await trx
          .updateTable('settings')
          .set({ value: JSON.stringify(value), updated_at: now, version: current + 1 })
          .where('key', '=', key)
          .where('version', '=', current)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
      } else {
        // Two first saves at once: the second inserts nothing and is told the setting changed meanwhile.
        const r = await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value), updated_at: now, version: 1 })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) throw staleVersion();
      }
      return { before: row ? withDefaults(row.value) : defaults, version: current + 1 };
    },
    invalidate(ctx) {
      cache.delete(ctx.db);
    },
    fresh(ctx) {
      cache.delete(ctx.db);
      return this.get(ctx);
    },
  };
}

/** The fields that differ, as { field: { from, to } } (shallow, values compared as JSON). */
export function changedFields<T extends object>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k as string] = { from: before[k], to: after[k] };
  }
  return out;
}
