import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/** What the people module (agreements) records in the audit trail, with its texts. */
export const PEOPLE_AUDIT_ACTIONS = {
  'agreement.template_view': { 'zh-CN': '查看协议模板', 'en-US': 'View agreement templates' },
  'agreement.template_create': { 'zh-CN': '新建协议模板', 'en-US': 'Create an agreement template' },
  'agreement.template_update': { 'zh-CN': '修改协议模板草稿', 'en-US': "Edit an agreement template's draft" },
  'agreement.template_preview': { 'zh-CN': '预览协议模板', 'en-US': 'Preview an agreement template' },
  'agreement.template_publish': { 'zh-CN': '发布协议新版本', 'en-US': 'Publish a new agreement version' },
  'agreement.template_retire': { 'zh-CN': '停用协议模板', 'en-US': 'Retire an agreement template' },
  'agreement.read': { 'zh-CN': '阅读协议文本', 'en-US': 'Read an agreement text' },
  'agreement.view_person': { 'zh-CN': '查看人员签署情况', 'en-US': "View a person's agreements" },
  'agreement.sign': { 'zh-CN': '签署协议', 'en-US': 'Sign an agreement' },
  'agreement.upload_scan': { 'zh-CN': '上传纸质协议扫描件', 'en-US': 'Upload a signed paper scan' },
  'agreement.record_paper': { 'zh-CN': '登记纸质签署', 'en-US': 'Record a paper signature' },
  'agreement.withdraw': { 'zh-CN': '撤销签署记录', 'en-US': 'Withdraw a signature' },
  'agreement.print_signed': { 'zh-CN': '下载签署件', 'en-US': 'Download a signed copy' },
  'agreement.view_scan': { 'zh-CN': '查看纸质签署扫描件', 'en-US': 'View a paper signature scan' },
  'agreement.ask_leaver': { 'zh-CN': '要求离职人员签署离职保密协议', 'en-US': 'Ask a leaver for the departure NDA' },
  'agreement.view_leavers': { 'zh-CN': '查看离职人员名单', 'en-US': 'View the leaver list' },
  'agreement.report': { 'zh-CN': '查看协议签署报表', 'en-US': 'View the agreements report' },
  'agreement.export': { 'zh-CN': '导出协议签署报表', 'en-US': 'Export the agreements report' },
  'agreement.settings_update': { 'zh-CN': '修改协议设置', 'en-US': 'Change the agreement settings' },
  'agreement.sign_in_held': { 'zh-CN': '登录暂停：须先签署协议', 'en-US': 'Sign-in held until agreements are signed' },
  'agreement.departure_refused': {
    'zh-CN': '离职受阻：离职保密协议未签署',
    'en-US': 'Departure refused: departure NDA not signed',
  },
} as const satisfies Record<string, VocabularyText>;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof PEOPLE_AUDIT_ACTIONS, true> {}
}
