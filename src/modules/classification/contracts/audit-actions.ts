import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/** What classification records in the audit trail (the catalogue, grants, reviews, authorities), with its texts. */
export const CLASSIFICATION_AUDIT_ACTIONS = {
  'item.propose': { 'zh-CN': '提出定密', 'en-US': 'Propose a classification' },
  'item.classify': { 'zh-CN': '定密生效', 'en-US': 'Classification in force' },
  'item.reclassify': { 'zh-CN': '变更密级', 'en-US': 'Change the level' },
  'item.extend': { 'zh-CN': '延长保密期限', 'en-US': 'Extend the secrecy period' },
  'item.declassify': { 'zh-CN': '解密', 'en-US': 'Declassify' },
  'item.rescope': { 'zh-CN': '变更知悉范围', 'en-US': 'Change who may know' },
  'item.request_reclassify': { 'zh-CN': '申请变更密级', 'en-US': 'Ask to change the level' },
  'item.request_extend': { 'zh-CN': '申请延长保密期限', 'en-US': 'Ask to extend the secrecy period' },
  'item.request_declassify': { 'zh-CN': '申请解密', 'en-US': 'Ask to declassify' },
  'item.request_rescope': { 'zh-CN': '申请变更知悉范围', 'en-US': 'Ask to change who may know' },
  'item.update': { 'zh-CN': '修改保密事项信息', 'en-US': 'Edit an item' },
  'item.transfer_custody': { 'zh-CN': '移交保管', 'en-US': 'Hand over custody' },
  'item.view': { 'zh-CN': '查看保密事项', 'en-US': 'View an item' },
  'item.view_metadata': { 'zh-CN': '查看保密事项信息', 'en-US': "View an item's particulars" },
  'item.read': { 'zh-CN': '阅读保密事项内容', 'en-US': "Read an item's content" },
  'item.download': { 'zh-CN': '下载保密事项', 'en-US': 'Download an item' },
  'item.print': { 'zh-CN': '打印保密事项', 'en-US': 'Print an item' },
  'item.copy': { 'zh-CN': '复制保密事项', 'en-US': 'Copy an item' },
  'item.excerpt': { 'zh-CN': '摘抄保密事项', 'en-US': 'Excerpt an item' },
  'item.lend': { 'zh-CN': '借出保密事项', 'en-US': 'Lend an item' },
  'item.edit': { 'zh-CN': '编辑保密事项', 'en-US': 'Edit an item' },
  'item.destroy': { 'zh-CN': '销毁保密事项', 'en-US': 'Destroy an item' },
  'item.review': { 'zh-CN': '复核保密事项', 'en-US': 'Review an item' },
  'item.manage_grants': { 'zh-CN': '管理授权', 'en-US': 'Manage access grants' },
  'item.request_access': { 'zh-CN': '申请知悉', 'en-US': 'Ask for access' },
  'item.emergency_access': { 'zh-CN': '应急访问', 'en-US': 'Emergency access' },
  'item.export': { 'zh-CN': '导出保密事项目录', 'en-US': 'Export the catalogue' },
  'grant.create': { 'zh-CN': '授予知悉权限', 'en-US': 'Grant access' },
  'grant.emergency': { 'zh-CN': '应急访问授权', 'en-US': 'Emergency access grant' },
  'grant.revoke': { 'zh-CN': '撤销授权', 'en-US': 'Revoke a grant' },
  'grant.review': { 'zh-CN': '复核应急访问', 'en-US': 'Review an emergency access' },
  'review.campaign_create': { 'zh-CN': '发起复核', 'en-US': 'Start a review' },
  'review.campaign_close': { 'zh-CN': '结束复核', 'en-US': 'Close a review' },
  'review.campaign_list': { 'zh-CN': '查看复核活动', 'en-US': 'List reviews' },
  'review.task_view': { 'zh-CN': '查看复核任务', 'en-US': 'View a review task' },
  'review.decide': { 'zh-CN': '作出复核结论', 'en-US': 'Decide a review task' },
  'classifier.view': { 'zh-CN': '查看定密责任人', 'en-US': 'View classification authorities' },
  'classifier.appoint': { 'zh-CN': '指定定密责任人', 'en-US': 'Appoint a classification authority' },
  'classifier.revoke': { 'zh-CN': '撤销定密责任人', 'en-US': 'Revoke a classification authority' },
  'classification.settings_update': { 'zh-CN': '修改定密设置', 'en-US': 'Change the classification settings' },
  'classification.chains_update': { 'zh-CN': '修改审批流程', 'en-US': 'Change the approval chains' },
} as const satisfies Record<string, VocabularyText>;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof CLASSIFICATION_AUDIT_ACTIONS, true> {}
}
