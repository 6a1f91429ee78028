/**
 * Cold load of the sign-in page (issue 18, "Serving"): `node --import tsx bench/web-load.ts [--label L] [--web DIR]`.
 *
 * Starts Baomi on a fresh SQLite database in a temp dir, serving the built web app (dist/web, or `--web`), and
 * opens `/login` N times (BENCH_WEB_LOADS, default 10) in headless Chromium, each time in a fresh browser context
 * (empty cache, no cookies): a first visit. For each load it records the bytes the browser received (headers and
 * bodies as sent, from the DevTools protocol's `Network.loadingFinished`, until the network is idle) and the time
 * from navigation start until the sign-in button is shown and enabled (`performance.now()` in the page, polled on
 * every animation frame). Prints the figures and records them in docs/benchmarks.md under its `--label`, in a
 * section the full bench (bench/index.ts) keeps when it rewrites the file.
 *
 * The script imports the server from the checkout it lies in, so copying it into a worktree of an older commit
 * measures that commit (how the "before" row was taken).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../src/platform/config.js';
import { startServer } from '../src/platform/main.js';
import { ROOT } from './common.js';
import { machineInfo } from './report.js';
import { coldLoad, type ColdLoad } from './cold-load.js';
import { replaceWebLoadRow } from './web-load-report.js';

const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 10);
if (!Number.isInteger(LOADS) || LOADS < 1) throw new Error(`BENCH_WEB_LOADS must be a positive integer`);

/** The e2e tests' choice of Chromium (test/helpers/browser.ts), without the test runner it imports. */
async function launch(): Promise<Browser> {
  const common = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'];
  const common2 = ['--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const want = process.env.BAOMI_E2E_CHROMIUM;
  let executablePath = '/usr/bin/chromium';
  if (want && want !== 'system' && want !== 'sparticuz') executablePath = want;
  else if (want === 'sparticuz' || !fs.existsSync(executablePath)) {
    const { default: Sparticuz } = await import('@sparticuz/chromium');
    executablePath = await Sparticuz.executablePath();
  }
  return chromium.launch({ executablePath, args: [...common, ...common2], headless: true, timeout: 60_000 });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      label: { type: 'string', default: 'latest' },
      web: { type: 'string', default: path.join(ROOT, 'dist', 'web') },
      doc: { type: 'string', default: path.join(ROOT, 'docs', 'benchmarks.md') },
      note: { type: 'string', default: '' },
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-bench-web-'));
  const config = loadConfig(
    {},
    {
      dataDir,
      port: 0,
      host: '127.0.0.1',
      jobsEnabled: false,
      kdfCost: 4096,
      logLevel: 'silent',
      webRoot: path.resolve(args.web),
    },
  );
  const server = await startServer(config, { print: () => undefined });
  const browser = await launch();
  const loads: ColdLoad[] = [];
  try {
    // One load first to warm the server's file reads and Chromium's process pool; it is not counted.
    for (let i = 0; i <= LOADS; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const load = await coldLoad(await context.newPage(), `${server.url}/login`);
      await context.close();
      if (i > 0) loads.push(load);
      console.log(
        `load ${i}${i === 0 ? ' (warm-up)' : ''}: ${load.bytes} bytes (${load.decodedBytes} decoded), ` +
          `${load.requests} requests, button enabled at ${load.readyMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const m = machineInfo();
  const result = {
    label: args.label,
    date: new Date().toISOString(),
    bytes: median(loads.map((l) => l.bytes)),
    decodedBytes: median(loads.map((l) => l.decodedBytes)),
    requests: median(loads.map((l) => l.requests)),
    medianMs: median(loads.map((l) => l.readyMs)),
    loads: loads.length,
    load: `${m.loadStart.toFixed(1)} (1 min, ${m.cores} cores)`,
    note: args.note,
  };
  console.log(JSON.stringify(result, null, 2));
  replaceWebLoadRow(args.doc, result);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
