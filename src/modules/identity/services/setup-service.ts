import { ADMIN_ROLES, type AdminRole } from '../../../kernel/roles.js';
import { AppError } from '../../../platform/errors.js';
import { audit, newId, SYSTEM_CONTEXT, tx, type AppContext } from '../../../platform/context.js';
import { generateOneTimePassword, hashPassword } from '../../../platform/crypto/password-hash.js';
import { ADMIN_DISPLAY_NAMES } from '../contracts/admin-names.js';
import { countUsers } from '../repositories/user-repo.js';
import { insertUser } from './user-service.js';
import { signAuditHead } from '../../../platform/audit/head-signer.js';

export interface InitialCredential {
  role: AdminRole;
  username: string;
  oneTimePassword: string;
}

export async function isInitialised(ctx: AppContext): Promise<boolean> {
  return (await countUsers(ctx.db)) > 0;
}

/**
 * First start: the organisation's root department and one account for each of the three administrators,
 * each with a one-time password that must be changed (and MFA enrolled) at first sign-in.
 */
export async function initialiseOrganisation(
  ctx: AppContext,
  orgName = ctx.config.organisationName,
): Promise<InitialCredential[]> {
  const creds = await Promise.all(
    ADMIN_ROLES.map(async (role) => {
      const oneTimePassword = generateOneTimePassword();
      return { role, username: role, oneTimePassword, hash: await hashPassword(oneTimePassword, ctx.config.kdfCost) };
    }),
  );
  await tx(ctx, async (trx) => {
    const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (existing) throw new AppError('conflict', 'Baomi is already initialised: accounts exist');
    const now = ctx.now().toISOString();
    const rootId = newId();
    await trx
      .insertInto('departments')
      .values({
        id: rootId,
        parent_id: null,
        name: orgName,
        code: 'ROOT',
        sort_order: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await audit(trx, ctx, SYSTEM_CONTEXT, {
      action: 'system.init',
      targetType: 'department',
      targetId: rootId,
      details: { organisation: orgName },
    });
    for (const c of creds) {
      const id = await insertUser(
        trx,
        ctx,
        SYSTEM_CONTEXT,
        {
          username: c.username,
          displayName: ADMIN_DISPLAY_NAMES[c.role],
          departmentId: rootId,
          businessRoles: ['employee'],
        },
        c.hash,
        c.role,
      );
      // The security administrator approves classification for the confidentiality office and must be cleared
      // for every level; nobody else could set its clearance (no admin sets its own), so it starts as core.
      if (c.role === 'secadmin') {
        await trx.updateTable('users').set({ clearance_class: 'core' }).where('id', '=', id).execute();
        await audit(trx, ctx, SYSTEM_CONTEXT, {
          action: 'user.security_update',
          targetType: 'user',
          targetId: id,
          details: { clearanceClass: { from: null, to: 'core' } },
        });
      }
    }
  });
  // The chain is anchored from its first events: verification then needs a checkpoint from the start.
  await signAuditHead(ctx);
  return creds.map(({ role, username, oneTimePassword }) => ({ role, username, oneTimePassword }));
}
