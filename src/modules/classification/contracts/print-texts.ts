import type { PrintLang } from '../../../platform/print/marking.js';
import { CLASSIFICATION_CODE_TEXTS } from './code-texts.js';

/** The words of classification's printouts (the catalogue entry), in both languages of a printout. */
const ZH = {
  title: '保密事项目录条目',
  fields: '基本信息',
  number: '编号',
  itemTitle: '名称',
  marking: '密级和保密期限',
  category: '类别',
  status: '状态',
  period: '保密期限',
  condition: '解密条件',
  markedOn: '定密日期',
  secrecyUntil: '保密期限至',
  basis: '定密依据',
  classifier: '定密责任人',
  origin: '定密方式',
  custodian: '保管人',
  department: '主办部门',
  nextReviewOn: '下次审查',
  declassifiedOn: '解密日期',
  declassifyReason: '解密原因',
  scope: '知悉范围',
  scopeKind: '类型',
  scopeWho: '人员、部门或角色',
  history: '变更记录摘要',
  when: '日期',
  who: '经办人',
  event: '事项',
  none: '无',
  years: '年',
  months: '个月',
} as const;
type PrintWords = Record<keyof typeof ZH, string>;

const EN: PrintWords = {
  title: 'Catalogue entry of a secret item',
  fields: 'Particulars',
  number: 'Number',
  itemTitle: 'Title',
  marking: 'Marking',
  category: 'Category',
  status: 'Status',
  period: 'Secrecy period',
  condition: 'Declassification condition',
  markedOn: 'Marked on',
  secrecyUntil: 'Secret until',
  basis: 'Basis',
  classifier: 'Classification authority',
  origin: 'Origin',
  custodian: 'Custodian',
  department: 'Department',
  nextReviewOn: 'Next review',
  declassifiedOn: 'Declassified on',
  declassifyReason: 'Declassification reason',
  scope: 'Who may know',
  scopeKind: 'Kind',
  scopeWho: 'Person, department or role',
  history: 'History (summary)',
  when: 'Date',
  who: 'By',
  event: 'Event',
  none: 'None',
  years: ' years',
  months: ' months',
};

type Codes = Record<string, string>;
interface PrintCodes {
  category: Codes;
  status: Codes;
  origin: Codes;
  classifierKind: Codes;
  scopeKind: Codes;
  role: Codes;
  historyEvent: Codes;
  declassifyReason: Codes;
}

const ZH_CODES: PrintCodes = {
  category: {
    major_decision: '重大决策',
    strategy_plan: '战略规划',
    contract_agreement: '合同协议',
    finance_report: '财务报告',
    personnel_pay: '人事薪酬',
    unreleased_information: '未公开信息',
    technology_process: '技术工艺',
    research_result: '科研成果',
    meeting_record: '会议记录',
    other: '其他',
  },
  status: { proposed: '待定密', in_force: '有效', declassified: '已解密', rejected: '已驳回', withdrawn: '已撤回' },
  origin: { original: '原始定密', derivative: '派生定密' },
  classifierKind: { statutory: '法定定密责任人', designated: '指定定密责任人' },
  scopeKind: { user: '人员', department: '部门', role: '角色' },
  role: { employee: '员工', dept_officer: '部门保密员', dept_head: '部门负责人', leadership: '单位领导' },
  historyEvent: {
    proposed: '提出定密',
    classified: '定密生效',
    edited: '修改',
    reclassified: '密级变更',
    extended: '保密期限延长',
    custody_transferred: '移交保管',
    rescoped: '知悉范围扩大',
    declassified: '解密',
    rejected: '定密被驳回',
    withdrawn: '定密申请撤回',
    reviewed: '年度审查',
    access_reviewed: '访问审查',
  },
  declassifyReason: CLASSIFICATION_CODE_TEXTS.declassifyReason['zh-CN'],
};

const EN_CODES: PrintCodes = {
  category: {
    major_decision: 'Major decision',
    strategy_plan: 'Strategy and plans',
    contract_agreement: 'Contracts and agreements',
    finance_report: 'Financial reports',
    personnel_pay: 'Personnel and pay',
    unreleased_information: 'Unreleased information',
    technology_process: 'Technology and processes',
    research_result: 'Research results',
    meeting_record: 'Meeting records',
    other: 'Other',
  },
  status: {
    proposed: 'Proposed',
    in_force: 'In force',
    declassified: 'Declassified',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
  },
  origin: { original: 'Original', derivative: 'Derivative' },
  classifierKind: { statutory: 'Statutory authority', designated: 'Designated authority' },
  scopeKind: { user: 'Person', department: 'Department', role: 'Role' },
  role: {
    employee: 'Employee',
    dept_officer: 'Department officer',
    dept_head: 'Department head',
    leadership: 'Leadership',
  },
  historyEvent: {
    proposed: 'Proposed',
    classified: 'Classification in force',
    edited: 'Edited',
    reclassified: 'Reclassified',
    extended: 'Secrecy period extended',
    custody_transferred: 'Custody handed over',
    rescoped: 'Scope widened',
    declassified: 'Declassified',
    rejected: 'Classification rejected',
    withdrawn: 'Classification withdrawn',
    reviewed: 'Annual review',
    access_reviewed: 'Access review',
  },
  declassifyReason: CLASSIFICATION_CODE_TEXTS.declassifyReason['en-US'],
};

/** An item's coded values in words, per language: the printouts' and the web's (one source). */
export const ITEM_CODE_TEXTS: Record<PrintLang, PrintCodes> = { 'zh-CN': ZH_CODES, 'en-US': EN_CODES };

export interface ItemPrintTexts {
  w: PrintWords;
  /** A coded value's words; an unknown code (a later version's) as it is. */
  code(group: keyof PrintCodes, code: string | null): string;
}

export function itemPrintTexts(lang: PrintLang): ItemPrintTexts {
  const codes = lang === 'zh-CN' ? ZH_CODES : EN_CODES;
  return {
    w: lang === 'zh-CN' ? ZH : EN,
    code: (group, code) => (code === null ? '—' : (codes[group][code] ?? code)),
  };
}
