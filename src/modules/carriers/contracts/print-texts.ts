import type {
  CarrierKind,
  CarrierOrigin,
  CarrierStatus,
  Channel,
  DispatchDirection,
  HandlerDuty,
  Ledger,
  LocationKind,
} from '../../../kernel/carriers.js';
import { PLATFORM_CODE_TEXTS } from '../../../platform/contracts/code-texts.js';
import type { PrintLang } from '../../../platform/print/marking.js';

/**
 * The words of the carriers module's coded values (kinds, statuses, channels, duties, ledgers, history events) in
 * both languages, and the labels of its printouts and exports: one source for the ledger PDF, the XLSX/CSV export
 * and the web (which imports `CARRIER_CODE_WORDS` into its carriers namespace, as classification's does with
 * ITEM_CODE_TEXTS), so a printed ledger and the screen never name a thing differently.
 */
type Codes<K extends string> = Record<K, string>;

export interface CarrierCodeWords {
  kind: Codes<CarrierKind>;
  status: Codes<CarrierStatus>;
  channel: Codes<Channel>;
  locationKind: Codes<LocationKind>;
  duty: Codes<HandlerDuty>;
  ledger: Codes<Ledger>;
  direction: Codes<DispatchDirection>;
  origin: Codes<CarrierOrigin>;
  loanStatus: Codes<'active' | 'returned'>;
  dispatchStatus: Codes<'awaiting' | 'signed'>;
  carryOutStatus: Codes<'requested' | 'approved' | 'out' | 'returned' | 'refused' | 'cancelled'>;
  circulationStatus: Codes<'open' | 'closed'>;
  /** A carrier's history events (`carrier_events.event`); an unknown one is shown as its code. */
  historyEvent: Record<string, string>;
  level: Record<string, string>;
}

const ZH_CODES: CarrierCodeWords = {
  kind: {
    paper_document: '纸质文件',
    telegram: '文电',
    chart: '图表图纸',
    storage_medium: '存储介质',
    device: '涉密设备',
    electronic_document: '电子文件',
    meeting_record: '会议文件',
    other: '其他',
  },
  status: {
    draft: '起草中',
    in_store: '在库',
    on_loan: '借出',
    circulating: '传阅中',
    carried_out: '携带外出',
    in_transit: '传递待签收',
    dispatched: '已外发',
    archived: '已归档',
  },
  channel: {
    by_hand: '专人递送',
    confidential_courier: '机要交通',
    confidential_mail: '机要邮寄',
    encrypted_fax: '密码传真',
    classified_network: '涉密网络',
    ordinary_mail: '普通邮寄',
    email: '电子邮件',
    fax: '普通传真',
    phone: '普通电话',
    plain_telegram: '明电',
  },
  locationKind: { safe: '保险柜', secure_cabinet: '保密柜', secure_room: '保密室', archive_room: '档案室' },
  duty: { produce: '制作', dispatch: '收发', transmit: '传递', carry_out: '外出携带' },
  ledger: { personal: '个人台账', department: '部门台账', unit: '单位台账' },
  direction: { incoming: '收文', outgoing: '发文', internal: '内部传递' },
  origin: { produced: '制作', received: '收文' },
  loanStatus: { active: '借出中', returned: '已归还' },
  dispatchStatus: { awaiting: '待签收', signed: '已签收' },
  carryOutStatus: {
    requested: '审批中',
    approved: '已批准',
    out: '外出中',
    returned: '已交回',
    refused: '未获批准',
    cancelled: '已取消',
  },
  circulationStatus: { open: '传阅中', closed: '已结束' },
  historyEvent: {
    produced: '制作登记',
    received: '收文登记',
    updated: '修改信息',
    finalised: '定稿入库',
    lent: '借出',
    returned: '归还',
    extension_requested: '申请续借',
    loan_extended: '续借',
    circulated: '发起传阅',
    circulation_signed: '传阅签阅',
    show_outside_requested: '申请范围外知悉',
    shown_outside: '范围外知悉',
    dispatched: '外发',
    receipt_recorded: '登记回执',
    transmitted: '内部传递',
    signed_for: '签收',
    carry_out_requested: '申请外出携带',
    carry_out_approved: '外出携带获批',
    carry_out_refused: '外出携带未获批准',
    carry_out_cancelled: '外出携带取消',
    carried_out: '携带外出',
    carried_back: '携带交回',
    transferred: '移交保管',
    archive_requested: '申请归档',
    archived: '归档',
  },
  level: PLATFORM_CODE_TEXTS.level['zh-CN'],
};

