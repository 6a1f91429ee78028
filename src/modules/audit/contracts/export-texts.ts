import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/**
 * The words of the trail's exports, in both languages: the same as the trail's columns in the web (its i18n
 * reads the first ones from here), then the codes kept for machines.
 */
export const AUDIT_EXPORT_HEADERS = {
  seq: { 'zh-CN': '序号', 'en-US': 'No.' },
  time: { 'zh-CN': '时间', 'en-US': 'Time' },
  actor: { 'zh-CN': '操作人', 'en-US': 'Actor' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  action: { 'zh-CN': '操作', 'en-US': 'Action' },
  target: { 'zh-CN': '对象', 'en-US': 'Object' },
  result: { 'zh-CN': '结果', 'en-US': 'Result' },
  ip: { 'zh-CN': 'IP 地址', 'en-US': 'IP address' },
  requestId: { 'zh-CN': '请求 ID', 'en-US': 'Request ID' },
  details: { 'zh-CN': '详情', 'en-US': 'Details' },
  actionCode: { 'zh-CN': '操作代码', 'en-US': 'Action code' },
  actorId: { 'zh-CN': '操作人 ID', 'en-US': 'Actor ID' },
  actorAccount: { 'zh-CN': '操作人账号', 'en-US': 'Actor account' },
  roleCode: { 'zh-CN': '角色代码', 'en-US': 'Role code' },
  targetType: { 'zh-CN': '对象类型', 'en-US': 'Object type' },
  targetId: { 'zh-CN': '对象 ID', 'en-US': 'Object ID' },
  resultCode: { 'zh-CN': '结果代码', 'en-US': 'Result code' },
} as const satisfies Record<string, VocabularyText>;

export type AuditExportColumn = keyof typeof AUDIT_EXPORT_HEADERS;

export const AUDIT_RESULT_TEXTS = {
  success: { 'zh-CN': '成功', 'en-US': 'Success' },
  failure: { 'zh-CN': '失败', 'en-US': 'Failure' },
  denied: { 'zh-CN': '拒绝', 'en-US': 'Denied' },
} as const satisfies Record<string, VocabularyText>;

/** The role recorded with the jobs' own events (no person acted). */
export const AUDIT_SYSTEM_ROLE: VocabularyText = { 'zh-CN': '系统', 'en-US': 'System' };
