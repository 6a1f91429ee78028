import { z } from 'zod';
import { LEVELS } from '../../../kernel/levels.js';
import { DECLASSIFY_REASONS, REVIEW_KINDS } from '../../../kernel/secret-item.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/** The notices classification sends, with their texts (the inbox and the e-mail render these). */
export const CLASSIFICATION_NOTICES = defineNotices({
  custodyTransferred: {
    params: z.object({ number: z.string() }),
    text: {
      'zh-CN': { title: '保管移交：{{number}}', body: '保密事项 {{number}} 的保管人已变更，详见事项历史' },
      'en-US': {
        title: 'Custody handed over: {{number}}',
        body: 'The custody of secret item {{number}} has been handed over; see its history',
      },
    },
  },
  itemDeclassified: {
    params: z.object({ number: z.string(), reason: z.enum(DECLASSIFY_REASONS) }),
    codes: { reason: 'declassifyReason' },
    text: {
      'zh-CN': { title: '事项已解密：{{number}}', body: '保密事项 {{number}} 已解密（{{reason}}）' },
      'en-US': {
        title: 'Declassified: {{number}}',
        body: 'Secret item {{number}} has been declassified ({{reason}})',
      },
    },
  },
  itemReclassified: {
    params: z.object({ number: z.string(), level: z.enum(LEVELS), secrecyUntil: z.string().nullable() }),
    codes: { level: 'level' },
    text: {
      'zh-CN': {
        title: '密级变更：{{number}}',
        body: '保密事项 {{number}} 的密级变更为 {{level}}，保密期限至 {{secrecyUntil}}',
      },
      'en-US': {
        title: 'Reclassified: {{number}}',
        body: 'Secret item {{number}} is now {{level}}, secret until {{secrecyUntil}}',
      },
    },
  },
  itemExtended: {
    params: z.object({ number: z.string(), level: z.enum(LEVELS), secrecyUntil: z.string().nullable() }),
    codes: { level: 'level' },
    text: {
      'zh-CN': {
        title: '保密期限延长：{{number}}',
        body: '保密事项 {{number}}（{{level}}）的保密期限延长至 {{secrecyUntil}}',
      },
      'en-US': {
        title: 'Secrecy period extended: {{number}}',
        body: 'Secret item {{number}} ({{level}}) is now secret until {{secrecyUntil}}',
      },
    },
  },
  scopeWidened: {
    params: z.object({ number: z.string(), added: z.number().int() }),
    text: {
      'zh-CN': { title: '知悉范围扩大：{{number}}', body: '保密事项 {{number}} 的知悉范围新增 {{added}} 项' },
      'en-US': {
        title: 'Scope widened: {{number}}',
        body: '{{added}} entries were added to the need-to-know scope of secret item {{number}}',
      },
    },
  },
  emergencyAccess: {
    // `name`: who took it, by display name (notices stored before it was added show "—").
    params: z.object({ number: z.string(), name: z.string().optional(), username: z.string(), hours: z.number() }),
    text: {
      'zh-CN': {
        title: '应急访问：{{number}}',
        body: '{{name}} 对保密事项 {{number}} 进行了应急访问（{{hours}} 小时），请复核',
      },
      'en-US': {
        title: 'Emergency access: {{number}}',
        body: '{{name}} took emergency access to secret item {{number}} ({{hours}} hours); please review it',
      },
    },
  },
  emergencyUnjustified: {
    params: z.object({ number: z.string() }),
    text: {
      'zh-CN': {
        title: '应急访问被判定不合理：{{number}}',
        body: '对保密事项 {{number}} 的应急访问经复核不合理，授权已撤销',
      },
      'en-US': {
        title: 'Emergency access unjustified: {{number}}',
        body: 'The emergency access to secret item {{number}} was found unjustified; the grant is revoked',
      },
    },
  },
  grantRevoked: {
    params: z.object({ number: z.string() }),
    text: {
      'zh-CN': { title: '授权已撤销：{{number}}', body: '您对保密事项 {{number}} 的访问授权已被撤销' },
      'en-US': {
        title: 'Grant revoked: {{number}}',
        body: 'Your access grant to secret item {{number}} has been revoked',
      },
    },
  },
  reviewAssigned: {
    params: z.object({ title: z.string(), kind: z.enum(REVIEW_KINDS), dueOn: z.string() }),
    codes: { kind: 'reviewKind' },
    text: {
      'zh-CN': { title: '审查任务：{{title}}', body: '您有{{kind}}任务“{{title}}”，请于 {{dueOn}} 前完成' },
      'en-US': { title: 'Review task: {{title}}', body: 'Review "{{title}}" ({{kind}}) is due on {{dueOn}}' },
    },
  },
  itemExpiring: {
    params: z.object({ number: z.string(), secrecyUntil: z.string() }),
    text: {
      'zh-CN': {
        title: '保密期限即将届满：{{number}}',
        body: '保密事项 {{number}} 将于 {{secrecyUntil}} 到期；如需延期请及时申请',
      },
      'en-US': {
        title: 'Secrecy period ending: {{number}}',
        body: 'Secret item {{number}} is secret until {{secrecyUntil}}; request an extension in time if needed',
      },
    },
  },
});

/**
 * Texts of classification's coded values that its notices (and the approval engine's, for its request types
 * and the causes that end them) show; the web's labels for them are these too.
 */
export const CLASSIFICATION_CODE_TEXTS = {
  requestType: {
    'zh-CN': {
      'classification.classify': '定密',
      'classification.reclassify': '密级变更',
      'classification.extend': '延期',
      'classification.declassify': '解密',
      'classification.rescope': '知悉范围扩大',
      'classification.access_grant': '知悉授权',
    },
    'en-US': {
      'classification.classify': 'Classification',
      'classification.reclassify': 'Reclassification',
      'classification.extend': 'Extension',
      'classification.declassify': 'Declassification',
      'classification.rescope': 'Widen the scope',
      'classification.access_grant': 'Access grant',
    },
  },
  requestEndCause: {
    'zh-CN': {
      custodian_changed: '事项已更换保管人，由新保管人审批',
      item_declassified: '事项已解密',
      item_upgraded: '事项密级已提高，须按新密级的审批流程重新审批',
    },
    'en-US': {
      custodian_changed: 'the item has a new custodian, who decides it now',
      item_declassified: 'the item has been declassified',
      item_upgraded: 'the item has been upgraded, so the request needs the approval chain of the new level',
    },
  },
  declassifyReason: {
    'zh-CN': { expired: '保密期限届满', condition_met: '解密条件已满足', review: '审查后解密', decision: '决定解密' },
    'en-US': {
      expired: 'Secrecy period ended',
      condition_met: 'Declassification condition met',
      review: 'Declassified after review',
      decision: 'Declassified by decision',
    },
  },
  reviewKind: {
    'zh-CN': { annual: '年度审查', access: '访问审查' },
    'en-US': { annual: 'Annual review', access: 'Access review' },
  },
  /** The approver groups an item defines (the approval form names them). */
  approverGroup: {
    'zh-CN': { custodian: '保管人', classifier: '定密责任人' },
    'en-US': { custodian: 'Custodian', classifier: 'Classification authority' },
  },
} satisfies CodeTexts;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof CLASSIFICATION_NOTICES> {}
}
