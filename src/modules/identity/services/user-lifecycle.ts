import { removeAllFactors } from './second-factors/factors.js';
import type { DirectoryEntry } from '../contracts/directory.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { generateOneTimePassword, hashPassword } from '../../../platform/crypto/password-hash.js';
import { updateUserVersioned, type UserRow } from '../repositories/user-repo.js';
import { revokeAllSessions } from '../repositories/session-repo.js';
import {
  notifyUsers,
  resolveTaskNotices,
  usersWithAdminRole,
} from '../../../platform/notifications/notification-service.js';
import { departureTaskKey, holdsAnythingToHandOver, passwordTaskKey } from './notice-tasks.js';
import { loadUser, userViewFor } from './directory-read.js';
import { releaseOrganisationRoles } from './organisation-service.js';
import { checkDeparture } from '../../../platform/departure.js';
import { authorizeOn } from './user-service.js';

/**
 * An account's lifecycle as its administrators move it: disabled, enabled, unlocked, second factors reset, a
 * one-time password issued, and the departure.
 */

type StatusAction = 'disable' | 'enable' | 'unlock' | 'reset_mfa';

export async function changeUserStatus(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: StatusAction,
  version: number,
): Promise<DirectoryEntry> {
  const target = await authorizeOn(ctx, rc, 'user.manage', `user.${action}`, id);
  const now = ctx.now().toISOString();
  const set: Partial<UserRow> = { updated_at: now };
  if (action === 'disable') {
    if (target.status !== 'active') throw new AppError('conflict', 'Only an active account can be disabled');
    set.status = 'disabled';
  } else if (action === 'enable') {
    if (target.status !== 'disabled') throw new AppError('conflict', 'Only a disabled account can be enabled');
    set.status = 'active';
  } else if (action === 'unlock') {
    set.failed_logins = 0;
    set.locked_until = null;
  }
  await tx(ctx, async (trx) => {
    if (!(await updateUserVersioned(trx, id, version, set))) throw staleVersion();
    // A reset takes every second factor: the app, security keys, and hardware tokens (handed back, unassigned).
    if (action === 'reset_mfa') await removeAllFactors(trx, id);
    const revoked = action === 'disable' || action === 'reset_mfa' ? await revokeAllSessions(trx, id, now) : 0;
    await audit(trx, ctx, rc, {
      action: `user.${action}`,
      targetType: 'user',
      targetId: id,
      details: { sessionsRevoked: revoked },
    });
  });
  return userViewFor(rc, await loadUser(ctx, id));
}

/**
 * Departure: the account is closed, every session ends, a separation (cool-off) period is recorded, and the
 * person leaves every organisation role (functional roles, leader in charge, general manager).
 * Carrier handover joins this use case when the carrier module lands.
 */
export async function departUser(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
  separationMonths: number,
): Promise<DirectoryEntry> {
  const target = await authorizeOn(ctx, rc, 'user.manage', 'user.depart', id);
  if (target.status === 'departed') throw new AppError('conflict', 'This person has already departed');
  const now = ctx.now();
  const until = new Date(now);
  until.setUTCMonth(until.getUTCMonth() + separationMonths);
  await tx(ctx, async (trx) => {
    const ok = await updateUserVersioned(trx, id, version, {
      status: 'departed',
      separation_until: separationMonths ? until.toISOString() : null,
      admin_role: null,
      updated_at: now.toISOString(),
    });
    if (!ok) throw staleVersion();
    const revoked = await revokeAllSessions(trx, id, now.toISOString());
    await notifyUsers(trx, ctx, await usersWithAdminRole(trx, ['secadmin']), {
      notice: 'userDeparted',
      params: {
        name: target.display_name,
        username: target.username,
        separationUntil: separationMonths ? until.toISOString() : null,
      },
      // What they kept is to be handed over: the users page lists it and offers the hand-over.
      link: `/users?q=${encodeURIComponent(target.username)}`,
      // A to-do only while something is left to hand over: a departure that leaves nothing only informs.
      taskKey: (await holdsAnythingToHandOver(trx, ctx, id)) ? departureTaskKey(id) : null,
    });
    await audit(trx, ctx, rc, {
      action: 'user.depart',
      targetType: 'user',
      targetId: id,
      details: { separationMonths, sessionsRevoked: revoked },
    });
    // Whoever leaves holds no organisation role any more: approvals no longer wait for them.
    await releaseOrganisationRoles(trx, ctx, rc, id, target.username);
    // Every module has its say: a blocking holding refuses the departure; requests and grants end.
    await checkDeparture(trx, ctx, rc, id);
  });
  return userViewFor(rc, await loadUser(ctx, id));
}

/** An administrator issues a one-time password; it can never choose the password itself. */
export async function resetPassword(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
): Promise<{ oneTimePassword: string }> {
  const target = await authorizeOn(ctx, rc, 'user.manage', 'user.reset_password', id);
  if (target.status === 'departed') throw new AppError('conflict', 'A departed account cannot be reset');
  const oneTimePassword = generateOneTimePassword();
  const hash = await hashPassword(oneTimePassword, ctx.config.kdfCost);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const ok = await updateUserVersioned(trx, id, version, {
      password_hash: hash,
      must_change_password: 1,
      password_changed_at: now,
      failed_logins: 0,
      locked_until: null,
      updated_at: now,
    });
    if (!ok) throw staleVersion();
    // A new password replaces the expiring one: its reminder is done.
    await resolveTaskNotices(trx, passwordTaskKey(id), now);
    const revoked = await revokeAllSessions(trx, id, now);
    await audit(trx, ctx, rc, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: id,
      details: { sessionsRevoked: revoked },
    });
  });
  return { oneTimePassword };
}
