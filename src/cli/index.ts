import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { SYSTEM_CONTEXT } from '../platform/context.js';
import { createContext } from '../platform/runtime.js';
import { formatCredentials, startServer } from '../platform/main.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/database.js';
import { initialiseOrganisation, isInitialised } from '../modules/identity/services/setup-service.js';
import { registerUserCommands } from './commands/user.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerDemoCommand } from './commands/demo.js';
import { BAOMI_VERSION } from '../platform/version.js';
import pino from 'pino';

/** The CLI acts as the local operator: its actions are audited as the system actor. */
export const CLI_CONTEXT = { ...SYSTEM_CONTEXT, requestId: `cli-${process.pid}` };

function cliConfig(): Config {
  return loadConfig(process.env, { logLevel: process.env.LOG_LEVEL ?? 'warn' });
}

async function makeContext(opts: { adoptSigningKey?: boolean } = {}): Promise<AppContext> {
  const config = cliConfig();
  return createContext(config, { log: pino({ level: config.logLevel }), ...opts });
}

export async function withContext<T>(
  fn: (ctx: AppContext) => Promise<T>,
  opts: { adoptSigningKey?: boolean } = {},
): Promise<T> {
  const ctx = await makeContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.handle.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('baomi')
    .description(
      'Baomi (保密): confidentiality management. Settings come from the environment: BAOMI_DATA_DIR, DATABASE_URL, HOST, PORT, ...',
    )
    .version(BAOMI_VERSION);

  program
    .command('start')
    .description('start the server (initialises the organisation on first start)')
    .addOption(new Option('--port <port>', 'port to listen on').env('PORT'))
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST'))
    .action(async (o: { port?: string; host?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(o.port ? { PORT: o.port } : {}),
        ...(o.host ? { HOST: o.host } : {}),
      });
      const server = await startServer(config);
      const shutdown = () => {
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  program
    .command('migrate')
    .description('apply database migrations (SQLite or PostgreSQL per DATABASE_URL)')
    .action(async () => {
      const config = cliConfig();
      const h = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const r = await migrateToLatest(h.db);
        const applied = r.results?.filter((x) => x.status === 'Success').map((x) => x.migrationName) ?? [];
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await h.close();
      }
    });

  program
    .command('init')
    .description("initialise the organisation and print the three administrators' one-time passwords")
    .option('--json', 'print the credentials as JSON (for automation)')
    .option('--org <name>', 'organisation name (root department)')
    .action(async (o: { json?: boolean; org?: string }) => {
      await withContext(async (ctx) => {
        if (await isInitialised(ctx)) {
          const msg =
            'Baomi is already initialised (accounts exist). Use "baomi user reset <username>" to issue a new one-time password.';
          if (o.json) console.log(JSON.stringify({ initialised: false, error: msg }));
          else console.error(msg);
          process.exitCode = 1;
          return;
        }
        const creds = await initialiseOrganisation(ctx, o.org ?? ctx.config.organisationName);
        if (o.json) console.log(JSON.stringify({ initialised: true, credentials: creds }, null, 2));
        else console.log(formatCredentials(creds, `http://${ctx.config.host}:${ctx.config.port}`));
      });
    });

  registerUserCommands(program, withContext);
  registerAuditCommands(program, withContext, CLI_CONTEXT);
  registerBackupCommands(program, makeContext, cliConfig);
  registerDemoCommand(program, makeContext);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    const err = e as Error & { code?: string };
    console.error(`baomi: ${err.message}`);
    process.exitCode = 1;
  }
}
