import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/**
 * The courses part of training: why it refuses a request (`error.details.problem`; the web's texts: training's
 * `problem.<code>`), what it records in the audit trail, the notices it sends.
 */
export const COURSE_PROBLEMS = [
  'course_retired', // a retired course is neither edited nor published, nor taken
  'course_not_draft', // only a draft is published, and only a draft's materials are deleted or reordered
  'course_not_published', // a draft (or retired) course is not taken
  'course_offline', // an offline course is taken in sessions, not online
  'course_no_materials', // an online course is published with at least one material
  'course_no_audience', // onboarding and refresher courses are published with an audience
  'material_unknown',
  'material_order', // a reordering that does not name every material of the course once
  'material_kind_field', // a field that does not belong to the material's kind (a URL on a text...)
  'link_scheme', // a link that is not http or https
  'file_empty', // an empty upload
  'material_file_type', // a file that is not a PDF, PNG, JPEG, MP4, DOCX, PPTX or XLSX sent as what it is
  'material_not_opened', // a heartbeat or finish for a material the person has not opened
  'material_time_short', // finishing a material before its least time is spent
  'completion_unknown',
] as const;

export const COURSE_AUDIT_ACTIONS = {
  'training.course_view': { 'zh-CN': '查看培训课程', 'en-US': 'View training courses' },
  'training.course_create': { 'zh-CN': '新建培训课程', 'en-US': 'Create a training course' },
  'training.course_update': { 'zh-CN': '修改培训课程', 'en-US': 'Edit a training course' },
  'training.course_publish': { 'zh-CN': '发布培训课程', 'en-US': 'Publish a training course' },
  'training.course_retire': { 'zh-CN': '停用培训课程', 'en-US': 'Retire a training course' },
  'training.material_add': { 'zh-CN': '添加课程资料', 'en-US': 'Add a course material' },
  'training.material_update': { 'zh-CN': '修改课程资料', 'en-US': 'Edit a course material' },
  'training.material_delete': { 'zh-CN': '删除课程资料', 'en-US': 'Delete a course material' },
  'training.material_reorder': { 'zh-CN': '调整课程资料顺序', 'en-US': 'Reorder course materials' },
  'training.material_download': { 'zh-CN': '下载课程资料', 'en-US': 'Download a course material' },
  'training.learn': { 'zh-CN': '线上学习', 'en-US': 'Study online' },
  'training.complete_online': { 'zh-CN': '完成线上培训', 'en-US': 'Complete an online course' },
  'training.certificate': { 'zh-CN': '下载培训结业证书', 'en-US': 'Download a certificate of completion' },
} as const satisfies Record<string, VocabularyText>;

export const COURSE_NOTICES = defineNotices({});

export const COURSE_CODE_TEXTS = {} satisfies CodeTexts;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof COURSE_AUDIT_ACTIONS, true> {}
}

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof COURSE_NOTICES> {}
}
