import type { Command } from 'commander';
import type { AppContext } from '../../server/context.js';
import { verifyAuditChain } from '../../server/audit/verify.js';
import { readAuditHead } from '../../server/audit/audit-repo.js';
import { writeCheckpoint } from '../../server/audit/checkpoints.js';
import { progressBar } from '../progress.js';

type WithContext = <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>;

export function registerAuditCommands(program: Command, withContext: WithContext): void {
  const audit = program.command('audit').description('audit trail tools');
  audit
    .command('verify')
    .description('recompute the whole hash chain and check it against the signed heads; exit 1 on the first broken link')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withContext(async (ctx) => {
        const bar = o.json ? null : progressBar('Verifying audit chain');
        const r = await verifyAuditChain(ctx.db, ctx.config.dataDir, ctx.keys, (done, total) => bar?.update(done, total));
        bar?.done();
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else if (r.ok) console.log(`Audit chain intact: ${r.eventsChecked} events (${r.algorithm}), ${r.checkpointsChecked} signed heads checked.`);
        else console.log(`AUDIT CHAIN BROKEN at event ${r.firstBreak!.seq}: ${r.firstBreak!.message}`);
        if (!r.ok) process.exitCode = 1;
      });
    });
  audit
    .command('sign')
    .description('sign the current chain head now and append it to the checkpoint file')
    .action(async () => {
      await withContext(async (ctx) => {
        const head = await readAuditHead(ctx.db);
        writeCheckpoint(ctx.config.dataDir, ctx.keys, { seq: head.seq, hash: head.hash, at: ctx.now().toISOString() });
        console.log(`Signed head at event ${head.seq}.`);
      });
    });
}
