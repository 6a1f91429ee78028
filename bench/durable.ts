/**
 * 3. Durable one-event transactions against the machine's fsync rate (see docs/benchmarks.md).
 */
// The audit machinery's own probes record actions outside the vocabulary (cast where used).
import type { AuditAction } from '../src/platform/contracts/audit-actions.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { auditAlone, type AppContext, type RequestContext } from '../src/platform/context.js';
import { pgPoolOf, sqliteOf } from '../src/platform/db/database.js';
import { log, notes, rows, S, secondsSince, TARGET } from './common.js';
import { atLeast, fmtMs, fmtRate, fmtRatio } from './report.js';

// ---------------------------------------------------------------------------------------------------------
// 3. Durable one-event transactions vs the fsync rate

function fsyncRates(dir: string, n: number): { inPlace: number; append: number } {
  const buf = crypto.randomBytes(4096);
  const slots = 256; // a 1 MiB preallocated file
  const a = path.join(dir, `fsync-probe-${process.pid}-a`);
  const b = path.join(dir, `fsync-probe-${process.pid}-b`);
  try {
    let fd = fs.openSync(a, 'w');
    fs.writeSync(fd, Buffer.alloc(4096 * slots));
    fs.fsyncSync(fd);
    let t = performance.now();
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, buf, 0, 4096, (i % slots) * 4096);
      fs.fsyncSync(fd);
    }
    const inPlace = n / secondsSince(t);
    fs.closeSync(fd);
    fd = fs.openSync(b, 'w');
    t = performance.now();
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, buf, 0, 4096, i * 4096);
      fs.fsyncSync(fd);
    }
    const append = n / secondsSince(t);
    fs.closeSync(fd);
    return { inPlace, append };
  } finally {
    fs.rmSync(a, { force: true });
    fs.rmSync(b, { force: true });
  }
}

async function durableTxRate(ctx: AppContext, n: number, writers: number): Promise<number> {
  let next = 0;
  const worker = async (w: number) => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const rc: RequestContext = { actor: null, ip: '127.0.0.1', requestId: crypto.randomUUID() };
      await auditAlone(ctx, rc, { action: 'bench.durable' as AuditAction, targetType: 'bench', targetId: `${w}:${i}` });
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => worker(w)));
  return n / secondsSince(t);
}

/**
 * Context for the 1-writer measure: the floor of any durable one-row transaction from this process, a plain
 * insert (no chain, no hashing) through the raw driver, one transaction each, same durability; on PostgreSQL
 * also one round trip that writes nothing. A chained append cannot be cheaper than these.
 */
async function durableFloor(ctx: AppContext, n: number): Promise<{ insert: number; roundTripMs?: number }> {
  const sqlite = sqliteOf(ctx.db);
  if (sqlite) {
    sqlite.exec('create table bench_floor (id integer primary key, v text not null)');
    try {
      const insert = sqlite.prepare('insert into bench_floor (id, v) values (?, ?)');
      const one = sqlite.transaction((i: number) => insert.run(i, 'x'.repeat(300)));
      for (let i = 0; i < 50; i++) one.immediate(-1 - i);
      const t = performance.now();
      for (let i = 0; i < n; i++) one.immediate(i);
      return { insert: n / secondsSince(t) };
    } finally {
      sqlite.exec('drop table bench_floor');
    }
  }
  const pool = pgPoolOf(ctx.db)!;
  await pool.query('create table bench_floor (id bigint primary key, v text not null)');
  try {
    const insert = (i: number) =>
      pool.query({
        name: 'bench_floor_insert',
        text: 'insert into bench_floor (id, v) values ($1, $2)',
        values: [i, 'x'.repeat(300)],
      });
    const ping = () => pool.query({ name: 'bench_floor_ping', text: 'select 1' });
    for (let i = 0; i < 50; i++) await Promise.all([insert(-1 - i), ping()]);
    let t = performance.now();
    for (let i = 0; i < n; i++) await insert(i);
    const rate = n / secondsSince(t);
    t = performance.now();
    for (let i = 0; i < n; i++) await ping();
    return { insert: rate, roundTripMs: (performance.now() - t) / n };
  } finally {
    await pool.query('drop table bench_floor');
  }
}

