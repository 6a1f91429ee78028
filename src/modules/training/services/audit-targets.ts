import type { ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { TRAINING_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { AWARENESS_TARGET } from './awareness-service.js';
import { CAMPAIGN_TARGET } from './campaign-service.js';
import { COMPLETION_TARGET } from './certificate.js';
import { COURSE_TARGET } from './course-service.js';
import { MATERIAL_TARGET } from './material-service.js';
import { REPORT_TARGET } from './report-service.js';
import { SESSION_TARGET } from './session-service.js';

/** What the training module gives the audit trail: its actions and the names of its targets. */
export const TRAINING_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '保密培训', 'en-US': 'Training' },
  actions: TRAINING_AUDIT_ACTIONS,
  targets: {
    [COURSE_TARGET]: { text: { 'zh-CN': '培训课程', 'en-US': 'Course' } },
    [MATERIAL_TARGET]: { text: { 'zh-CN': '课程资料', 'en-US': 'Course material' } },
    [SESSION_TARGET]: { text: { 'zh-CN': '培训场次', 'en-US': 'Training session' } },
    [COMPLETION_TARGET]: { text: { 'zh-CN': '培训完成记录', 'en-US': 'Completion' } },
    [REPORT_TARGET]: { text: { 'zh-CN': '培训报表', 'en-US': 'Training report' } },
    [CAMPAIGN_TARGET]: { text: { 'zh-CN': '宣传活动', 'en-US': 'Campaign' } },
    [AWARENESS_TARGET]: { text: { 'zh-CN': '保密提醒', 'en-US': 'Awareness message' } },
    training_assignment: { text: { 'zh-CN': '培训任务', 'en-US': 'Training task' } },
    training_external: { text: { 'zh-CN': '外部证书', 'en-US': 'External certificate' } },
  },
};
