import { z } from 'zod';
import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/**
 * The sessions part of training: why it refuses a request (`error.details.problem`; the web's texts: training's
 * `problem.<code>`), what it records in the audit trail, the notices it sends.
 * Reused from elsewhere: `person_inactive`, `department_unknown`, `person_not_in_department` (a department's own
 * session and a person outside it), `course_unknown`, `course_not_published` (courses').
 */
export const SESSION_PROBLEMS = [
  'session_full', // every seat is taken (capacity)
  'not_invited', // the person is not in the course's audience and was not assigned the course
  'session_closed', // the session was held (closed) or cancelled
  'session_started', // signing up for (or withdrawing from) a session that already began
  'session_too_early', // attendance before the session opens for it, or closing it before it began
  'session_times', // the session ends before it starts (or lasts more than a day)
  'session_in_past', // a session scheduled to start in the past
  'session_has_attendance', // a session where someone attended is closed, not cancelled
  'session_capacity_below_enrolled', // the capacity is lower than the people already signed up
  'course_not_offline', // sessions are for offline courses
  'already_signed_up', // the person is already on the session's list
  'not_signed_up', // the person is not on the session's list
  'already_attended', // attendance is recorded once (the completion with it)
  'qr_invalid', // the scanned code is not a Baomi training code (forged, mistyped or of another installation)
  'session_person_unknown', // no such person
] as const;

export const SESSION_AUDIT_ACTIONS = {
  'training.session_view': { 'zh-CN': '查看线下培训场次', 'en-US': 'View a training session' },
  'training.session_create': { 'zh-CN': '安排线下培训场次', 'en-US': 'Schedule a training session' },
  'training.session_update': { 'zh-CN': '修改线下培训场次', 'en-US': 'Edit a training session' },
  'training.session_cancel': { 'zh-CN': '取消线下培训场次', 'en-US': 'Cancel a training session' },
  'training.session_close': { 'zh-CN': '结束线下培训场次（已举办）', 'en-US': 'Close a training session (held)' },
  'training.session_sign_up': { 'zh-CN': '报名线下培训', 'en-US': 'Sign up for a training session' },
  'training.session_withdraw': { 'zh-CN': '退出线下培训报名', 'en-US': 'Withdraw from a training session' },
  'training.session_enrol': { 'zh-CN': '为人员报名线下培训', 'en-US': 'Add people to a training session' },
  'training.session_remove': { 'zh-CN': '移出线下培训名单', 'en-US': 'Remove a person from a training session' },
  'training.attendance_record': { 'zh-CN': '登记培训签到', 'en-US': 'Record attendance at a training session' },
} as const satisfies Record<string, VocabularyText>;

const sessionParams = z.object({ title: z.string(), startsAt: z.string(), place: z.string() });

export const SESSION_NOTICES = defineNotices({
  trainingSessionEnrolled: {
    params: sessionParams,
    text: {
      'zh-CN': {
        title: '您已被安排参加线下培训：{{title}}',
        body: '培训「{{title}}」将于 {{startsAt}} 在 {{place}} 举行，请准时参加，并在入场时出示您的培训签到二维码',
      },
      'en-US': {
        title: 'You are on a training session: {{title}}',
        body: 'The training "{{title}}" is held at {{place}} on {{startsAt}}: be there on time and show your training QR code at the door',
      },
    },
  },
  trainingSessionCancelled: {
    params: sessionParams,
    text: {
      'zh-CN': {
        title: '线下培训已取消：{{title}}',
        body: '原定于 {{startsAt}} 在 {{place}} 举行的培训「{{title}}」已取消，请另行报名其他场次',
      },
      'en-US': {
        title: 'Training session cancelled: {{title}}',
        body: 'The training "{{title}}" planned at {{place}} on {{startsAt}} is cancelled: sign up for another session',
      },
    },
  },
});

export const SESSION_CODE_TEXTS = {} satisfies CodeTexts;

declare module '../../../platform/contracts/audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof SESSION_AUDIT_ACTIONS, true> {}
}

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof SESSION_NOTICES> {}
}
