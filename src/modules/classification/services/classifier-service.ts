import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { excludedFromContent } from '../../../kernel/roles.js';
import { isClassified, type Level } from '../../../kernel/levels.js';
import { authorize } from '../../../platform/authorize.js';
import { isCalendarDate } from '../../../kernel/secrecy-period.js';
import { todayOf } from './classification-settings.js';
import type { ClassifierKind } from '../../../kernel/secret-item.js';
import type { Classifier } from '../contracts/classification.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import {
  actorOf,
  audit,
  auditAlone,
  newId,
  tx,
  type AppContext,
  type RequestContext,
} from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';

const SEPARATION = new AppError(
  'separation_of_duties',
  'A system administrator or auditor cannot be a classification authority',
);

/**
 * Classification authorities (定密责任人): the statutory authority (the organisation's head) and the
 * people designated by it, each up to a level. The security administrator keeps the list; an item's
 * classifier must hold an authority reaching the item's level.
 */
export async function listClassifiers(ctx: AppContext): Promise<Classifier[]> {
  const rows = await ctx.db
    .selectFrom('classification_authorities as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select(['u.username', 'u.display_name'])
    .orderBy('a.revoked_at', 'desc')
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    kind: r.kind as ClassifierKind,
    maxLevel: r.max_level as Level,
    appointedOn: r.appointed_on,
    note: r.note,
    revokedAt: r.revoked_at,
    version: r.version,
  }));
}

/** The list as the API serves it: to whoever the policy lets view classification (refusal audited). */
export async function listClassifiersFor(ctx: AppContext, rc: RequestContext): Promise<Classifier[]> {
  await authorize(
    ctx,
    rc,
    'classification.view',
    { kind: 'none' },
    {
      audit: { action: 'classifier.view', targetType: 'classification_authority', targetId: null },
    },
  );
  return listClassifiers(ctx);
}

const requireManage = (ctx: AppContext, rc: RequestContext, action: AuditAction, targetId: string | null) =>
  authorize(
    ctx,
    rc,
    'classification.manage',
    { kind: 'none' },
    {
      audit: { action, targetType: 'classification_authority', targetId },
    },
  );

export async function appointClassifier(
  ctx: AppContext,
  rc: RequestContext,
  input: {
    userId: string;
    kind: ClassifierKind;
    maxLevel: Level;
    appointedOn?: string | undefined;
    note?: string | null | undefined;
  },
): Promise<Classifier> {
  await requireManage(ctx, rc, 'classifier.appoint', input.userId);
  // No admin appoints itself (三员: no admin grants itself a role or an authority).
  if (input.userId === actorOf(rc).id) {
    await auditAlone(ctx, rc, {
      action: 'classifier.appoint',
      targetType: 'classification_authority',
      targetId: input.userId,
      result: 'denied',
      details: { reason: 'self' },
    });
    throw forbidden('Administrators cannot appoint themselves');
  }
  if (!isClassified(input.maxLevel))
    throw new AppError('validation_failed', 'An authority is for a classified level', { field: 'maxLevel' });
  if (input.appointedOn !== undefined && !isCalendarDate(input.appointedOn))
    throw new AppError('validation_failed', 'Not a valid date', { field: 'appointedOn' });
  const now = ctx.now().toISOString();
  const id = newId();
  try {
    await tx(ctx, async (trx) => {
      await lockRow(trx, ctx.kind, 'users', input.userId); // two appointments at once: the second sees the first
      const u = await trx
        .selectFrom('users')
        .select(['status', 'admin_role'])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (!u || u.status !== 'active')
        throw new AppError('validation_failed', 'The person must be an active user', { field: 'userId' });
      if (excludedFromContent(u.admin_role)) throw SEPARATION;
      const existing = await trx
        .selectFrom('classification_authorities')
        .select('id')
        .where('user_id', '=', input.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (existing)
        throw new AppError('conflict', 'This person already holds an authority; revoke it first to change it', {
          field: 'userId',
        });
      await trx
        .insertInto('classification_authorities')
        .values({
          id,
          user_id: input.userId,
          kind: input.kind,
          max_level: input.maxLevel,
          appointed_on: input.appointedOn ?? (await todayOf(ctx, trx)),
          note: input.note ?? null,
          revoked_at: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await audit(trx, ctx, rc, {
        action: 'classifier.appoint',
        targetType: 'classification_authority',
        targetId: id,
        details: { userId: input.userId, kind: input.kind, maxLevel: input.maxLevel },
      });
    });
  } catch (e) {
    // 三员: refused like every other separation-of-duties breach, with its audit event.
    if (e === SEPARATION)
      await auditAlone(ctx, rc, {
        action: 'classifier.appoint',
        targetType: 'classification_authority',
        targetId: input.userId,
        result: 'denied',
        details: { reason: 'separation_of_duties' },
      });
    throw e;
  }
  return (await listClassifiers(ctx)).find((c) => c.id === id)!;
}

export async function revokeClassifier(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
): Promise<void> {
  await requireManage(ctx, rc, 'classifier.revoke', id);
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    const row = await trx.selectFrom('classification_authorities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.revoked_at) throw new AppError('conflict', 'This authority has already been revoked');
    const r = await trx
      .updateTable('classification_authorities')
      .set({ revoked_at: now, updated_at: now, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await audit(trx, ctx, rc, {
      action: 'classifier.revoke',
      targetType: 'classification_authority',
      targetId: id,
      details: { userId: row.user_id },
    });
  });
}
