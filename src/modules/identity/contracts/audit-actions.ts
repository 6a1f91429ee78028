import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/** What identity records in the audit trail (sign-in, sessions, people, departments, organisation roles), with its texts. */
export const IDENTITY_AUDIT_ACTIONS = {
  'auth.login': { 'zh-CN': '登录', 'en-US': 'Sign in' },
  'auth.logout': { 'zh-CN': '退出登录', 'en-US': 'Sign out' },
  'auth.lockout': { 'zh-CN': '账号锁定', 'en-US': 'Account locked' },
  'auth.rate_limited': { 'zh-CN': '登录尝试受限', 'en-US': 'Sign-in attempts throttled' },
  'auth.mfa_enrol_start': { 'zh-CN': '开始绑定双因素验证', 'en-US': 'Start enrolling two-factor authentication' },
  'auth.mfa_enrol': { 'zh-CN': '绑定双因素验证', 'en-US': 'Enrol two-factor authentication' },
  'auth.mfa_verify': { 'zh-CN': '双因素验证', 'en-US': 'Two-factor verification' },
  'auth.mfa_secret_unreadable': {
    'zh-CN': '本服务实例无法解密双因素密钥',
    'en-US': 'This server instance cannot open a two-factor secret',
  },
  'auth.webauthn_register': { 'zh-CN': '注册安全密钥', 'en-US': 'Register a security key' },
  'auth.webauthn_rename': { 'zh-CN': '重命名安全密钥', 'en-US': 'Rename a security key' },
  'auth.mfa_factor_remove': { 'zh-CN': '移除双因素验证方式', 'en-US': 'Remove a second factor' },
  'otp_token.import': { 'zh-CN': '导入硬件令牌', 'en-US': 'Import hardware OTP tokens' },
  'otp_token.assign': { 'zh-CN': '分配硬件令牌', 'en-US': 'Assign a hardware OTP token' },
  'otp_token.unassign': { 'zh-CN': '收回硬件令牌', 'en-US': 'Take back a hardware OTP token' },
  'otp_token.resync': { 'zh-CN': '同步硬件令牌', 'en-US': 'Resynchronise a hardware OTP token' },
  'otp_token.delete': { 'zh-CN': '删除硬件令牌', 'en-US': 'Delete a hardware OTP token' },
  'auth.password_change': { 'zh-CN': '修改密码', 'en-US': 'Change password' },
  'auth.session_end': { 'zh-CN': '会话结束', 'en-US': 'Session ended' },
  'auth.session_revoke': { 'zh-CN': '注销会话', 'en-US': 'Revoke a session' },
  'system.sessions_cleanup': { 'zh-CN': '清理过期会话', 'en-US': 'Clean up expired sessions' },
  'department.view': { 'zh-CN': '查看部门', 'en-US': 'View departments' },
  'department.create': { 'zh-CN': '新建部门', 'en-US': 'Create a department' },
  'department.update': { 'zh-CN': '修改部门', 'en-US': 'Change a department' },
  'department.delete': { 'zh-CN': '删除部门', 'en-US': 'Delete a department' },
  'directory.import': {
    'zh-CN': '导入组织架构（部门和人员）',
    'en-US': 'Import the organisation (departments and people)',
  },
  'user.view': { 'zh-CN': '查看人员', 'en-US': 'Look up people' },
  'user.create': { 'zh-CN': '新建账号', 'en-US': 'Create an account' },
  'user.update': { 'zh-CN': '修改人员信息', 'en-US': "Change a person's details" },
  'user.security_update': { 'zh-CN': '修改涉密等级或管理角色', 'en-US': 'Change clearance or admin role' },
  'user.profile_update': { 'zh-CN': '修改个人资料', 'en-US': 'Change own profile' },
  'user.disable': { 'zh-CN': '停用账号', 'en-US': 'Disable an account' },
  'user.enable': { 'zh-CN': '启用账号', 'en-US': 'Enable an account' },
  'user.unlock': { 'zh-CN': '解锁账号', 'en-US': 'Unlock an account' },
  'user.reset_mfa': { 'zh-CN': '重置双因素验证', 'en-US': 'Reset two-factor authentication' },
  'user.reset_password': { 'zh-CN': '重置密码', 'en-US': 'Reset a password' },
  'user.depart': { 'zh-CN': '办理离职', 'en-US': 'Record a departure' },
  'user.view_holdings': { 'zh-CN': '查看人员持有事项', 'en-US': 'View what a person holds' },
  'user.hand_over': { 'zh-CN': '移交人员持有事项', 'en-US': "Hand over a person's holdings" },
  'organisation.view_roles': { 'zh-CN': '查看组织角色', 'en-US': 'View the organisation roles' },
  'organisation.leader_in_charge_set': {
    'zh-CN': '设定部门主管领导',
    'en-US': "Set a department's leader in charge",
  },
  'organisation.general_manager_set': { 'zh-CN': '设定总经理', 'en-US': 'Set the general manager' },
  'organisation.functional_role_create': { 'zh-CN': '新建职能角色', 'en-US': 'Create a functional role' },
  'organisation.functional_role_update': { 'zh-CN': '修改职能角色', 'en-US': 'Rename a functional role' },
  'organisation.functional_role_delete': { 'zh-CN': '删除职能角色', 'en-US': 'Delete a functional role' },
  'organisation.functional_role_member_add': {
    'zh-CN': '添加职能角色成员',
    'en-US': 'Add a member to a functional role',
  },
  'organisation.functional_role_member_remove': {
    'zh-CN': '移除职能角色成员',
    'en-US': 'Remove a member from a functional role',
  },
} as const satisfies Record<string, VocabularyText>;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof IDENTITY_AUDIT_ACTIONS, true> {}
}