const EN_CODES: CarrierCodeWords = {
  kind: {
    paper_document: 'Paper document',
    telegram: 'Telegram',
    chart: 'Chart or drawing',
    storage_medium: 'Storage medium',
    device: 'Classified device',
    electronic_document: 'Electronic document',
    meeting_record: 'Meeting papers',
    other: 'Other',
  },
  status: {
    draft: 'Draft',
    in_store: 'In store',
    on_loan: 'On loan',
    circulating: 'Circulating',
    carried_out: 'Carried out',
    in_transit: 'In transit',
    dispatched: 'Dispatched',
    archived: 'Archived',
  },
  channel: {
    by_hand: 'By hand',
    confidential_courier: 'Confidential courier',
    confidential_mail: 'Confidential mail',
    encrypted_fax: 'Encrypted fax',
    classified_network: 'Classified network',
    ordinary_mail: 'Ordinary mail',
    email: 'E-mail',
    fax: 'Plain fax',
    phone: 'Plain phone',
    plain_telegram: 'Plain telegram',
  },
  locationKind: {
    safe: 'Safe',
    secure_cabinet: 'Secure cabinet',
    secure_room: 'Secure room',
    archive_room: 'Archive room',
  },
  duty: { produce: 'Produce', dispatch: 'Receive and dispatch', transmit: 'Transmit', carry_out: 'Carry out' },
  ledger: { personal: 'Personal ledger', department: 'Department ledger', unit: 'Unit ledger' },
  direction: { incoming: 'Incoming', outgoing: 'Outgoing', internal: 'Internal' },
  origin: { produced: 'Produced', received: 'Received' },
  loanStatus: { active: 'On loan', returned: 'Returned' },
  dispatchStatus: { awaiting: 'Awaiting sign-for', signed: 'Signed for' },
  carryOutStatus: {
    requested: 'Awaiting approval',
    approved: 'Approved',
    out: 'Out',
    returned: 'Returned',
    refused: 'Not approved',
    cancelled: 'Cancelled',
  },
  circulationStatus: { open: 'Open', closed: 'Closed' },
  historyEvent: {
    produced: 'Produced and registered',
    received: 'Received and registered',
    updated: 'Particulars edited',
    finalised: 'Finalised',
    lent: 'Lent',
    returned: 'Returned',
    extension_requested: 'Longer loan asked for',
    loan_extended: 'Loan extended',
    circulated: 'Circulation started',
    circulation_signed: 'Signed off by a reader',
    show_outside_requested: 'Showing outside the scope asked for',
    shown_outside: 'Shown outside the scope',
    dispatched: 'Dispatched',
    receipt_recorded: 'Receipt recorded',
    transmitted: 'Transmitted',
    signed_for: 'Signed for',
    carry_out_requested: 'Carry-out asked for',
    carry_out_approved: 'Carry-out approved',
    carry_out_refused: 'Carry-out not approved',
    carry_out_cancelled: 'Carry-out cancelled',
    carried_out: 'Carried out',
    carried_back: 'Carried back',
    transferred: 'Custody handed over',
    archive_requested: 'Archiving asked for',
    archived: 'Archived',
  },
  level: PLATFORM_CODE_TEXTS.level['en-US'],
};

/** Carriers' coded values in words, per language: the printouts', the exports' and the web's (one source). */
export const CARRIER_CODE_WORDS: Record<PrintLang, CarrierCodeWords> = { 'zh-CN': ZH_CODES, 'en-US': EN_CODES };

