import { z } from 'zod';
import { defineNotices, type NoticeParams } from '../../../platform/contracts/notifications.js';

// The texts live apart, without zod, so the web can import them without pulling zod into its first chunk.
export { CARRIER_CODE_TEXTS } from './code-texts.js';

/**
 * The carrier's title beside its number, only for a recipient whose `can` lets them know it (null, or
 * absent in notices stored before it was added: the text then shows the number alone).
 */
const title = z.string().nullable().optional();
const n = z.object({ number: z.string(), title });
const nDue = z.object({ number: z.string(), title, dueOn: z.string() });

/** The notices the carriers module sends, with their texts (the inbox and the e-mail render these). */
export const CARRIER_NOTICES = defineNotices({
  carrierLent: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '载体借出：{{number}}[[ “{{title}}”]]',
        body: '您借阅了涉密载体 {{number}}[[ “{{title}}”]]，请于 {{dueOn}} 前归还，不得私人留存',
      },
      'en-US': {
        title: 'Carrier lent to you: {{number}}[[ “{{title}}”]]',
        body: 'You borrowed classified carrier {{number}}[[ “{{title}}”]]; return it by {{dueOn}} and keep it nowhere else',
      },
    },
  },
  loanDueSoon: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '借阅即将到期：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 应于 {{dueOn}} 前归还',
      },
      'en-US': {
        title: 'Loan due soon: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] is due back by {{dueOn}}',
      },
    },
  },
  loanOverdue: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '借阅逾期：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 应于 {{dueOn}} 归还，现已逾期，请立即归还',
      },
      'en-US': {
        title: 'Loan overdue: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] was due back on {{dueOn}}: return it now',
      },
    },
  },
  loanExtended: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '续借获准：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 的归还日期延至 {{dueOn}}',
      },
      'en-US': {
        title: 'Loan extended: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] is now due back by {{dueOn}}',
      },
    },
  },
  awaitingSignFor: {
    params: n,
    text: {
      'zh-CN': {
        title: '待签收：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 已传递给您，请当面签收并存入保密柜',
      },
      'en-US': {
        title: 'To sign for: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] has been transmitted to you: sign for it and store it',
      },
    },
  },
  circulationStarted: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '请传阅：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 请您传阅并签阅，{{dueOn}} 前完成',
      },
      'en-US': {
        title: 'For your reading: {{number}}[[ “{{title}}”]]',
        body: 'Read and sign off classified carrier {{number}}[[ “{{title}}”]] by {{dueOn}}',
      },
    },
  },
  circulationOverdue: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '传阅逾期：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 的传阅应于 {{dueOn}} 完成，尚有人未签阅',
      },
      'en-US': {
        title: 'Circulation overdue: {{number}}[[ “{{title}}”]]',
        body: 'The circulation of classified carrier {{number}}[[ “{{title}}”]] was due by {{dueOn}}; not everyone has signed off',
      },
    },
  },
  carryOutApproved: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '外出携带获批：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 的外出携带已获批准，应于 {{dueOn}} 前交回原管理部门',
      },
      'en-US': {
        title: 'Carry-out approved: {{number}}[[ “{{title}}”]]',
        body: 'Carrying out classified carrier {{number}}[[ “{{title}}”]] is approved; bring it back to its department by {{dueOn}}',
      },
    },
  },
  carryOutOverdue: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '携带外出逾期未还：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 应于 {{dueOn}} 交回，现已逾期',
      },
      'en-US': {
        title: 'Carried out and not back: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] was due back on {{dueOn}} and has not been returned',
      },
    },
  },
  carrierShown: {
    params: n,
    text: {
      'zh-CN': {
        title: '经领导许可知悉：{{number}}[[ “{{title}}”]]',
        body: '经领导许可，您可知悉涉密载体 {{number}}[[ “{{title}}”]]，请按保密规定阅看，不得扩散',
      },
      'en-US': {
        title: 'You may now read: {{number}}[[ “{{title}}”]]',
        body: 'A leader has allowed you to know classified carrier {{number}}[[ “{{title}}”]]: read it as the rules require and pass it on to nobody',
      },
    },
  },
  carrierHandedOver: {
    params: n,
    text: {
      'zh-CN': {
        title: '载体移交：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 的保管人已变更，详见载体记录',
      },
      'en-US': {
        title: 'Carrier handed over: {{number}}[[ “{{title}}”]]',
        body: 'The custody of classified carrier {{number}}[[ “{{title}}”]] has changed; see its record',
      },
    },
  },
  returnDiscrepancy: {
    params: n,
    text: {
      'zh-CN': {
        title: '归还清点不符：{{number}}[[ “{{title}}”]]',
        body: '涉密载体 {{number}}[[ “{{title}}”]] 归还时页数或数量与台账不符，请核查',
      },
      'en-US': {
        title: 'Returned incomplete: {{number}}[[ “{{title}}”]]',
        body: 'Classified carrier {{number}}[[ “{{title}}”]] came back with pages or pieces that do not match the register: check it',
      },
    },
  },
  telegramCleanup: {
    params: z.object({ count: z.number().int() }),
    text: {
      'zh-CN': { title: '定时清理文电', body: '您保管的 {{count}} 份文电已超过清理周期，请归档或按规定处理' },
      'en-US': {
        title: 'Telegrams to clear',
        body: '{{count}} telegrams in your custody are past the clean-up interval: archive them or deal with them as the rules say',
      },
    },
  },
});

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof CARRIER_NOTICES> {}
}
