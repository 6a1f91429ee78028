import { describe, expect, it } from 'vitest';
import { CHUNK_RELOAD_KEY, reloadOnceOnFailure } from '../../../web/src/app/chunkReload.js';

/** A sessionStorage stand-in and a reload counter. */
function env(reloadedBefore: boolean) {
  const items = new Map<string, string>(reloadedBefore ? [[CHUNK_RELOAD_KEY, '1']] : []);
  const e = {
    reloads: 0,
    items,
    storage: {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    },
    reload: () => {
      e.reloads += 1;
    },
  };
  return e;
}

const ok = () => Promise.resolve('page');
const gone = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
const settled = (p: Promise<unknown>) =>
  Promise.race([
    p.then(
      () => 'resolved',
      () => 'rejected',
    ),
    new Promise((r) => setTimeout(() => r('pending'), 20)),
  ]);

describe('reloadOnceOnFailure (a page chunk gone after an upgrade)', () => {
  it.each([
    // loads, reloaded before?, outcome, reloads, remembered after
    ['ok', false, 'resolved', 0, false],
    ['ok', true, 'resolved', 0, false],
    ['gone', false, 'pending', 1, true],
    ['gone', true, 'rejected', 0, false],
  ] as const)(
    'a load that is %s, reloaded before: %s → %s, %i reload(s)',
    async (kind, before, outcome, reloads, kept) => {
      const e = env(before);
      const load = reloadOnceOnFailure(kind === 'ok' ? ok : gone, e);
      expect(await settled(load())).toBe(outcome);
      expect(e.reloads).toBe(reloads);
      expect(e.items.has(CHUNK_RELOAD_KEY)).toBe(kept);
    },
  );
});
