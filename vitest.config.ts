import { defineConfig } from 'vitest/config';

/**
 * Four projects:
 * - unit: pure modules, no I/O, fully parallel.
 * - integration: the server against real databases (SQLite files and a PostgreSQL started by the global
 *   setup); parallel in at most two forked workers so PostgreSQL and the machine are not oversubscribed.
 * - e2e: the built app (dist/) in a real browser; one file at a time in one fork that loads the modules once.
 * - instances: several built servers (`bin/baomi.js start`, separate processes) on one PostgreSQL behind a proxy;
 *   one file at a time, after the others.
 *
 * `npx vitest run --project unit` runs one of them; `npm test` (scripts/test.mjs) builds and runs all.
 */
const GLOBAL_SETUP = './test/helpers/global-setup.ts';
// A query through ctx.db from inside a transaction fails at once rather than hanging (src/platform/db/tx-scope.ts).
// Set here, in the main process, so that every worker inherits it.
process.env.BAOMI_TX_GUARD ??= '1';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Projects with different maxWorkers must run as separate groups (Vitest 4); groups run in order.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: [GLOBAL_SETUP],
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // expect.poll waits on a condition; 1 s (the default) is short on a loaded machine.
          expect: { poll: { timeout: 10_000 } },
          // Vitest 4 replaced `poolOptions` with these top-level options: forked workers, at most two.
          pool: 'forks',
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: [GLOBAL_SETUP],
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 20_000 } },
          pool: 'forks',
          // One file at a time: two at once saved ~20% but slowed each journey ~1.8x, and the page walk's axe scan
          // then caught pages mid-render (session 13).
          maxWorkers: 1,
          fileParallelism: false,
          // The files run one after another in one fork: loading the server's modules once, not per file, saves
          // several seconds a file, and the fork keeps one Chromium and one demo database to copy for all files
          // (test/helpers/browser.ts, e2e-server.ts). Each file still starts its own server, database and contexts.
          isolate: false,
        },
      },
      {
        test: {
          name: 'instances',
          include: ['test/instances/**/*.test.ts'],
          environment: 'node',
          globalSetup: [GLOBAL_SETUP],
          // Last and alone: each file starts several built servers (separate processes) on the shared PostgreSQL.
          sequence: { groupOrder: 3 },
          testTimeout: 180_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 20_000 } },
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
