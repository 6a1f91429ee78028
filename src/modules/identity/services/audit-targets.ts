import { can } from '../../../policy/index.js';
import type { AdminRole } from '../../../kernel/roles.js';
import type { AuditTargetView, ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
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
    },
    department: {
      text: { 'zh-CN': '部门', 'en-US': 'Department' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'department.view')) return new Map();
        const rows = await ctx.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
        return new Map(rows.map((r) => [r.id, { label: r.name, link: '/departments' }]));
      },
    },
    // Hardware OTP tokens by serial, for whoever manages them (the system administrator); never the seed.
    otp_token: {
      text: { 'zh-CN': '硬件令牌', 'en-US': 'Hardware OTP token' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'otp_token.manage')) return new Map();
        const rows = await ctx.db.selectFrom('otp_tokens').select(['id', 'serial']).where('id', 'in', ids).execute();
        return new Map(rows.map((r) => [r.id, { label: r.serial, link: '/otp-tokens' }]));
      },
    },
    webauthn_credential: { text: { 'zh-CN': '安全密钥', 'en-US': 'Security key' } },
    session: { text: { 'zh-CN': '会话', 'en-US': 'Session' } },
    sign_in: { text: { 'zh-CN': '登录', 'en-US': 'Sign-in' } },
    functional_role: { text: { 'zh-CN': '职能角色', 'en-US': 'Functional role' } },
    directory: { text: { 'zh-CN': '组织架构', 'en-US': 'Directory' } },
    organisation: { text: { 'zh-CN': '组织角色', 'en-US': 'Organisation roles' } },
  },
};
