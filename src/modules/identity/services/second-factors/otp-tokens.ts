import { resyncHotp, type OtpDigits } from '../../../../kernel/totp.js';
import { authorize } from '../../../../platform/authorize.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../../../../platform/context.js';
import { AppError, notFound, staleVersion } from '../../../../platform/errors.js';
import { hmacSha1, seal, SealedKeyError } from '../../../../platform/crypto/keys.js';
import type { AdminRole } from '../../../../kernel/roles.js';
import type { Db } from '../../../../platform/db/database.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import { parsePskc, parseTokenCsv } from '../../domain/token-files.js';
import type { OtpTokenDto } from '../../contracts/second-factors.js';
import { findUserById } from '../../repositories/user-repo.js';
import { tokenSeed, tokenSealContext, unreadableSecret } from './codes.js';
import { syncMfaEnabled } from './factors.js';

/**
 * Hardware OTP tokens (no phone needed): the system administrator imports the seeds from the vendor's file (sealed
 * with the master key at once; never shown again), lists them by serial, assigns one to a person, takes it back,
 * resynchronises a counter-based one and deletes one nobody holds.
 */

const manage = (
  ctx: AppContext,
  rc: RequestContext,
  action: Parameters<typeof audit>[3]['action'],
  id: string | null,
) =>
  authorize(
    ctx,
    rc,
    'otp_token.manage',
    { kind: 'none' },
    { audit: { action, targetType: 'otp_token', targetId: id } },
  );

async function tokenDto(q: Db | Trx, id: string): Promise<OtpTokenDto> {
  const rows = await listRows(q, id);
  if (!rows[0]) throw notFound();
  return rows[0];
}

async function listRows(q: Db | Trx, id?: string): Promise<OtpTokenDto[]> {
  let query = q
    .selectFrom('otp_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.serial',
      't.kind',
      't.digits',
      't.period',
      't.imported_at',
      't.assigned_at',
      't.version',
      'u.id as user_id',
      'u.username',
      'u.display_name',
    ])
    .orderBy('t.serial');
  if (id) query = query.where('t.id', '=', id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    serial: r.serial,
    kind: r.kind as 'totp' | 'hotp',
    digits: r.digits,
    period: r.period,
    assignedTo: r.user_id ? { id: r.user_id, username: r.username ?? '', displayName: r.display_name ?? '' } : null,
    importedAt: r.imported_at,
    assignedAt: r.assigned_at,
    version: r.version,
  }));
}

export async function listTokens(ctx: AppContext, rc: RequestContext): Promise<OtpTokenDto[]> {
  await manage(ctx, rc, 'otp_token.import', null);
  return listRows(ctx.db);
}

export async function importTokens(
  ctx: AppContext,
  rc: RequestContext,
  input: { format: 'pskc' | 'csv'; content: string },
): Promise<{ imported: number; serials: string[] }> {
  await manage(ctx, rc, 'otp_token.import', null);
  const parsed = input.format === 'pskc' ? parsePskc(input.content) : parseTokenCsv(input.content);
  if (!parsed.ok)
    throw new AppError('bad_request', `The token file cannot be read: ${parsed.reason}`, {
      problem: 'token_file_invalid',
      reason: parsed.reason,
      line: parsed.line,
    });
  const serials = parsed.tokens.map((t) => t.serial);
  const now = ctx.now().toISOString();
  return tx(ctx, async (trx) => {
    const existing = new Set<string>();
    for (let i = 0; i < serials.length; i += 500) {
      const rows = await trx
        .selectFrom('otp_tokens')
        .select('serial')
        .where('serial', 'in', serials.slice(i, i + 500))
        .execute();
      for (const r of rows) existing.add(r.serial);
    }
    if (existing.size)
      throw new AppError('conflict', 'Some serials were imported before', {
        problem: 'token_serial_exists',
        serials: [...existing].sort(),
      });
    for (const t of parsed.tokens) {
      const id = newId();
      await trx
        .insertInto('otp_tokens')
        .values({
          id,
          serial: t.serial,
          kind: t.kind,
          digits: t.digits,
          period: t.period,
          seed: seal(ctx.keys.master, Buffer.from(t.secret), tokenSealContext(id)),
          counter: t.counter,
          last_step: 0,
          user_id: null,
          assigned_at: null,
          imported_at: now,
          imported_by: rc.actor?.id ?? null,
          last_used_at: null,
          version: 1,
        })
        .execute();
    }
    await audit(trx, ctx, rc, {
      action: 'otp_token.import',
      targetType: 'otp_token',
      targetId: null,
      details: { format: input.format, count: serials.length, serials: serials.slice(0, 100) },
    });
    return { imported: serials.length, serials };
  });
}

