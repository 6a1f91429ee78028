import type { Command } from 'commander';
import type { AppContext } from '../../platform/context.js';
import { SYSTEM_CONTEXT } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findUserByUsername } from '../../modules/identity/repositories/user-repo.js';
import { createUser, updateUser } from '../../modules/identity/services/user-service.js';
import { changeUserStatus, resetPassword } from '../../modules/identity/services/user-lifecycle.js';
import { BUSINESS_ROLES, type BusinessRole } from '../../kernel/roles.js';

type WithContext = <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>;

const rc = { ...SYSTEM_CONTEXT, requestId: `cli-${process.pid}` };

async function userId(ctx: AppContext, username: string) {
  const u = await findUserByUsername(ctx.db, username);
  if (!u) throw new AppError('not_found', `No user named ${username}`);
  return u;
}

/** Operator commands for accounts; each goes through the same service (and audit) as the API. */
export function registerUserCommands(program: Command, withContext: WithContext): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('create <username>')
    .description('create an account and print its one-time password')
    .requiredOption('--name <displayName>', 'display name')
    .option('--department <id>', 'department id')
    .option('--email <email>', 'email address')
    .option('--roles <roles>', `business roles, comma-separated (${BUSINESS_ROLES.join(', ')})`, 'employee')
    .option('--json', 'print JSON')
    .action(
      async (
        username: string,
        o: { name: string; department?: string; email?: string; roles: string; json?: boolean },
      ) => {
        const roles = o.roles.split(',').map((r) => r.trim()) as BusinessRole[];
        const bad = roles.filter((r) => !(BUSINESS_ROLES as readonly string[]).includes(r));
        if (bad.length) throw new Error(`Unknown role(s): ${bad.join(', ')}; use ${BUSINESS_ROLES.join(', ')}`);
        await withContext(async (ctx) => {
          const r = await createUser(ctx, rc, {
            username,
            displayName: o.name,
            departmentId: o.department ?? null,
            email: o.email ?? null,
            businessRoles: roles,
          });
          if (o.json) console.log(JSON.stringify({ user: r.user, oneTimePassword: r.oneTimePassword }, null, 2));
          else console.log(`Created ${username}. One-time password (shown once): ${r.oneTimePassword}`);
        });
      },
    );
  user
    .command('disable <username>')
    .description('disable an account and end its sessions')
    .action(async (username: string) => {
      await withContext(async (ctx) => {
        const u = await userId(ctx, username);
        await changeUserStatus(ctx, rc, u.id, 'disable', u.version);
        console.log(`Disabled ${username}.`);
      });
    });
  user
    .command('rename <username>')
    .description(
      'change the display name of an account (also of the three administrators, whom only the operator edits)',
    )
    .requiredOption('--name <displayName>', 'new display name')
    .action(async (username: string, o: { name: string }) => {
      const name = o.name.trim();
      if (!name || name.length > 64) throw new Error('The display name must be 1-64 characters');
      await withContext(async (ctx) => {
        const u = await userId(ctx, username);
        await updateUser(ctx, rc, u.id, { version: u.version, displayName: name });
        console.log(`${username} is now shown as ${name}.`);
      });
    });
  user
    .command('reset <username>')
    .description('issue a new one-time password (the person must change it at sign-in)')
    .option('--json', 'print JSON')
    .action(async (username: string, o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const u = await userId(ctx, username);
        const r = await resetPassword(ctx, rc, u.id, u.version);
        if (o.json) console.log(JSON.stringify({ username, oneTimePassword: r.oneTimePassword }));
        else console.log(`New one-time password for ${username} (shown once): ${r.oneTimePassword}`);
      });
    });
}
