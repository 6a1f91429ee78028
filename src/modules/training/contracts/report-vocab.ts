import { z } from 'zod';
import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/**
 * The reports part of training (settings, coverage and completion reports, their export, the workbench cards, the
 * daily reminder, awareness messages, publicity campaigns): why it refuses a request (`error.details.problem`; the
 * web's texts: training's `problem.<code>`), what it records in the audit trail, the notices it sends.
 */
export const REPORT_PROBLEMS = [
  'campaign_dates', // a campaign ending before it starts
  'campaign_file_type', // a campaign's file is not a PDF, PNG or JPEG (sent as what it is)
  'awareness_next_past', // an awareness message's next day before today
] as const;

export const REPORT_AUDIT_ACTIONS = {
  'training.settings_update': { 'zh-CN': '修改培训设置', 'en-US': 'Change the training settings' },
  'training.report': { 'zh-CN': '查看培训情况报表', 'en-US': 'View the training report' },
  'training.export': { 'zh-CN': '导出培训情况报表', 'en-US': 'Export the training report' },
  'training.campaign_create': { 'zh-CN': '新建保密宣传', 'en-US': 'Create a publicity campaign' },
  'training.campaign_update': { 'zh-CN': '修改保密宣传', 'en-US': 'Edit a publicity campaign' },
  'training.campaign_delete': { 'zh-CN': '删除保密宣传', 'en-US': 'Delete a publicity campaign' },
  'training.campaign_file': { 'zh-CN': '上传保密宣传资料', 'en-US': "Upload a campaign's file" },
  'training.campaign_read': { 'zh-CN': '查看保密宣传', 'en-US': 'Read a publicity campaign' },
  'training.awareness_create': { 'zh-CN': '新建保密知识提醒', 'en-US': 'Create an awareness message' },
  'training.awareness_update': { 'zh-CN': '修改保密知识提醒', 'en-US': 'Edit an awareness message' },
  'training.awareness_delete': { 'zh-CN': '删除保密知识提醒', 'en-US': 'Delete an awareness message' },
  'training.awareness_view': { 'zh-CN': '查看保密知识提醒', 'en-US': 'View the awareness messages' },
} as const satisfies Record<string, VocabularyText>;

export const REPORT_NOTICES = defineNotices({
  trainingDigest: {
    params: z.object({ due: z.number().int(), overdue: z.number().int(), expiring: z.number().int() }),
    text: {
      'zh-CN': {
        title: '保密培训提醒',
        body: '您有 {{due}} 项培训即将到期、{{overdue}} 项已逾期、{{expiring}} 项即将失效，请尽快完成',
      },
      'en-US': {
        title: 'Confidentiality training to do',
        body: 'You have {{due}} trainings due soon, {{overdue}} overdue and {{expiring}} expiring: complete them now',
      },
    },
  },
  trainingAwareness: {
    params: z.object({ title: z.string(), body: z.string() }),
    text: {
      'zh-CN': { title: '保密知识提醒：{{title}}', body: '{{body}}' },
      'en-US': { title: 'Confidentiality reminder: {{title}}', body: '{{body}}' },
    },
  },
});

export const REPORT_CODE_TEXTS = {} satisfies CodeTexts;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof REPORT_AUDIT_ACTIONS, true> {}
}

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof REPORT_NOTICES> {}
}