/** The labels of the ledger printout and export. */
const ZH = {
  unitTitle: '单位涉密载体台账',
  departmentTitle: '{{department}}涉密载体台账',
  personalTitle: '{{name}}的涉密载体台账',
  listTitle: '涉密载体清单',
  sheet: '涉密载体台账',
  asOf: '制表日期 {{date}}',
  filters: '筛选：',
  filterSep: '；',
  listSep: '、',
  q: '检索“{{q}}”',
  kindIs: '类型 {{v}}',
  levelIs: '密级 {{v}}',
  statusIs: '状态 {{v}}',
  custodianIs: '保管人 {{v}}',
  locationIs: '存放位置 {{v}}',
  departmentIs: '部门 {{v}}',
  overdueOnly: '仅逾期',
  holdingOnly: '仅本人借用、携带或待签收的',
  entries: '载体（共 {{n}} 件）',
  number: '编号',
  copyNo: '份号',
  copies: '份数',
  title: '名称',
  kind: '类型',
  level: '密级',
  marking: '密级和保密期限',
  secrecyUntil: '保密期限至',
  status: '状态',
  custodian: '保管人',
  department: '部门',
  location: '存放位置',
  holder: '持有人',
  dueOn: '应还日期',
  holderDue: '持有人/应还',
  overdue: '逾期',
  yes: '是',
  updatedAt: '更新时间',
  handlers: '指定人员',
  handlerName: '姓名',
  duties: '职责',
  none: '无',
  hidden: '—',
} as const;
export type CarrierPrintWords = Record<keyof typeof ZH, string>;

const EN: CarrierPrintWords = {
  unitTitle: 'Ledger of classified carriers: the unit',
  departmentTitle: 'Ledger of classified carriers: {{department}}',
  personalTitle: 'Classified carriers of {{name}}',
  listTitle: 'Classified carriers',
  sheet: 'Classified carriers',
  asOf: 'As of {{date}}',
  filters: 'Filters: ',
  filterSep: '; ',
  listSep: ', ',
  q: 'search "{{q}}"',
  kindIs: 'kind {{v}}',
  levelIs: 'level {{v}}',
  statusIs: 'status {{v}}',
  custodianIs: 'custodian {{v}}',
  locationIs: 'location {{v}}',
  departmentIs: 'department {{v}}',
  overdueOnly: 'overdue only',
  holdingOnly: 'only what I have on loan, carry, or am to sign for or read',
  entries: 'Carriers ({{n}} in all)',
  number: 'Number',
  copyNo: 'Copy',
  copies: 'Copies',
  title: 'Title',
  kind: 'Kind',
  level: 'Level',
  marking: 'Marking',
  secrecyUntil: 'Secret until',
  status: 'Status',
  custodian: 'Custodian',
  department: 'Department',
  location: 'Location',
  holder: 'Holder',
  dueOn: 'Due',
  holderDue: 'Holder / due',
  overdue: 'Overdue',
  yes: 'Yes',
  updatedAt: 'Updated',
  handlers: 'Designated handlers',
  handlerName: 'Name',
  duties: 'Duties',
  none: 'None',
  hidden: '—',
};

export const CARRIER_PRINT_WORDS: Record<PrintLang, CarrierPrintWords> = { 'zh-CN': ZH, 'en-US': EN };

export interface CarrierPrintTexts {
  w: CarrierPrintWords;
  /** A coded value's words; an unknown code (a later version's) as it is. */
  code(group: keyof CarrierCodeWords, code: string | null): string;
  /** A label with its `{{name}}` parameters filled in. */
  fill(text: string, params: Record<string, string | number>): string;
}

export function carrierPrintTexts(lang: PrintLang): CarrierPrintTexts {
  const codes = CARRIER_CODE_WORDS[lang];
  return {
    w: CARRIER_PRINT_WORDS[lang],
    code: (group, code) => (code === null ? '—' : ((codes[group] as Record<string, string>)[code] ?? code)),
    fill: (text, params) => text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => String(params[k] ?? m)),
  };
}
