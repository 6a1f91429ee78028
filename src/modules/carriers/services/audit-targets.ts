import { can } from '../../../policy/index.js';
import { containsText, type AuditTargetView, type ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { CARRIER_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { findCarrierById } from '../repositories/carrier-repo.js';
import { CARRIER_TARGET, loadCarrierResource } from './carrier-access.js';
import { LEDGER_TARGET } from './ledger-print.js';

/**
 * What the carrier register gives the audit trail: its actions, and carriers named as the register shows them
 * to the viewer — number and title to whoever may know the carrier (`carrier.view`), the number alone to whoever
 * may see only its entry (`carrier.view_entry`), nothing to anyone else.
 */
export const CARRIERS_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '载体管理', 'en-US': 'Carriers' },
  actions: CARRIER_AUDIT_ACTIONS,
  targets: {
    [CARRIER_TARGET]: {
      text: { 'zh-CN': '载体', 'en-US': 'Carrier' },
      resolve: async (ctx, viewer, ids) => {
        const out = new Map<string, AuditTargetView>();
        for (const id of ids) {
          const row = await findCarrierById(ctx.db, id);
          if (!row) continue;
          const { resource } = await loadCarrierResource(ctx, ctx.db, row, viewer);
          if (can(viewer, 'carrier.view', resource))
            out.set(id, { label: `${row.number} ${row.title}`, link: `/carriers/${id}` });
          else if (can(viewer, 'carrier.view_entry', resource))
            out.set(id, { label: row.number, link: `/carriers/${id}` });
        }
        return out;
      },
      find: async (ctx, text, limit) =>
        (
          await ctx.db
            .selectFrom('carriers')
            .select('id')
            .where((eb) => eb.or([containsText('number', text), containsText('title', text)]))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    [LEDGER_TARGET]: { text: { 'zh-CN': '载体台账', 'en-US': 'Carrier ledger' } },
    storage_location: { text: { 'zh-CN': '存放位置', 'en-US': 'Storage location' } },
  },
};
