import type { Command } from 'commander';
import { SYSTEM_CONTEXT, type AppContext } from '../../platform/context.js';
import { demoPeople, loadDemo } from '../../platform/demo.js';

export function registerDemoCommand(program: Command, makeContext: () => Promise<AppContext>): void {
  program
    .command('demo')
    .description(
      'load a demo organisation (departments, people, secret items, requests and grants) into a fresh installation; refuses when real data exists',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const ctx = await makeContext();
      try {
        const r = await loadDemo(ctx, { ...SYSTEM_CONTEXT, requestId: `cli-${process.pid}` });
        if (o.json) {
          console.log(JSON.stringify({ ...r, usernames: demoPeople().map((p) => p.username) }, null, 2));
          return;
        }
        const lines = [
          '',
          `  Demo organisation loaded: ${r.departments} departments, ${r.users} people.`,
          ...Object.entries(r.modules).map(
            ([name, counts]) =>
              `  ${name}: ${Object.entries(counts)
                .map(([what, n]) => `${n} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`)
                .join(', ')}`,
          ),
          `  Every demo person signs in with the password: ${r.password}`,
          '',
          ...demoPeople().map(
            (p) => `    ${p.username.padEnd(14)} ${p.displayName}  ${p.post}${p.clearance ? `  (${p.clearance})` : ''}`,
          ),
          '',
          '  Demo data is for trying Baomi out: do not use this installation for real records.',
        ];
        if (r.adminCredentials) {
          lines.push('', '  Administrators (one-time passwords, change at first sign-in):');
          for (const c of r.adminCredentials)
            lines.push(
              `    ${c.role.padEnd(9)} username: ${c.username.padEnd(9)} one-time password: ${c.oneTimePassword}`,
            );
        }
        lines.push('');
        console.log(lines.join('\n'));
      } finally {
        await ctx.handle.close();
      }
    });
}
