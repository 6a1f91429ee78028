/**
 * Baomi for the end-to-end tests: started in-process on a fresh database (or a copy of a prepared one), serving a
 * private copy of the built web app (dist/web). Re-exported by browser.ts, where the tests import it from.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from '../../src/platform/main.js';
import { loadConfig } from '../../src/platform/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { loadDemo } from '../../src/platform/demo.js';
import { freshDatabase, type FreshDatabase, type TestDbKind } from './db.js';

export interface E2ECredential {
  username: string;
  oneTimePassword: string;
}

export interface E2EServer {
  url: string;
  /** One-time credentials printed on first start, by role (sysadmin, secadmin, auditor). */
  creds: Record<string, E2ECredential>;
  /** The running server's context: tests may seed through the services or move its clock (`ctx.now`). */
  ctx: AppContext;
  stop(): Promise<void>;
  /** Stops the server but keeps its database, to start copies from; the caller cleans the database up. */
  snapshot(): Promise<E2ETemplate>;
}

const WEB_DIST = path.resolve('dist/web');

/** The files index.html loads (`/assets/...`), relative to the web root; null when index.html is missing. */
function referencedAssets(root: string): string[] | null {
  let html: string;
  try {
    html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  } catch {
    return null;
  }
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
}

function isCompleteBuild(root: string): boolean {
  const assets = referencedAssets(root);
  return assets !== null && assets.length > 0 && assets.every((a) => fs.existsSync(path.join(root, a)));
}

/**
 * A private copy of the built web app (dist/web) for one server. Others may rebuild dist/web while the
 * suite runs (vite empties the directory first), so the server must not serve it directly. Builds it when
 * it is missing (`npm test` builds before running the suites).
 */
export async function snapshotWeb(): Promise<{ root: string; remove(): Promise<void> }> {
  const deadline = Date.now() + 90_000;
  let built = false;
  let missingSince = Date.now();
  for (;;) {
    if (isCompleteBuild(WEB_DIST)) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-e2e-web-'));
      try {
        fs.cpSync(WEB_DIST, root, { recursive: true });
      } catch {
        /* a file vanished while copying: dist/web is being rebuilt */
      }
      if (isCompleteBuild(root)) return { root, remove: () => fs.promises.rm(root, { recursive: true, force: true }) };
      fs.rmSync(root, { recursive: true, force: true }); // copied in the middle of a rebuild
      missingSince = Date.now();
    } else if (!built && Date.now() - missingSince > 3_000) {
      // Not being rebuilt by someone else (or it takes long): build it ourselves.
      execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
      built = true;
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`no complete web build in ${WEB_DIST}; run: npx vite build --config web/vite.config.ts`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Parses the credential lines printed on first start: `  sysadmin  username: sysadmin  one-time password: X`. */
export function parseCredentials(printed: string): Record<string, E2ECredential> {
  const creds: Record<string, E2ECredential> = {};
  for (const m of printed.matchAll(/^\s*(\S+)\s+username:\s*(\S+)\s+one-time password:\s*(\S+)\s*$/gm)) {
    creds[m[1]!] = { username: m[2]!, oneTimePassword: m[3]! };
  }
  return creds;
}

/** A stopped server's database to start copies from (`startE2EServer(kind, template)`), with its credentials. */
export interface E2ETemplate {
  db: FreshDatabase;
  creds: Record<string, E2ECredential>;
}

/**
 * Baomi on a fresh database; with `from`, on a copy of that template's (its one-time credentials are the
 * template's: a copy starts without printing any).
 */
export async function startE2EServer(kind: TestDbKind = 'sqlite', from?: E2ETemplate): Promise<E2EServer> {
  const web = await snapshotWeb();
  const db = await freshDatabase(kind, from?.db).catch(async (err: unknown) => {
    await web.remove();
    throw err;
  });
  let printed = '';
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.url,
      port: 0,
      host: '127.0.0.1',
      jobsEnabled: false,
      kdfCost: 4096,
      logLevel: 'silent',
      webRoot: web.root,
    },
  );
  let server;
  try {
    server = await startServer(config, {
      print: (s) => {
        printed += `${s}\n`;
      },
    });
  } catch (err) {
    await db.cleanup();
    await web.remove();
    throw err;
  }
  const creds = from ? { ...from.creds } : parseCredentials(printed);
  for (const role of ['sysadmin', 'secadmin', 'auditor']) {
    if (!creds[role]) {
      await server.stop();
      await db.cleanup();
      await web.remove();
      throw new Error(`no one-time credentials for ${role} in the start-up output:\n${printed}`);
    }
  }
  return {
    url: server.url,
    creds,
    ctx: server.ctx,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        await db.cleanup();
        await web.remove();
      }
    },
    snapshot: async () => {
      try {
        await server.stop();
      } finally {
        await web.remove();
      }
      return { db, creds };
    },
  };
}

const DEMO_TEMPLATE = Symbol.for('baomi.e2e.demoTemplate');
type DemoTemplate = E2ETemplate & { day: string };
type WithDemoTemplate = typeof globalThis & { [DEMO_TEMPLATE]?: Promise<DemoTemplate> };

/** The calendar day in the organisation's time zone and in UTC: the demo's dates (due, expiring) count from it. */
const dayOf = (ms: number): string =>
  `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(ms)}/${new Date(ms).toISOString().slice(0, 10)}`;

async function demoTemplate(): Promise<DemoTemplate> {
  const day = dayOf(Date.now());
  const server = await startE2EServer('sqlite');
  try {
    await loadDemo(server.ctx);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const template = await server.snapshot();
  // The fork's leftovers go with it (a template lives as long as the fork that made it).
  process.once('exit', () => fs.rmSync(template.db.dataDir, { recursive: true, force: true }));
  return { ...template, day };
}

/**
 * Baomi with the demo organisation (people, departments, locations, handlers, registers, agreements), as
 * `startE2EServer` and `loadDemo` give it, on a copy of a demo database loaded once per e2e fork: loading it takes
 * 5-8 s on a loaded machine, copying it a few milliseconds. Each file still gets a database of its own. The demo's
 * dates count from the day it was loaded, so a new day (at midnight in Beijing or UTC) loads it again.
 */
export async function startDemoE2EServer(): Promise<E2EServer> {
  const g = globalThis as WithDemoTemplate;
  let template = await g[DEMO_TEMPLATE]?.catch(() => undefined);
  if (!template || template.day !== dayOf(Date.now())) {
    if (template) await template.db.cleanup();
    g[DEMO_TEMPLATE] = demoTemplate();
    template = await g[DEMO_TEMPLATE];
  }
  return startE2EServer('sqlite', template);
}
