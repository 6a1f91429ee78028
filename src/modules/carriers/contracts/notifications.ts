import { z } from 'zod';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/** The notices the carriers module sends, with their texts (the inbox and the e-mail render these). */
const n = z.object({ number: z.string() });
const nDue = z.object({ number: z.string(), dueOn: z.string() });

export const CARRIER_NOTICES = defineNotices({
  carrierLent: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '载体借出：{{number}}',
        body: '您借阅了涉密载体 {{number}}，请于 {{dueOn}} 前归还，不得私人留存',
      },
      'en-US': {
        title: 'Carrier lent to you: {{number}}',
        body: 'You borrowed classified carrier {{number}}; return it by {{dueOn}} and keep it nowhere else',
      },
    },
  },
  loanDueSoon: {
    params: nDue,
    text: {
      'zh-CN': { title: '借阅即将到期：{{number}}', body: '涉密载体 {{number}} 应于 {{dueOn}} 前归还' },
      'en-US': { title: 'Loan due soon: {{number}}', body: 'Classified carrier {{number}} is due back by {{dueOn}}' },
    },
  },
  loanOverdue: {
    params: nDue,
    text: {
      'zh-CN': { title: '借阅逾期：{{number}}', body: '涉密载体 {{number}} 应于 {{dueOn}} 归还，现已逾期，请立即归还' },
      'en-US': {
        title: 'Loan overdue: {{number}}',
        body: 'Classified carrier {{number}} was due back on {{dueOn}}: return it now',
      },
    },
  },
  loanExtended: {
    params: nDue,
    text: {
      'zh-CN': { title: '续借获准：{{number}}', body: '涉密载体 {{number}} 的归还日期延至 {{dueOn}}' },
      'en-US': {
        title: 'Loan extended: {{number}}',
        body: 'Classified carrier {{number}} is now due back by {{dueOn}}',
      },
    },
  },
  awaitingSignFor: {
    params: n,
    text: {
      'zh-CN': { title: '待签收：{{number}}', body: '涉密载体 {{number}} 已传递给您，请当面签收并存入保密柜' },
      'en-US': {
        title: 'To sign for: {{number}}',
        body: 'Classified carrier {{number}} has been transmitted to you: sign for it and store it',
      },
    },
  },
  circulationStarted: {
    params: nDue,
    text: {
      'zh-CN': { title: '请传阅：{{number}}', body: '涉密载体 {{number}} 请您传阅并签阅，{{dueOn}} 前完成' },
      'en-US': {
        title: 'For your reading: {{number}}',
        body: 'Read and sign off classified carrier {{number}} by {{dueOn}}',
      },
    },
  },
  circulationOverdue: {
    params: nDue,
    text: {
      'zh-CN': { title: '传阅逾期：{{number}}', body: '涉密载体 {{number}} 的传阅应于 {{dueOn}} 完成，尚有人未签阅' },
      'en-US': {
        title: 'Circulation overdue: {{number}}',
        body: 'The circulation of classified carrier {{number}} was due by {{dueOn}}; not everyone has signed off',
      },
    },
  },
  carryOutApproved: {
    params: nDue,
    text: {
      'zh-CN': {
        title: '外出携带获批：{{number}}',
        body: '涉密载体 {{number}} 的外出携带已获批准，应于 {{dueOn}} 前交回原管理部门',
      },
      'en-US': {
        title: 'Carry-out approved: {{number}}',
        body: 'Carrying out classified carrier {{number}} is approved; bring it back to its department by {{dueOn}}',
      },
    },
  },
  carryOutOverdue: {
    params: nDue,
    text: {
      'zh-CN': { title: '携带外出逾期未还：{{number}}', body: '涉密载体 {{number}} 应于 {{dueOn}} 交回，现已逾期' },
      'en-US': {
        title: 'Carried out and not back: {{number}}',
        body: 'Classified carrier {{number}} was due back on {{dueOn}} and has not been returned',
      },
    },
  },
  carrierShown: {
    params: n,
    text: {
      'zh-CN': {
        title: '经领导许可知悉：{{number}}',
        body: '经领导许可，您可知悉涉密载体 {{number}}，请按保密规定阅看，不得扩散',
      },
      'en-US': {
        title: 'You may now read: {{number}}',
        body: 'A leader has allowed you to know classified carrier {{number}}: read it as the rules require and pass it on to nobody',
      },
    },
  },
  carrierHandedOver: {
    params: n,
    text: {
      'zh-CN': { title: '载体移交：{{number}}', body: '涉密载体 {{number}} 的保管人已变更，详见载体记录' },
      'en-US': {
        title: 'Carrier handed over: {{number}}',
        body: 'The custody of classified carrier {{number}} has changed; see its record',
      },
    },
  },
  returnDiscrepancy: {
    params: n,
    text: {
      'zh-CN': { title: '归还清点不符：{{number}}', body: '涉密载体 {{number}} 归还时页数或数量与台账不符，请核查' },
      'en-US': {
        title: 'Returned incomplete: {{number}}',
        body: 'Classified carrier {{number}} came back with pages or pieces that do not match the register: check it',
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

export const CARRIER_CODE_TEXTS = {
  requestType: {
    'zh-CN': {
      'carriers.carry_out': '外出携带',
      'carriers.archive': '载体归档',
      'carriers.loan_extend': '续借',
      'carriers.show_outside': '范围外知悉',
    },
    'en-US': {
      'carriers.carry_out': 'Carry out',
      'carriers.archive': 'Archive a carrier',
      'carriers.loan_extend': 'Longer loan',
      'carriers.show_outside': 'Show outside the scope',
    },
  },
  requestEndCause: {
    'zh-CN': { loan_returned: '载体已归还，无须续借' },
    'en-US': { loan_returned: 'the carrier was returned, so the loan needs no extension' },
  },
} satisfies CodeTexts;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof CARRIER_NOTICES> {}
}
