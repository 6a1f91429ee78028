import { can } from '../../../policy/index.js';
import { containsText, type ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { PEOPLE_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { REPORT_TARGET } from './report-service.js';
import { SIGNATURE_TARGET } from './signing-service.js';

/**
 * What the agreements module gives the audit trail: its actions and its targets, named as its pages show them —
 * a template by title to whoever may see the templates (`agreement.view_templates`), a version by title and
 * number to every person (each reads the text they sign, `agreement.read_text`), linked to the editor for those
 * who see templates and to their own agreements for the others.
 */
export const PEOPLE_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '保密协议', 'en-US': 'Agreements' },
  actions: PEOPLE_AUDIT_ACTIONS,
  targets: {
    agreement_template: {
      text: { 'zh-CN': '协议模板', 'en-US': 'Agreement template' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'agreement.view_templates')) return new Map();
        const rows = await ctx.db
          .selectFrom('agreement_templates')
          .select(['id', 'title'])
          .where('id', 'in', ids)
          .execute();
        return new Map(rows.map((r) => [r.id, { label: r.title, link: `/agreement-templates/${r.id}` }]));
      },
      find: async (ctx, q, limit) =>
        (
          await ctx.db
            .selectFrom('agreement_templates')
            .select('id')
            .where(containsText('title', q))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    agreement_version: {
      text: { 'zh-CN': '协议版本', 'en-US': 'Agreement version' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'agreement.read_text')) return new Map();
        const editor = can(viewer, 'agreement.view_templates');
        const rows = await ctx.db
          .selectFrom('agreement_versions')
          .select(['id', 'template_id', 'title', 'version_no'])
          .where('id', 'in', ids)
          .execute();
        return new Map(
          rows.map((r) => [
            r.id,
            {
              label: `${r.title} v${r.version_no}`,
              link: editor ? `/agreement-templates/${r.template_id}` : '/agreements',
            },
          ]),
        );
      },
      find: async (ctx, q, limit) =>
        (
          await ctx.db
            .selectFrom('agreement_versions')
            .select('id')
            .where(containsText('title', q))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    [SIGNATURE_TARGET]: { text: { 'zh-CN': '协议签署', 'en-US': 'Agreement signature' } },
    [REPORT_TARGET]: { text: { 'zh-CN': '协议报表', 'en-US': 'Agreement report' } },
    agreement_leavers: { text: { 'zh-CN': '离职人员', 'en-US': 'Leavers' } },
  },
};
