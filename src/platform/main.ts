import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createContext } from './runtime.js';
import { HeadSigner } from './audit/head-signer.js';
import { initialiseOrganisation, isInitialised, type InitialCredential } from './modules.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

export function formatCredentials(creds: InitialCredential[], url: string): string {
  const lines = [
    '',
    '  Baomi is initialised. Sign in once as each administrator with these one-time passwords;',
    '  each must choose a new password and enrol an authenticator (TOTP) at first sign-in.',
    '  They are shown only this once.',
    '',
    ...creds.map(
      (c) => `    ${c.role.padEnd(9)} username: ${c.username.padEnd(9)} one-time password: ${c.oneTimePassword}`,
    ),
    '',
    `  Open ${url}`,
    '',
  ];
  return lines.join('\n');
}

/**
 * Initialises the organisation on first start; returns the one-time credentials, or null when it already was. Several
 * instances starting at once on an empty database all get here: one wins (its transaction creates the accounts) and
 * the others, refused by the accounts it made, find the organisation there and start without printing anything.
 */
export async function initialiseOnce(ctx: AppContext): Promise<InitialCredential[] | null> {
  if (await isInitialised(ctx)) return null;
  try {
    return await initialiseOrganisation(ctx);
  } catch (e) {
    if (await isInitialised(ctx)) return null;
    throw e;
  }
}

/** Starts Baomi: migrate, initialise on first start (printing the one-time credentials once), serve. */
export async function startServer(
  config: Config,
  hooks: { onStarted?: (s: RunningServer) => Promise<void> | void; print?: (s: string) => void } = {},
): Promise<RunningServer> {
  const ctx = await createContext(config);
  const print = hooks.print ?? ((s: string) => process.stdout.write(s + '\n'));
  const creds = await initialiseOnce(ctx);
  // The chain head is signed now (covering whatever an earlier run left unsigned), as events accumulate (counted
  // from the first request on), and at shutdown after the last request (the signer stops after the server).
  const signer = new HeadSigner(ctx, config.auditSignEveryEvents, config.auditSignEverySeconds);
  ctx.onAuditAppended = signer.noteAppended;
  await signer.signNow();
  signer.start();
  if (config.trustProxy === true) {
    ctx.log.warn(
      'BAOMI_TRUST_PROXY=true believes any X-Forwarded-For a client sends: addresses in the audit trail and the ' +
        "sign-in throttle can then be forged. Set the hop count or the proxies' addresses instead.",
    );
  }
  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const scheme = config.tlsCertFile ? 'https' : 'http';
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `${scheme}://${shownHost}:${port}`;
  const stops: (() => Promise<void>)[] = [];
  if (config.jobsEnabled) {
    const { Scheduler } = await import('./jobs/scheduler.js');
    const { builtinJobs } = await import('./jobs/builtin.js');
    const scheduler = new Scheduler(ctx, builtinJobs(ctx));
    scheduler.start();
    stops.push(() => scheduler.stop());
  }
  if (creds) print(formatCredentials(creds, url));
  else print(`Baomi is running at ${url} (database: ${ctx.kind})`);
  const running: RunningServer = {
    app,
    ctx,
    url,
    stop: async () => {
      for (const s of stops) await s();
      await app.close();
      await signer.stop();
      await ctx.handle.close();
    },
  };
  await hooks.onStarted?.(running);
  return running;
}
