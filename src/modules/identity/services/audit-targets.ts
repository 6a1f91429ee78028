import { can } from '../../../policy/index.js';
import type { AdminRole } from '../../../kernel/roles.js';
import { containsText, type AuditTargetView, type ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { IDENTITY_AUDIT_ACTIONS } from '../contracts/audit-actions.js';

/**
 * What identity gives the audit trail: its actions, and its targets named as the directory shows them — a
 * person by display name (the directory is open to every active person, `user.view`), a department by name.
 */
export const IDENTITY_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '账号与组织', 'en-US': 'Accounts and organisation' },
  actions: IDENTITY_AUDIT_ACTIONS,
  targets: {
    user: {
      text: { 'zh-CN': '人员', 'en-US': 'Person' },
      resolve: async (ctx, viewer, ids) => {
        const rows = await ctx.db
          .selectFrom('users')
          .select(['id', 'username', 'display_name', 'admin_role'])
          .where('id', 'in', ids)
          .execute();
        const out = new Map<string, AuditTargetView>();
        for (const r of rows) {
          if (!can(viewer, 'user.view', { kind: 'user', id: r.id, adminRole: r.admin_role as AdminRole | null }))
            continue;
          out.set(r.id, { label: r.display_name, link: `/users?q=${encodeURIComponent(r.username)}` });
        }
        return out;
      },
      find: async (ctx, text, limit) => {
        const rows = await ctx.db
          .selectFrom('users')
          .select('id')
          .where((eb) => eb.or([containsText('display_name', text), containsText('username', text)]))
          .limit(limit)
          .execute();
        return rows.map((r) => r.id);
      },
    },
    department: {
      text: { 'zh-CN': '部门', 'en-US': 'Department' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'department.view')) return new Map();
        const rows = await ctx.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
        return new Map(rows.map((r) => [r.id, { label: r.name, link: '/departments' }]));
      },
      find: async (ctx, text, limit) =>
        (
          await ctx.db.selectFrom('departments').select('id').where(containsText('name', text)).limit(limit).execute()
        ).map((r) => r.id),
    },
    // Hardware OTP tokens by serial, for whoever manages them (the system administrator); never the seed.
    otp_token: {
      text: { 'zh-CN': '硬件令牌', 'en-US': 'Hardware OTP token' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'otp_token.manage')) return new Map();
        const rows = await ctx.db.selectFrom('otp_tokens').select(['id', 'serial']).where('id', 'in', ids).execute();
        return new Map(rows.map((r) => [r.id, { label: r.serial, link: '/otp-tokens' }]));
      },
      find: async (ctx, text, limit) =>
        (
          await ctx.db.selectFrom('otp_tokens').select('id').where(containsText('serial', text)).limit(limit).execute()
        ).map((r) => r.id),
    },
    webauthn_credential: { text: { 'zh-CN': '安全密钥', 'en-US': 'Security key' } },
    session: { text: { 'zh-CN': '会话', 'en-US': 'Session' } },
    sign_in: { text: { 'zh-CN': '登录', 'en-US': 'Sign-in' } },
    // Roles by their names in both languages: who holds which role is open to all (`organisation.view_roles`).
    functional_role: {
      text: { 'zh-CN': '职能角色', 'en-US': 'Functional role' },
      resolve: async (ctx, viewer, codes) => {
        if (!can(viewer, 'organisation.view_roles')) return new Map();
        const rows = await ctx.db
          .selectFrom('functional_roles')
          .select(['code', 'name_zh', 'name_en'])
          .where('code', 'in', codes)
          .execute();
        return new Map(
          rows.map((r) => [
            r.code,
            { label: r.name_zh, link: '/roles', text: { 'zh-CN': r.name_zh, 'en-US': r.name_en } },
          ]),
        );
      },
      find: async (ctx, text, limit) =>
        (
          await ctx.db
            .selectFrom('functional_roles')
            .select('code')
            .where((eb) => eb.or([containsText('name_zh', text), containsText('name_en', text)]))
            .limit(limit)
            .execute()
        ).map((r) => r.code),
    },
    directory: { text: { 'zh-CN': '组织架构', 'en-US': 'Directory' } },
    organisation: { text: { 'zh-CN': '组织角色', 'en-US': 'Organisation roles' } },
  },
};
