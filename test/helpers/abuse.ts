/**
 * Small helpers for the directory, settings/audit, input-abuse and audit-tamper integration tests:
 * reading the audit trail directly, asserting that a refusal was recorded (and nothing else happened),
 * and parsing CSV exports.
 */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Agent, TestApp } from './api.js';
import { errorCode } from './api.js';
import type { AuditEventTable } from '../../src/platform/db/schema.js';

/** Audit rows with seq > `after`, in order. */
export async function auditRowsAfter(t: TestApp, after: number): Promise<AuditEventTable[]> {
  const rows = await t.ctx.db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>', after)
    .orderBy('seq', 'asc')
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Asserts status and error code of a refused request. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
}

/**
 * Asserts a request was refused with nothing recorded: the audit head did not move.
 * `before` is the value of `t.auditHead()` taken before the request.
 */
export async function expectRefusedQuietly(
  t: TestApp,
  before: number,
  res: LightMyRequestResponse,
  status: number,
  code: string,
): Promise<void> {
  expectError(res, status, code);
  expect(await t.auditHead()).toBe(before);
}

/**
 * Asserts an authorization refusal: the given status/code, and exactly one new audit event since `before`,
 * a `denied` event for `action` by `actorName` (the refused change itself left no trace).
 */
export async function expectDenied(
  t: TestApp,
  before: number,
  res: LightMyRequestResponse,
  opts: { action: string; actorName: string; targetId?: string | null; code?: string; reason?: string },
): Promise<AuditEventTable> {
  expectError(res, 403, opts.code ?? 'forbidden');
  const rows = await auditRowsAfter(t, before);
  expect(rows.map((r) => ({ action: r.action, result: r.result, actor: r.actor_name }))).toEqual([
    { action: opts.action, result: 'denied', actor: opts.actorName },
  ]);
  const ev = rows[0]!;
  if (opts.targetId !== undefined) expect(ev.target_id).toBe(opts.targetId);
  if (opts.reason !== undefined)
    expect((JSON.parse(ev.details) as { reason?: string } | null)?.reason).toBe(opts.reason);
  return ev;
}

export async function countRows(
  t: TestApp,
  table: 'departments' | 'users' | 'audit_events' | 'notifications' | 'sessions' | 'settings',
): Promise<number> {
  const r = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The signed-in user's id. */
export async function meId(a: Agent): Promise<string> {
  const r = await a.get('/api/auth/me');
  if (r.statusCode !== 200) throw new Error(`me failed: ${r.statusCode} ${r.body}`);
  return (r.json() as { user: { id: string } }).user.id;
}

export function randomId(): string {
  return crypto.randomUUID();
}

/** RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF), enough to check exported cells one by one. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // handled by the \n branch
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
