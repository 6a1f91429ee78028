import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { newId, type AppContext } from '../../../src/platform/context.js';
import {
  backoffMs,
  deliverPendingEmails,
  describeMailError,
  MAX_ATTEMPTS,
  transportOptions,
} from '../../../src/platform/mail/mailer.js';
import { renderEmail } from '../../../src/platform/mail/templates.js';

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (no TLS) that accepts user baomi/secret and refuses RCPT to refuse@... */
async function startSmtp(): Promise<{
  port: number;
  received: Received[];
  rcptAttempts: string[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const rcptAttempts: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'baomi' && auth.password === 'secret') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      rcptAttempts.push(address.address);
      if (address.address.startsWith('refuse@')) {
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, rcptAttempts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('mail helpers', () => {
  it('parses the SMTP URL', () => {
    expect(transportOptions('smtp://u%40x:p%3Ass@mail.example.com:2525?ignoreTLS=true')).toMatchObject({
      host: 'mail.example.com',
      port: 2525,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'u@x', pass: 'p:ss' },
    });
    expect(transportOptions('smtps://mail.example.com')).toMatchObject({ port: 465, secure: true });
    expect(() => transportOptions('http://x')).toThrow(/smtp/);
  });

  it('keeps secrets out of the stored error and keeps it short', () => {
    const e = describeMailError(
      Object.assign(new Error('connect failed smtp://baomi:hunter2@relay:25 password=hunter2 ' + 'x'.repeat(400)), {
        code: 'ECONNREFUSED',
      }),
    );
    expect(e).not.toContain('hunter2');
    expect(e.startsWith('ECONNREFUSED ')).toBe(true);
    expect(e.length).toBeLessThanOrEqual(200);
  });

  it('renders notification keys as readable mails and leaves plain text alone', () => {
    const r = renderEmail(
      'notify.passwordExpiring',
      JSON.stringify({ expiresAt: '2026-03-06T08:00:00.000Z', daysLeft: 5 }),
      'Asia/Shanghai',
    );
    expect(r.subject).toBe('密码即将过期 / Password expiring soon');
    expect(r.text).toContain('Your password expires on 2026-03-06 (5 days left)');
    expect(r.text).toContain('2026-03-06');
    // Instants are shown as dates of the organisation's time zone: 20:00 UTC is the next day in Beijing.
    expect(
      renderEmail(
        'notify.passwordExpiring',
        JSON.stringify({ expiresAt: '2026-03-06T20:00:00.000Z', daysLeft: 5 }),
        'Asia/Shanghai',
      ).text,
    ).toContain('2026-03-07');
    expect(
      renderEmail(
        'notify.passwordExpiring',
        JSON.stringify({ expiresAt: '2026-03-06T20:00:00.000Z', daysLeft: 5 }),
        'UTC',
      ).text,
    ).toContain('2026-03-06');
    // Calendar dates stay as they are.
    expect(
      renderEmail(
        'notify.reviewAssigned',
        JSON.stringify({ title: 'T', kind: 'annual', dueOn: '2027-01-31' }),
        'America/New_York',
      ).text,
    ).toContain('2027-01-31');
    expect(renderEmail('Hello', 'plain', 'UTC')).toEqual({ subject: 'Hello', text: 'plain' });
  });

  it('backs off exponentially', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(30)).toBe(6 * 3_600_000);
  });
});

describe.each(DB_KINDS)('email delivery on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clock = Date.parse('2026-03-01T08:00:00.000Z');
  const now = () => new Date(clock);

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDatabase(kind);
    const config = loadConfig(
      {},
      {
        dataDir: db.dataDir,
        databaseUrl: db.url,
        kdfCost: 1024,
        jobsEnabled: false,
        logLevel: 'silent',
        smtpUrl: `smtp://baomi:secret@127.0.0.1:${smtp.port}?ignoreTLS=true`,
        smtpFrom: 'Baomi <baomi@example.test>',
      },
    );
    ctx = await createContext(config, { log: pino({ level: 'silent' }), now });
  });
  afterAll(async () => {
    await ctx?.handle.close();
    await db?.cleanup();
    await smtp?.close();
  });

  async function queue(to: string, subject: string, body: string): Promise<string> {
    const id = newId();
    const at = now().toISOString();
    await ctx.db
      .insertInto('email_outbox')
      .values({
        id,
        to_address: to,
        subject,
        body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_error: null,
        created_at: at,
        sent_at: null,
      })
      .execute();
    return id;
  }
  const row = (id: string) =>
    ctx.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('leaves mails pending when SMTP is not configured', async () => {
    const id = await queue('someone@example.test', 'Not yet', 'body');
    expect(await deliverPendingEmails({ ...ctx, config: { ...ctx.config, smtpUrl: undefined } })).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    await ctx.db.deleteFrom('email_outbox').where('id', '=', id).execute();
  });

  it('delivers a pending mail through SMTP and marks it sent', async () => {
    const id = await queue('alice@example.test', 'Quarterly check', 'Please review your carriers.');
    expect(await deliverPendingEmails(ctx)).toBe(1);
    const msg = smtp.received.find((m) => m.to.includes('alice@example.test'));
    expect(msg).toBeDefined();
    expect(msg!.user).toBe('baomi');
    expect(msg!.from).toBe('baomi@example.test');
    expect(msg!.raw).toMatch(/^Subject: Quarterly check\r?$/m);
    expect(msg!.raw).toContain('Please review your carriers.');
    expect(await row(id)).toMatchObject({
      status: 'sent',
      sent_at: now().toISOString(),
      attempts: 1,
      last_error: null,
      // A plain mail may carry a one-time password: its text is not kept once delivered.
      body: '',
    });
    // Sent once only.
    expect(await deliverPendingEmails(ctx)).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes('alice@example.test'))).toHaveLength(1);
  });

  it('retries a refused delivery with backoff and gives up after the last attempt', async () => {
    const id = await queue('refuse@example.test', 'Refused', 'nobody home');
    expect(await deliverPendingEmails(ctx)).toBe(0);
    let r = await row(id);
    expect(r.status).toBe('pending');
    expect(r.attempts).toBe(1);
    expect(r.last_error).toMatch(/^550 /);
    expect(r.last_error).not.toContain('secret');
    expect(r.next_attempt_at).toBe(new Date(clock + 60_000).toISOString());
    const tries = () => smtp.rcptAttempts.filter((a) => a === 'refuse@example.test').length;
    expect(tries()).toBe(1);

    // Not due yet: no new attempt.
    clock += 30_000;
    await deliverPendingEmails(ctx);
    expect(tries()).toBe(1);

    clock += 30_000;
    await deliverPendingEmails(ctx);
    expect(tries()).toBe(2);
    r = await row(id);
    expect(r.attempts).toBe(2);
    expect(r.next_attempt_at).toBe(new Date(clock + 120_000).toISOString());

    // Jump to the last attempt.
    await ctx.db
      .updateTable('email_outbox')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('id', '=', id)
      .execute();
    clock += 120_000;
    await deliverPendingEmails(ctx);
    r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sent_at: null });
    clock += 24 * 3_600_000;
    await deliverPendingEmails(ctx);
    expect(tries()).toBe(3);
  });

  it('a mail that fails does not hold up the others in the batch', async () => {
    const bad = await queue('refuse@example.test', 'Refused again', 'x');
    const good = await queue('bob@example.test', 'Hello Bob', 'y');
    expect(await deliverPendingEmails(ctx)).toBe(1);
    expect((await row(bad)).status).toBe('pending');
    expect((await row(good)).status).toBe('sent');
  });
});
