/**
 * The audit trail's vocabulary: every action an event may record, typed (`AuditAction`), each with its zh-CN
 * and en-US text for the trail's readers and its exports. The platform declares its own here; each module
 * declares its own in `contracts/audit-actions.ts` and adds them to `AuditActionRegistry` by declaration
 * merging, so the platform never imports a module and a misspelt action is a type error.
 */
export interface VocabularyText {
  'zh-CN': string;
  'en-US': string;
}

export const PLATFORM_AUDIT_ACTIONS = {
  'system.init': { 'zh-CN': '初始化系统', 'en-US': 'Initialise the system' },
  'demo.load': { 'zh-CN': '加载演示数据', 'en-US': 'Load the demo organisation' },
  'settings.view': { 'zh-CN': '查看设置', 'en-US': 'View settings' },
  'settings.update': { 'zh-CN': '修改设置', 'en-US': 'Change settings' },
  'jobs.view_runs': { 'zh-CN': '查看任务运行记录', 'en-US': 'View the job runs' },
  'jobs.run_now': { 'zh-CN': '立即运行任务', 'en-US': 'Run a job now' },
  'approval.submit': { 'zh-CN': '提交申请', 'en-US': 'Submit a request' },
  'approval.view': { 'zh-CN': '查看申请', 'en-US': 'View a request' },
  'approval.decide': { 'zh-CN': '审批申请', 'en-US': 'Decide a request' },
  'approval.withdraw': { 'zh-CN': '撤回申请', 'en-US': 'Withdraw a request' },
  'approval.expire': { 'zh-CN': '申请过期', 'en-US': 'A request expired' },
  'approval.record_paper': {
    'zh-CN': '代录纸质审批意见',
    'en-US': 'Record a decision signed on paper',
  },
  'approval.evidence_upload': { 'zh-CN': '上传纸质审批扫描件', 'en-US': 'Upload the scan of a paper approval' },
  'approval.evidence_view': { 'zh-CN': '查看纸质审批扫描件', 'en-US': 'View the scan of a paper approval' },
  'approval.chains_update': { 'zh-CN': '修改审批流程', 'en-US': 'Change the approval chains' },
  'request.conflict': { 'zh-CN': '请求冲突', 'en-US': 'A request conflicted with another' },
  'audit.reanchor': { 'zh-CN': '重新锚定审计链', 'en-US': 'Re-anchor the audit chain' },
  'backup.create': { 'zh-CN': '制作备份', 'en-US': 'Make a backup' },
  'backup.prune': { 'zh-CN': '按保留规则删除备份', 'en-US': 'Delete a backup past the retention' },
  'backup.drill': { 'zh-CN': '恢复演练', 'en-US': 'Restore drill' },
} as const satisfies Record<string, VocabularyText>;

/** Every audit action: the platform's and, by declaration merging, each module's. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditActionRegistry extends Record<keyof typeof PLATFORM_AUDIT_ACTIONS, true> {}

export type AuditAction = keyof AuditActionRegistry & string;
