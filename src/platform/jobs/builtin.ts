import type { AppContext } from '../context.js';
import { createMailTransport, deliverPendingEmails } from '../mail/mailer.js';
import { MODULES } from '../modules.js';
import { expireRequests } from '../approvals/approval-service.js';
import { SYSTEM_CONTEXT } from '../context.js';
import type { JobDef } from './scheduler.js';
import { backupJobs } from '../backup/schedule.js';

const MINUTE = 60_000;

/** Signing the chain head is the running server's own (audit/head-signer.ts), not a leased job. */
export { signAuditHead } from '../audit/head-signer.js';

/** The jobs every server runs (when BAOMI_JOBS is not off): the platform's, then each module's. */
export function builtinJobs(ctx: AppContext): JobDef[] {
  // One transport for the process: nodemailer opens a connection per send unless pooled.
  let transport: ReturnType<typeof createMailTransport> | undefined;
  return [
    {
      name: 'mail.deliver',
      intervalMs: 30_000,
      leaseMs: 15 * MINUTE,
      run: async (c) => {
        if (!c.config.smtpUrl) return 'smtp not configured';
        transport ??= createMailTransport(ctx);
        return `sent ${await deliverPendingEmails(c, transport)}`;
      },
    },
    {
      name: 'approvals.expire',
      intervalMs: 60 * MINUTE,
      run: async (c) => `expired ${await expireRequests(c, SYSTEM_CONTEXT)}`,
    },
    // Scheduled backups, their overdue check and the restore drill: each runs only while turned on (ADR 0031).
    ...backupJobs(),
    ...MODULES.flatMap((m) => m.jobs?.() ?? []),
  ];
}

/** The names of the jobs every server runs, for the history (a job that never ran is listed too). */
export function runningJobNames(ctx: AppContext): string[] {
  return builtinJobs(ctx).map((j) => j.name);
}
