import { can } from '../../../policy/index.js';
import { containsText, type AuditTargetView, type ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { CLASSIFICATION_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { findItemById } from '../repositories/item-repo.js';
import { findUserById } from '../../identity/index.js';
import { loadItemResource } from './item-access.js';
import { ITEM_TARGET } from './item-requests.js';
import { REVIEW_TARGETS } from './review-audit-targets.js';

/**
 * What classification gives the audit trail: its actions, and secret items named by number and title only to
 * a viewer the catalogue's own rule lets know the item (`item.view_metadata`, as the item page); the viewer
 * carries their access profile (the trail loads it once).
 */
export const CLASSIFICATION_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '定密管理', 'en-US': 'Classification' },
  actions: CLASSIFICATION_AUDIT_ACTIONS,
  targets: {
    [ITEM_TARGET]: {
      text: { 'zh-CN': '保密事项', 'en-US': 'Secret item' },
      resolve: async (ctx, viewer, ids) => {
        const out = new Map<string, AuditTargetView>();
        for (const id of ids) {
          const row = await findItemById(ctx.db, id);
          if (!row) continue;
          const { resource } = await loadItemResource(ctx, ctx.db, row, viewer);
          if (can(viewer, 'item.view_metadata', resource))
            out.set(id, { label: `${row.number} ${row.title}`, link: `/items/${id}` });
        }
        return out;
      },
      find: async (ctx, text, limit) =>
        (
          await ctx.db
            .selectFrom('secret_items')
            .select('id')
            .where((eb) => eb.or([containsText('number', text), containsText('title', text)]))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    access_grant: {
      text: { 'zh-CN': '知悉授权', 'en-US': 'Access grant' },
      // A grant is named by its item and its grantee, to a viewer who may know the item (the grant tells no more).
      resolve: async (ctx, viewer, ids) => {
        const out = new Map<string, AuditTargetView>();
        for (const id of ids) {
          const grant = await ctx.db
            .selectFrom('access_grants')
            .select(['item_id', 'grantee_id'])
            .where('id', '=', id)
            .executeTakeFirst();
          const row = grant && (await findItemById(ctx.db, grant.item_id));
          if (!grant || !row) continue;
          const { resource } = await loadItemResource(ctx, ctx.db, row, viewer);
          if (!can(viewer, 'item.view_metadata', resource)) continue;
          const grantee = await findUserById(ctx.db, grant.grantee_id);
          out.set(id, {
            label: `${row.number} ${row.title} · ${grantee?.display_name ?? ''}`.trim(),
            link: `/items/${row.id}`,
          });
        }
        return out;
      },
    },
    ...REVIEW_TARGETS,
  },
};
