import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/** What reading the audit trail records in it, with its texts. */
export const AUDIT_MODULE_AUDIT_ACTIONS = {
  'audit.list': { 'zh-CN': '查看审计日志', 'en-US': 'Read the audit trail' },
  'audit.verify': { 'zh-CN': '校验审计链', 'en-US': 'Verify the audit chain' },
  'audit.export': { 'zh-CN': '导出审计日志', 'en-US': 'Export the audit trail' },
  'audit.settings_update': { 'zh-CN': '修改审计设置', 'en-US': 'Change the audit settings' },
  'audit.archive': { 'zh-CN': '归档审计日志', 'en-US': 'Archive audit events' },
  'audit.archive_read': { 'zh-CN': '查看审计归档', 'en-US': 'Read an audit archive segment' },
} as const satisfies Record<string, VocabularyText>;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof AUDIT_MODULE_AUDIT_ACTIONS, true> {}
}
