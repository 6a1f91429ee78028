import { z } from 'zod';
import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';
import { ASSIGNMENT_SOURCES } from '../../../kernel/training.js';

/**
 * The records part of training: why it refuses a request (`error.details.problem`; the web's texts: training's
 * `problem.<code>`), what it records in the audit trail, the notices it sends.
 * Reused from elsewhere: `person_inactive` (people's), `course_unknown`, `course_not_published` (courses').
 */
export const RECORD_PROBLEMS = [
  'record_person_unknown', // a person named in the request does not exist
  'completed_on_future', // a completion or certificate dated after today
  'record_file_type', // the evidence or certificate file is not a PDF, PNG or JPEG sent as what it is
  'record_file_empty', // an empty evidence or certificate file
  'external_expiry_before', // an external certificate expiring before it was obtained
  'due_on_past', // a follow-up task due before today
  'assignment_closed', // a follow-up task already met or cancelled
] as const;

export const RECORD_AUDIT_ACTIONS = {
  'training.view_person': { 'zh-CN': '查看人员培训档案', 'en-US': "View a person's training record" },
  'training.record_completion': { 'zh-CN': '登记培训完成（线下/外部举办）', 'en-US': 'Record a training completion' },
  'training.view_evidence': { 'zh-CN': '查看培训完成证明材料', 'en-US': 'View the evidence of a recorded completion' },
  'training.assign': { 'zh-CN': '布置后续培训任务', 'en-US': 'Assign follow-up training' },
  'training.cancel_assignment': { 'zh-CN': '取消后续培训任务', 'en-US': 'Cancel a follow-up training task' },
  'training.record_external': { 'zh-CN': '登记外部培训证书', 'en-US': 'Record an external training certificate' },
  'training.view_external': { 'zh-CN': '查看外部培训证书文件', 'en-US': 'View an external certificate file' },
} as const satisfies Record<string, VocabularyText>;

export const RECORD_NOTICES = defineNotices({
  trainingAssigned: {
    params: z.object({ title: z.string(), dueOn: z.string(), reason: z.string(), source: z.enum(ASSIGNMENT_SOURCES) }),
    codes: { source: 'trainingAssignmentSource' },
    text: {
      'zh-CN': {
        title: '您有一项后续培训任务：{{title}}',
        body: '因{{source}}（{{reason}}），请于 {{dueOn}} 前完成培训「{{title}}」',
      },
      'en-US': {
        title: 'Follow-up training for you: {{title}}',
        body: 'After {{source}} ({{reason}}), complete the training "{{title}}" by {{dueOn}}',
      },
    },
  },
  trainingAssignmentCancelled: {
    params: z.object({ title: z.string() }),
    text: {
      'zh-CN': { title: '后续培训任务已取消：{{title}}', body: '培训「{{title}}」的后续培训任务已由保密办取消' },
      'en-US': {
        title: 'Follow-up training cancelled: {{title}}',
        body: 'The security office cancelled the follow-up task for the training "{{title}}"',
      },
    },
  },
  trainingCompletionRecorded: {
    params: z.object({ title: z.string(), completedOn: z.string(), certificateNo: z.string() }),
    text: {
      'zh-CN': {
        title: '已登记您完成培训：{{title}}',
        body: '保密办已登记您于 {{completedOn}} 完成培训「{{title}}」，结业证书编号 {{certificateNo}}',
      },
      'en-US': {
        title: 'Training completion recorded: {{title}}',
        body: 'The security office recorded that you completed "{{title}}" on {{completedOn}} (certificate {{certificateNo}})',
      },
    },
  },
  trainingExternalRecorded: {
    params: z.object({ title: z.string(), provider: z.string() }),
    text: {
      'zh-CN': {
        title: '已为您登记外部培训证书：{{title}}',
        body: '保密办已为您登记「{{provider}}」颁发的培训证书「{{title}}」',
      },
      'en-US': {
        title: 'External certificate recorded for you: {{title}}',
        body: 'The security office recorded your certificate "{{title}}" from {{provider}}',
      },
    },
  },
});

export const RECORD_CODE_TEXTS = {
  trainingAssignmentSource: {
    'zh-CN': { incident: '泄密事件', finding: '检查发现的问题', manual: '保密办安排' },
    'en-US': { incident: 'an incident', finding: 'an inspection finding', manual: "the security office's decision" },
  },
} satisfies CodeTexts;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof RECORD_AUDIT_ACTIONS, true> {}
}

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof RECORD_NOTICES> {}
}