export async function benchDurable(ctx: AppContext, fsyncDir: string): Promise<void> {
  const n = S.durableN;
  log(`${ctx.kind}: durable one-event transactions, N=${n} (fsync probe in ${fsyncDir})`);
  // Warm the path (statement caches, pool connections) without counting it.
  await durableTxRate(ctx, 50, S.writers);
  const ref = fsyncRates(fsyncDir, n);
  const seq = await durableTxRate(ctx, n, 1);
  const floor = await durableFloor(ctx, n);
  const conc = await durableTxRate(ctx, n, S.writers);
  const ref2 = fsyncRates(fsyncDir, n);
  // The reference is taken before and after the database runs; the mean evens out drift.
  const fsyncRate = (ref.inPlace + ref2.inPlace) / 2;
  const appendRate = (ref.append + ref2.append) / 2;
  const section = '3. Durable one-event transactions vs fsync';
  const sync = ctx.kind === 'sqlite' ? 'synchronous=FULL' : 'fsync on';
  rows.push({
    section,
    db: ctx.kind,
    measure: `1 writer, ${n} tx (${sync})`,
    result: fmtRate(seq, ' tx/s'),
    reference: `fsync ${fmtRate(fsyncRate)}`,
    ratio: fmtRatio(seq / fsyncRate),
    target: `>= ${TARGET.durableRatio}x`,
    status: atLeast(seq / fsyncRate, TARGET.durableRatio),
  });
  rows.push({
    section,
    db: ctx.kind,
    measure: `${S.writers} concurrent writers, ${n} tx`,
    result: fmtRate(conc, ' tx/s'),
    reference: `fsync ${fmtRate(fsyncRate)}`,
    ratio: fmtRatio(conc / fsyncRate),
    target: `>= ${TARGET.durableRatio}x`,
    status: atLeast(conc / fsyncRate, TARGET.durableRatio),
  });
  rows.push({
    section,
    db: ctx.kind,
    measure: '  context: append 4 KiB + fsync (file grows)',
    result: fmtRate(appendRate),
    reference: '',
    ratio: fmtRatio(seq / appendRate),
    target: '',
    status: '',
  });
  rows.push({
    section,
    db: ctx.kind,
    measure: '  context: floor, plain one-row insert per durable transaction (raw driver, no chain)',
    result: fmtRate(floor.insert, ' tx/s'),
    reference: `fsync ${fmtRate(fsyncRate)}`,
    ratio: fmtRatio(floor.insert / fsyncRate),
    target: '',
    status: '',
  });
  if (floor.roundTripMs !== undefined) {
    rows.push({
      section,
      db: ctx.kind,
      measure: '  context: one round trip to the server (SELECT 1, prepared)',
      result: fmtMs(floor.roundTripMs),
      reference: '',
      ratio: '',
      target: '',
      status: '',
    });
  }
  if (seq / fsyncRate < TARGET.durableRatio && floor.insert / fsyncRate < TARGET.durableRatio) {
    notes.push(
      `${ctx.kind}, 1 writer: even a plain one-row insert per durable transaction (raw driver, no chain) reaches only ` +
        `${fmtRatio(floor.insert / fsyncRate)} of the fsync rate on this machine` +
        (floor.roundTripMs !== undefined
          ? ` (a round trip alone takes ${fmtMs(floor.roundTripMs)}, the commit then waits for the WAL flush)`
          : '') +
        `, so the ${TARGET.durableRatio}x target is below the floor here; the chained append reaches ${fmtRatio(seq / floor.insert)} of that floor.`,
    );
  }
  log(
    `${ctx.kind}: 1 writer ${fmtRate(seq)}, ${S.writers} writers ${fmtRate(conc)}, fsync ${fmtRate(fsyncRate)} (append ${fmtRate(appendRate)}); floor ${fmtRate(floor.insert)}${floor.roundTripMs !== undefined ? `, round trip ${fmtMs(floor.roundTripMs)}` : ''}`,
  );
}
