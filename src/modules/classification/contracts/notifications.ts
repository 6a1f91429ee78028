import { z } from 'zod';
import { LEVELS } from '../../../kernel/levels.js';
import { DECLASSIFY_REASONS, REVIEW_KINDS } from '../../../kernel/secret-item.js';
import { defineNotices, type NoticeParams } from '../../../platform/contracts/notifications.js';

// The texts live apart, without zod, so the web can import them without pulling zod into its first chunk.
export { CLASSIFICATION_CODE_TEXTS } from './code-texts.js';

/**
 * The item's title beside its number, only for a recipient whose `can` lets them know it (null, or
 * absent in notices stored before it was added: the text then shows the number alone).
 */
const title = z.string().nullable().optional();

/** The notices classification sends, with their texts (the inbox and the e-mail render these). */
export const CLASSIFICATION_NOTICES = defineNotices({
  custodyTransferred: {
    params: z.object({ number: z.string(), title }),
    text: {
      'zh-CN': {
        title: '保管移交：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]] 的保管人已变更，详见事项历史',
      },
      'en-US': {
        title: 'Custody handed over: {{number}}[[ “{{title}}”]]',
        body: 'The custody of secret item {{number}}[[ “{{title}}”]] has been handed over; see its history',
      },
    },
  },
  itemDeclassified: {
    params: z.object({ number: z.string(), title, reason: z.enum(DECLASSIFY_REASONS) }),
    codes: { reason: 'declassifyReason' },
    text: {
      'zh-CN': {
        title: '事项已解密：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]] 已解密（{{reason}}）',
      },
      'en-US': {
        title: 'Declassified: {{number}}[[ “{{title}}”]]',
        body: 'Secret item {{number}}[[ “{{title}}”]] has been declassified ({{reason}})',
      },
    },
  },
  itemReclassified: {
    params: z.object({ number: z.string(), title, level: z.enum(LEVELS), secrecyUntil: z.string().nullable() }),
    codes: { level: 'level' },
    text: {
      'zh-CN': {
        title: '密级变更：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]] 的密级变更为 {{level}}，保密期限至 {{secrecyUntil}}',
      },
      'en-US': {
        title: 'Reclassified: {{number}}[[ “{{title}}”]]',
        body: 'Secret item {{number}}[[ “{{title}}”]] is now {{level}}, secret until {{secrecyUntil}}',
      },
    },
  },
  itemExtended: {
    params: z.object({ number: z.string(), title, level: z.enum(LEVELS), secrecyUntil: z.string().nullable() }),
    codes: { level: 'level' },
    text: {
      'zh-CN': {
        title: '保密期限延长：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]]（{{level}}）的保密期限延长至 {{secrecyUntil}}',
      },
      'en-US': {
        title: 'Secrecy period extended: {{number}}[[ “{{title}}”]]',
        body: 'Secret item {{number}}[[ “{{title}}”]] ({{level}}) is now secret until {{secrecyUntil}}',
      },
    },
  },
  scopeWidened: {
    params: z.object({ number: z.string(), title, added: z.number().int() }),
    text: {
      'zh-CN': {
        title: '知悉范围扩大：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]] 的知悉范围新增 {{added}} 项',
      },
      'en-US': {
        title: 'Scope widened: {{number}}[[ “{{title}}”]]',
        body: '{{added}} entries were added to the need-to-know scope of secret item {{number}}[[ “{{title}}”]]',
      },
    },
  },
  emergencyAccess: {
    // `name`: who took it, by display name (notices stored before it was added show "—").
    params: z.object({
      number: z.string(),
      title,
      name: z.string().optional(),
      username: z.string(),
      hours: z.number(),
    }),
    text: {
      'zh-CN': {
        title: '应急访问：{{number}}[[ “{{title}}”]]',
        body: '{{name}} 对保密事项 {{number}}[[ “{{title}}”]] 进行了应急访问（{{hours}} 小时），请复核',
      },
      'en-US': {
        title: 'Emergency access: {{number}}[[ “{{title}}”]]',
        body: '{{name}} took emergency access to secret item {{number}}[[ “{{title}}”]] ({{hours}} hours); please review it',
      },
    },
  },
  emergencyUnjustified: {
    params: z.object({ number: z.string(), title }),
    text: {
      'zh-CN': {
        title: '应急访问被判定不合理：{{number}}[[ “{{title}}”]]',
        body: '对保密事项 {{number}}[[ “{{title}}”]] 的应急访问经复核不合理，授权已撤销',
      },
      'en-US': {
        title: 'Emergency access unjustified: {{number}}[[ “{{title}}”]]',
        body: 'The emergency access to secret item {{number}}[[ “{{title}}”]] was found unjustified; the grant is revoked',
      },
    },
  },
  grantRevoked: {
    params: z.object({ number: z.string(), title }),
    text: {
      'zh-CN': {
        title: '授权已撤销：{{number}}[[ “{{title}}”]]',
        body: '您对保密事项 {{number}}[[ “{{title}}”]] 的访问授权已被撤销',
      },
      'en-US': {
        title: 'Grant revoked: {{number}}[[ “{{title}}”]]',
        body: 'Your access grant to secret item {{number}}[[ “{{title}}”]] has been revoked',
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
    params: z.object({ number: z.string(), title, secrecyUntil: z.string() }),
    text: {
      'zh-CN': {
        title: '保密期限即将届满：{{number}}[[ “{{title}}”]]',
        body: '保密事项 {{number}}[[ “{{title}}”]] 将于 {{secrecyUntil}} 到期；如需延期请及时申请',
      },
      'en-US': {
        title: 'Secrecy period ending: {{number}}[[ “{{title}}”]]',
        body: 'Secret item {{number}}[[ “{{title}}”]] is secret until {{secrecyUntil}}; request an extension in time if needed',
      },
    },
  },
});

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof CLASSIFICATION_NOTICES> {}
}
