/**
 * Lookups that share round trips (src/platform/db/shared-lookups.ts): lookups asked while a read is on its way go
 * together in the next read, each key once, at most the batch size at a time; no answer older than the lookup;
 * a failed read fails exactly the lookups it carried.
 */
import { describe, expect, it } from 'vitest';
import { SharedLookups } from '../../../src/platform/db/shared-lookups.js';

/** A store whose reads the test finishes by hand, recording the keys of each read. */
function manualStore(maxBatch?: number) {
  const reads: { keys: string[]; finish(rows: Record<string, number>): void; fail(e: Error): void }[] = [];
  const lookups = new SharedLookups<string, number>(
    (keys) =>
      new Promise((resolve, reject) => {
        reads.push({
          keys,
          finish: (rows) => resolve(new Map(Object.entries(rows))),
          fail: reject,
        });
      }),
    maxBatch,
  );
  return { reads, lookups };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedLookups', () => {
  it('reads the first lookup at once, and the lookups asked meanwhile together next, each key once', async () => {
    const { reads, lookups } = manualStore();
    const a = lookups.get('a');
    expect(reads.map((r) => r.keys)).toEqual([['a']]);
    const b = lookups.get('b');
    const b2 = lookups.get('b');
    const c = lookups.get('c');
    expect(reads).toHaveLength(1);
    reads[0]!.finish({ a: 1, b: 99 });
    expect(await a).toBe(1);
    await tick();
    // b was asked after the first read started: it is not answered from that read.
    expect(reads.map((r) => r.keys)).toEqual([['a'], ['b', 'c']]);
    reads[1]!.finish({ b: 2 });
    expect(await Promise.all([b, b2, c])).toEqual([2, 2, undefined]);
  });

  it.each([
    [3, 7, [[1], [3], [3]]],
    [64, 10, [[1], [9]]],
    [2, 1, [[1]]],
  ])('with at most %i keys a read, %i lookups go in reads of %j', async (maxBatch, n, shape) => {
    const { reads, lookups } = manualStore(maxBatch);
    const all = Array.from({ length: n }, (_, i) => lookups.get(`k${i}`));
    for (let i = 0; i < shape.length; i++) {
      await tick();
      expect(reads[i]!.keys).toHaveLength(shape[i]![0]!);
      reads[i]!.finish(Object.fromEntries(reads[i]!.keys.map((k) => [k, Number(k.slice(1))])));
    }
    expect(await Promise.all(all)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(reads).toHaveLength(shape.length);
  });

  it('fails only the lookups a failed read carried, and goes on with the next', async () => {
    const { reads, lookups } = manualStore();
    const a = lookups.get('a');
    const b = lookups.get('b');
    reads[0]!.fail(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await tick();
    reads[1]!.finish({ b: 2 });
    expect(await b).toBe(2);
    // Idle again: a new lookup starts a read of its own at once.
    const c = lookups.get('c');
    expect(reads.map((r) => r.keys)).toEqual([['a'], ['b'], ['c']]);
    reads[2]!.finish({ c: 3 });
    expect(await c).toBe(3);
  });
});
