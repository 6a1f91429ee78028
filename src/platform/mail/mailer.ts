import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { AppContext } from '../context.js';
import { renderEmail } from './templates.js';
import { getClassificationPolicy } from '../organisation.js';

/**
 * Email delivery from the `email_outbox` table (rows are written by notifyUsers in the same transaction as
 * the change they report). Delivery is at-least-once: a crash between the SMTP "250 OK" and marking the
 * row sent resends that one mail.
 */
export type MailTransport = Pick<Transporter, 'sendMail'> & { close?: () => void };

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** A row being sent is pushed this far into the future first, so a concurrent sender skips it. */
const CLAIM_MS = 10 * 60_000;

/** Delay before attempt `attempts + 1`: 1, 2, 4, 8 ... minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Transport options from BAOMI_SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or
 * smtps://user:pass@host:465 (implicit TLS). Query options: ignoreTLS, requireTLS, tls.rejectUnauthorized
 * (true/false), e.g. smtp://relay.internal:25?ignoreTLS=true for a plain internal relay.
 */
export function transportOptions(smtpUrl: string): Record<string, unknown> {
  let u: URL;
  try {
    u = new URL(smtpUrl);
  } catch {
    throw new Error('BAOMI_SMTP_URL is not a valid URL (expected smtp://user:pass@host:port)');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
    throw new Error('BAOMI_SMTP_URL must start with smtp:// or smtps://');
  const secure = u.protocol === 'smtps:';
  const opts: Record<string, unknown> = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
  if (u.username || u.password)
    opts.auth = { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) };
  const bool = (v: string) => v === 'true' || v === '1';
  for (const [k, v] of u.searchParams) {
    if (k === 'ignoreTLS' || k === 'requireTLS') opts[k] = bool(v);
    else if (k === 'tls.rejectUnauthorized') opts.tls = { rejectUnauthorized: bool(v) };
  }
  return opts;
}

export function createMailTransport(ctx: AppContext): MailTransport | null {
  if (!ctx.config.smtpUrl) return null;
  return nodemailer.createTransport(transportOptions(ctx.config.smtpUrl));
}

/** An error for the table: short, one line, and without anything that looks like credentials. */
export function describeMailError(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  let msg = (e?.message ?? String(err)).replace(/\s+/g, ' ').trim();
  msg = msg.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s@/]*@/gi, (m) => m.replace(/\/\/[^@]*@/, '//***@'));
  msg = msg.replace(/(pass(word)?|auth)\s*[=:]\s*\S+/gi, '$1=***');
  const prefix = e?.responseCode ? `${e.responseCode} ` : e?.code ? `${e.code} ` : '';
  const out = prefix + msg;
  return out.length > 200 ? `${out.slice(0, 199)}…` : out;
}

/**
 * Sends pending mails that are due. Returns the number sent. Without an SMTP configuration (and no
 * transport given) mails stay pending and nothing happens. Failures back off exponentially; after
 * MAX_ATTEMPTS the row is marked failed.
 */
export async function deliverPendingEmails(
  ctx: AppContext,
  transport?: MailTransport | null,
  opts: { batch?: number } = {},
): Promise<number> {
  const t = transport ?? createMailTransport(ctx);
  if (!t) return 0;
  const ownTransport = !transport;
  try {
    const nowIso = ctx.now().toISOString();
    const due = await ctx.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowIso)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(opts.batch ?? 50)
      .execute();
    let sent = 0;
    const { timeZone } = await getClassificationPolicy(ctx);
    for (const row of due) {
      const claimed = await ctx.db
        .updateTable('email_outbox')
        .set({ next_attempt_at: new Date(ctx.now().getTime() + CLAIM_MS).toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', row.next_attempt_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const { subject, text } = renderEmail(row.subject, row.body, timeZone);
      const plain = !row.subject.startsWith('notify.');
      try {
        await t.sendMail({ from: ctx.config.smtpFrom, to: row.to_address, subject, text });
        await ctx.db
          .updateTable('email_outbox')
          .set({
            status: 'sent',
            sent_at: ctx.now().toISOString(),
            attempts: row.attempts + 1,
            last_error: null,
            // A plain mail (not a notice's, which the inbox keeps anyway) may carry a secret such as a one-time
            // password: once delivered, or given up on, its text is not kept.
            ...(plain ? { body: '' } : {}),
          })
          .where('id', '=', row.id)
          .execute();
        sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        const lastError = describeMailError(err);
        await ctx.db
          .updateTable('email_outbox')
          .set({
            status: failed ? 'failed' : 'pending',
            ...(failed && plain ? { body: '' } : {}),
            attempts,
            last_error: lastError,
            next_attempt_at: new Date(ctx.now().getTime() + backoffMs(attempts)).toISOString(),
          })
          .where('id', '=', row.id)
          .execute();
        ctx.log.warn({ mailId: row.id, attempts, failed, error: lastError }, 'email delivery failed');
      }
    }
    return sent;
  } finally {
    if (ownTransport) t.close?.();
  }
}
