import { z } from 'zod';
import { AGREEMENT_KINDS } from '../../../kernel/agreements.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/** The notices the people module (agreements) sends, with their texts (the inbox and the e-mail render these). */
const kind = z.enum(AGREEMENT_KINDS);
const toSign = z.object({ title: z.string(), kind, dueOn: z.string() });

export const PEOPLE_NOTICES = defineNotices({
  agreementToSign: {
    params: toSign,
    codes: { kind: 'agreementKind' },
    text: {
      'zh-CN': {
        title: '请签署{{kind}}：{{title}}',
        body: '请阅读并签署{{kind}}「{{title}}」，签署期限至 {{dueOn}}',
      },
      'en-US': {
        title: 'To sign ({{kind}}): {{title}}',
        body: 'Read and sign the {{kind}} "{{title}}" by {{dueOn}}',
      },
    },
  },
  agreementResign: {
    params: toSign,
    codes: { kind: 'agreementKind' },
    text: {
      'zh-CN': {
        title: '协议新版本，请重新签署：{{title}}',
        body: '{{kind}}「{{title}}」已发布新版本，请于 {{dueOn}} 前阅读并重新签署',
      },
      'en-US': {
        title: 'New version to sign: {{title}}',
        body: 'A new version of the {{kind}} "{{title}}" was published: read and sign it by {{dueOn}}',
      },
    },
  },
  agreementDigest: {
    params: z.object({ due: z.number().int(), overdue: z.number().int(), expiring: z.number().int() }),
    text: {
      'zh-CN': {
        title: '待签署的保密协议',
        body: '您有 {{due}} 份协议待签署、{{overdue}} 份已逾期、{{expiring}} 份即将到期，请尽快签署',
      },
      'en-US': {
        title: 'Agreements to sign',
        body: 'You have {{due}} agreements to sign, {{overdue}} overdue and {{expiring}} expiring soon: sign them now',
      },
    },
  },
  departureNdaRequested: {
    params: z.object({ dueOn: z.string() }),
    text: {
      'zh-CN': {
        title: '请签署离职保密协议',
        body: '您的离职手续需要先签署离职保密协议（脱密期及离职后仍须保守所知悉的国家秘密和工作秘密），请于 {{dueOn}} 前签署',
      },
      'en-US': {
        title: 'Sign the departure NDA',
        body: 'Your departure needs the departure NDA signed first (the duty of confidentiality continues after you leave): sign it by {{dueOn}}',
      },
    },
  },
  signatureWithdrawn: {
    params: z.object({ title: z.string(), reason: z.string() }),
    text: {
      'zh-CN': {
        title: '签署记录已撤销：{{title}}',
        body: '保密办撤销了您对「{{title}}」的签署记录（原因：{{reason}}），请重新签署',
      },
      'en-US': {
        title: 'Signature withdrawn: {{title}}',
        body: 'The security office withdrew your signature of "{{title}}" (reason: {{reason}}): sign it again',
      },
    },
  },
  paperSignatureRecorded: {
    params: z.object({ title: z.string(), signedOn: z.string() }),
    text: {
      'zh-CN': {
        title: '纸质签署已登记：{{title}}',
        body: '保密办已登记您于 {{signedOn}} 纸质签署的「{{title}}」',
      },
      'en-US': {
        title: 'Paper signature recorded: {{title}}',
        body: 'The security office recorded your paper signature of "{{title}}" of {{signedOn}}',
      },
    },
  },
});

/** The texts of the agreement kinds the notices show. */
export const PEOPLE_CODE_TEXTS = {
  agreementKind: {
    'zh-CN': {
      nda: '保密协议',
      responsibility: '保密责任书',
      commitment: '保密承诺书',
      departure_nda: '离职保密协议',
      other: '保密文书',
    },
    'en-US': {
      nda: 'NDA',
      responsibility: 'responsibility letter',
      commitment: 'commitment letter',
      departure_nda: 'departure NDA',
      other: 'agreement',
    },
  },
} satisfies CodeTexts;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof PEOPLE_NOTICES> {}
}
