import { newId, type AppContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';

/**
 * Queues one plain e-mail (no notice behind it) in the caller's transaction: it is sent by the outbox
 * (mailer.ts) once the change it belongs to has committed, and only when SMTP is configured.
 */
export async function queueEmail(
  trx: Trx,
  ctx: AppContext,
  mail: { to: string; subject: string; text: string },
): Promise<void> {
  const now = ctx.now().toISOString();
  await trx
    .insertInto('email_outbox')
    .values({
      id: newId(),
      to_address: mail.to,
      // A subject that is not `notify.<name>` is sent as it is (templates.ts).
      subject: mail.subject,
      body: mail.text,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
}

/** Whether mail leaves this server at all: without SMTP the outbox keeps everything pending. */
export const mailConfigured = (ctx: AppContext): boolean => !!ctx.config.smtpUrl;
