import type { AgreementKind, ObligationState, SignatureMethod } from '../../../kernel/agreements.js';
import type { UserStatus } from '../../../kernel/roles.js';
import type { PrintLang } from '../../../platform/print/marking.js';
import { PEOPLE_CODE_TEXTS } from './notifications.js';

/**
 * The words of the agreements report's export (CSV/XLSX) in both languages: column headers and the texts of the
 * coded values (kinds from the notices' code texts, so an export and a notice never name a kind differently).
 */
export interface ReportTexts {
  sheet: string;
  header: {
    department: string;
    name: string;
    username: string;
    post: string;
    account: string;
    leaver: string;
    agreement: string;
    kind: string;
    version: string;
    state: string;
    dueOn: string;
    signedOn: string;
    method: string;
    expiresOn: string;
  };
  kind: Record<AgreementKind, string>;
  state: Record<ObligationState, string>;
  method: Record<SignatureMethod, string>;
  account: Record<UserStatus, string>;
  yes: string;
  /** A person the report lists who has nothing to sign. */
  none: string;
  /** The version column: `第 {n} 版` / `v{n}`. */
  versionNo: (n: number) => string;
}

const ZH: ReportTexts = {
  sheet: '协议签署情况',
  header: {
    department: '部门',
    name: '姓名',
    username: '用户名',
    post: '岗位',
    account: '账号状态',
    leaver: '离职人员',
    agreement: '协议',
    kind: '类型',
    version: '版本',
    state: '签署状态',
    dueOn: '签署期限',
    signedOn: '签署日期',
    method: '签署方式',
    expiresOn: '有效期至',
  },
  kind: PEOPLE_CODE_TEXTS.agreementKind['zh-CN'],
  state: {
    signed: '已签署',
    due: '待签署',
    overdue: '逾期未签',
    resign_due: '待重新签署',
    resign_overdue: '逾期未重新签署',
    expiring: '即将到期',
  },
  method: { electronic: '电子签署', paper: '纸质签署' },
  account: { active: '正常', disabled: '已停用', departed: '已离职' },
  yes: '是',
  none: '无须签署',
  versionNo: (n) => `第 ${n} 版`,
};

const EN: ReportTexts = {
  sheet: 'Agreements',
  header: {
    department: 'Department',
    name: 'Name',
    username: 'Username',
    post: 'Post',
    account: 'Account',
    leaver: 'Leaver',
    agreement: 'Agreement',
    kind: 'Kind',
    version: 'Version',
    state: 'State',
    dueOn: 'Sign by',
    signedOn: 'Signed on',
    method: 'Method',
    expiresOn: 'Valid until',
  },
  kind: PEOPLE_CODE_TEXTS.agreementKind['en-US'],
  state: {
    signed: 'Signed',
    due: 'To sign',
    overdue: 'Overdue',
    resign_due: 'To sign again',
    resign_overdue: 'Overdue to sign again',
    expiring: 'Expiring',
  },
  method: { electronic: 'Electronic', paper: 'Paper' },
  account: { active: 'Active', disabled: 'Disabled', departed: 'Departed' },
  yes: 'Yes',
  none: 'Nothing to sign',
  versionNo: (n) => `v${n}`,
};

export function reportTexts(lang: PrintLang): ReportTexts {
  return lang === 'en-US' ? EN : ZH;
}