async function lockToken(trx: Trx, id: string, version: number) {
  const row = await trx.selectFrom('otp_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  if (row.version !== version) throw staleVersion();
  return row;
}

async function bump(trx: Trx, id: string, version: number, set: Record<string, unknown>) {
  const r = await trx
    .updateTable('otp_tokens')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
}

/** Hands a token to a person: account administration, so the same rule as other changes of their account. */
export async function assignToken(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { userId: string; version: number },
): Promise<OtpTokenDto> {
  await manage(ctx, rc, 'otp_token.assign', id);
  const person = await findUserById(ctx.db, input.userId);
  if (!person || person.status !== 'active')
    throw new AppError('bad_request', 'Only an active person can hold a token', { problem: 'person_not_active' });
  await authorize(
    ctx,
    rc,
    'user.manage',
    { kind: 'user', id: person.id, adminRole: person.admin_role as AdminRole | null },
    { audit: { action: 'otp_token.assign', targetType: 'otp_token', targetId: id, details: { userId: person.id } } },
  );
  return tx(ctx, async (trx) => {
    const row = await lockToken(trx, id, input.version);
    if (row.user_id) throw new AppError('conflict', 'The token is assigned to someone', { problem: 'token_assigned' });
    await bump(trx, id, row.version, { user_id: person.id, assigned_at: ctx.now().toISOString() });
    await syncMfaEnabled(trx, ctx, person.id);
    await audit(trx, ctx, rc, {
      action: 'otp_token.assign',
      targetType: 'otp_token',
      targetId: id,
      details: { serial: row.serial, userId: person.id },
    });
    return tokenDto(trx, id);
  });
}

export async function unassignToken(ctx: AppContext, rc: RequestContext, id: string, version: number) {
  await manage(ctx, rc, 'otp_token.unassign', id);
  return tx(ctx, async (trx) => {
    const row = await lockToken(trx, id, version);
    if (!row.user_id) throw new AppError('conflict', 'The token is not assigned');
    await bump(trx, id, row.version, { user_id: null, assigned_at: null });
    await syncMfaEnabled(trx, ctx, row.user_id);
    await audit(trx, ctx, rc, {
      action: 'otp_token.unassign',
      targetType: 'otp_token',
      targetId: id,
      details: { serial: row.serial, userId: row.user_id },
    });
    return tokenDto(trx, id);
  });
}

/** Two consecutive codes of a counter-based token whose counter ran ahead (pressed away from the PC). */
export async function resyncToken(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { code1: string; code2: string },
): Promise<OtpTokenDto> {
  await manage(ctx, rc, 'otp_token.resync', id);
  const row = await ctx.db.selectFrom('otp_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  if (row.kind !== 'hotp')
    throw new AppError('conflict', 'Only counter-based (HOTP) tokens are resynchronised', {
      problem: 'token_not_hotp',
    });
  const counter = Number(row.counter);
  let seed: Uint8Array;
  try {
    seed = tokenSeed(ctx, row.id, row.seed);
  } catch (e) {
    throw e instanceof SealedKeyError ? await unreadableSecret(ctx, rc, { type: 'otp_token', id }, 'code', e) : e;
  }
  const next = resyncHotp(seed, input.code1, input.code2, counter, hmacSha1, {
    digits: row.digits as OtpDigits,
  });
  if (next === null) {
    await tx(ctx, (trx) =>
      audit(trx, ctx, rc, { action: 'otp_token.resync', targetType: 'otp_token', targetId: id, result: 'failure' }),
    );
    throw new AppError('mfa_invalid', 'The two codes are not consecutive codes of this token');
  }
  return tx(ctx, async (trx) => {
    const r = await trx
      .updateTable('otp_tokens')
      .set({ counter: next, version: row.version + 1 })
      .where('id', '=', id)
      .where('counter', '=', counter)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'otp_token.resync',
      targetType: 'otp_token',
      targetId: id,
      details: { serial: row.serial, skipped: next - 2 - counter },
    });
    return tokenDto(trx, id);
  });
}

export async function deleteToken(ctx: AppContext, rc: RequestContext, id: string): Promise<void> {
  await manage(ctx, rc, 'otp_token.delete', id);
  await tx(ctx, async (trx) => {
    const row = await trx
      .selectFrom('otp_tokens')
      .select(['serial', 'user_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (row.user_id)
      throw new AppError('conflict', 'Take the token back before deleting it', { problem: 'token_assigned' });
    const r = await trx.deleteFrom('otp_tokens').where('id', '=', id).where('user_id', 'is', null).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'otp_token.delete',
      targetType: 'otp_token',
      targetId: id,
      details: { serial: row.serial },
    });
  });
}
