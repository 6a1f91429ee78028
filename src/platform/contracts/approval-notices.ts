import { z } from 'zod';
import { REQUEST_STATUSES } from '../../kernel/approvals.js';
import { defineNotices, type NoticeParams } from './notifications.js';

/**
 * The approval engine's notices. A request's type is a code whose text the module owning the type supplies
 * (`requestType`); so is the cause that ended it (`requestEndCause`).
 */
/**
 * What the request is about, as its recipient may see it: the target's reference and, where the recipient may
 * see it, its title (`SI-2026-0001 “年度预算”`); null when the target is gone (notices stored before: absent).
 */
const about = z.string().nullable().optional();

export const APPROVAL_NOTICES = defineNotices({
  approvalPending: {
    params: z.object({ number: z.string(), type: z.string(), about }),
    codes: { type: 'requestType' },
    text: {
      'zh-CN': { title: '待审批：{{number}}', body: '{{type}}申请 {{number}}[[（{{about}}）]]等待您审批' },
      'en-US': {
        title: 'To approve: {{number}}',
        body: '{{type}} request {{number}}[[ ({{about}})]] is waiting for your approval',
      },
    },
  },
  requestDecided: {
    params: z.object({ number: z.string(), type: z.string(), status: z.enum(REQUEST_STATUSES), about }),
    codes: { type: 'requestType', status: 'requestStatus' },
    text: {
      'zh-CN': { title: '申请{{status}}：{{number}}', body: '您的{{type}}申请 {{number}}[[（{{about}}）]] {{status}}' },
      'en-US': {
        title: 'Request {{number}}: {{status}}',
        body: 'Your request {{number}} ({{type}}[[, {{about}}]]) has ended: {{status}}',
      },
    },
  },
  requestEnded: {
    params: z.object({
      number: z.string(),
      type: z.string(),
      status: z.enum(REQUEST_STATUSES),
      cause: z.string(),
      about,
    }),
    codes: { type: 'requestType', status: 'requestStatus', cause: 'requestEndCause' },
    text: {
      'zh-CN': {
        title: '申请 {{number}} 已终止',
        body: '您的申请 {{number}}（{{type}}[[，{{about}}]]）已不能生效：{{cause}}。如仍需要，请重新提出。',
      },
      'en-US': {
        title: 'Request {{number}} ended',
        body: 'Your request {{number}} ({{type}}[[, {{about}}]]) can no longer apply: {{cause}}. Ask again if it is still needed.',
      },
    },
  },
});

declare module './notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof APPROVAL_NOTICES> {}
}
