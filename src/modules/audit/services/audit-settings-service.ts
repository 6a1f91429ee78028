import { auditRulesStore, type AuditSettings } from '../../../platform/audit/audit-rules.js';
import { changedFields } from '../../../platform/settings/setting-store.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { authorize } from '../../../platform/authorize.js';

/**
 * The audit settings' use cases: the three administrators read them (they say whose events each reviews); the
 * security administrator changes them under the setting's version, audited with what changed — the auditor,
 * whose view they widen, never decides them. The retention (how long events stay live before they are archived)
 * is the security administrator's too: it is audit policy, not configuration.
 */
const EVENT = { action: 'audit.settings_update', targetType: 'settings', targetId: 'audit' } as const;

export async function viewAuditSettings(ctx: AppContext, rc: RequestContext) {
  await authorize(ctx, rc, 'audit.read_own', { kind: 'none' }, { audit: EVENT });
  const { value, version } = await auditRulesStore.fresh(ctx);
  return { settings: value, version };
}

export async function updateAuditSettings(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; settings: Partial<AuditSettings> },
) {
  await authorize(ctx, rc, 'audit.manage_settings', { kind: 'none' }, { audit: EVENT });
  await tx(ctx, async (trx) => {
    // A field the client left out keeps its stored value (read in the transaction; the version check makes it safe).
    const current = (await auditRulesStore.get(ctx, trx)).value;
    const next: AuditSettings = { ...current, ...input.settings };
    const { before } = await auditRulesStore.save(trx, ctx, input.version, next);
    await audit(trx, ctx, rc, { ...EVENT, details: { changed: changedFields(before, next) } });
  });
  auditRulesStore.invalidate(ctx);
  return viewAuditSettings(ctx, rc);
}
