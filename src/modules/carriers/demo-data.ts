import type { CarrierKind, Channel, HandlerDuty, LocationKind } from '../../kernel/carriers.js';
import type { Level } from '../../kernel/levels.js';

/**
 * What the demo's register holds, as a security office would have typed it into its Excel 台账: each department's
 * safes and cabinets, its designated handlers, and the carriers it keeps (documents, 文电, drawings, media,
 * laptops, meeting papers). People are the demo organisation's (modules/identity/demo.ts), by username.
 */

export interface DemoLocation {
  code: string;
  name: string;
  kind: LocationKind;
  room: string;
  department: string;
  maxLevel: Level | null;
  keyHolders: string[];
}

const PHYSICAL = '密码保险柜，双人双锁，柜体固定';
const ELECTRONIC = '门禁刷卡、视频监控、入侵报警';
export const PROTECTION = { physical: PHYSICAL, electronic: ELECTRONIC };

export const LOCATIONS: DemoLocation[] = [
  { code: 'GMO-S01', name: '总经理办公室密码保险柜', kind: 'safe', room: '行政楼 8层 801室', department: '总经理办公室', maxLevel: null, keyHolders: ['zhangwei', 'chenjing'] },
  { code: 'BMB-S01', name: '保密办公室密码保险柜', kind: 'safe', room: '行政楼 3层 305室', department: '保密办公室', maxLevel: null, keyHolders: ['liuyang', 'zhaomin'] },
  { code: 'BMB-A01', name: '涉密档案室', kind: 'archive_room', room: '行政楼 负一层 档案室', department: '保密办公室', maxLevel: null, keyHolders: ['zhaomin'] },
  { code: 'FIN-C01', name: '财务部保密柜', kind: 'secure_cabinet', room: '行政楼 5层 502室', department: '财务部', maxLevel: 'secret', keyHolders: ['sunli', 'zhouting'] },
  { code: 'RD-R01', name: '研发中心保密室', kind: 'secure_room', room: '研发楼 2层 保密室', department: '研发中心', maxLevel: null, keyHolders: ['huangzhiqiang', 'hejun'] },
  { code: 'SW-C01', name: '软件部保密柜', kind: 'secure_cabinet', room: '研发楼 4层 410室', department: '软件部', maxLevel: 'secret', keyHolders: ['linfeng', 'hejun'] },
  { code: 'HW-C01', name: '硬件部图纸保密柜', kind: 'secure_cabinet', room: '研发楼 3层 306室', department: '硬件部', maxLevel: 'secret', keyHolders: ['gaojie'] },
  { code: 'HR-C01', name: '人力资源部保密柜', kind: 'secure_cabinet', room: '行政楼 6层 602室', department: '人力资源部', maxLevel: 'confidential', keyHolders: ['guoxiaoyan', 'qianfang'] },
  { code: 'MKT-C01', name: '市场部保密柜', kind: 'secure_cabinet', room: '营销楼 2层 203室', department: '市场部', maxLevel: 'confidential', keyHolders: ['xuming'] },
]; // prettier-ignore

const ALL: HandlerDuty[] = ['produce', 'dispatch', 'transmit', 'carry_out'];

/** Designated handlers (指定人员): named by the department's head (`by`). */
export const HANDLERS: { department: string; by: string; user: string; duties: HandlerDuty[] }[] = [
  { department: '总经理办公室', by: 'zhangwei', user: 'chenjing', duties: ALL },
  { department: '总经理办公室', by: 'zhangwei', user: 'zhangwei', duties: ['produce'] },
  { department: '保密办公室', by: 'liuyang', user: 'zhaomin', duties: ALL },
  { department: '保密办公室', by: 'liuyang', user: 'liuyang', duties: ['produce', 'dispatch'] },
  { department: '财务部', by: 'sunli', user: 'zhouting', duties: ALL },
  { department: '研发中心', by: 'huangzhiqiang', user: 'huangzhiqiang', duties: ['produce', 'dispatch'] },
  { department: '软件部', by: 'linfeng', user: 'hejun', duties: ALL },
  { department: '硬件部', by: 'huangzhiqiang', user: 'gaojie', duties: ALL },
  { department: '人力资源部', by: 'guoxiaoyan', user: 'qianfang', duties: ['produce', 'dispatch', 'transmit'] },
  { department: '市场部', by: 'xuming', user: 'xuming', duties: ['produce', 'dispatch'] },
];

/** One registration (a 绝密/机密 set with several copies becomes one unit per copy). */
export interface DemoCarrier {
  key?: string;
  title: string;
  kind: CarrierKind;
  level: Level;
  years: number;
  copies: number;
  pages: number | null;
  quantity?: number;
  originator: string;
  department: string;
  /** Who registers it (a designated handler) and who keeps it. */
  registrar: string;
  custodian: string;
  location: string;
  /** Its own scope: departments by name, and the leadership role where the leaders read it. */
  scope: { departments: string[]; leadership?: boolean };
  /** Received (收文): how it came and from whom. */
  received?: { channel: Channel; from: string };
}

type Base = Omit<DemoCarrier, 'title' | 'pages' | 'copies' | 'years'>;

function series(base: Base, titles: readonly string[], opts: { years: number; copies?: number; pages?: number }) {
  return titles.map((title, i): DemoCarrier => ({
    ...base,
    title,
    years: opts.years,
    copies: opts.copies ?? 1,
    pages: base.kind === 'storage_medium' || base.kind === 'device' ? null : (opts.pages ?? 8) + ((i * 7) % 23),
  }));
}
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1));
const month = (i: number) => ((i - 1) % 12) + 1;

const gm: Base = {
  kind: 'paper_document',
  level: 'secret',
  originator: '总经理办公室',
  department: '总经理办公室',
  registrar: 'chenjing',
  custodian: 'chenjing',
  location: 'GMO-S01',
  scope: { departments: ['总经理办公室'], leadership: true },
};
const gmTop: Base = { ...gm, level: 'top_secret', registrar: 'zhangwei', custodian: 'zhangwei' };
const sec: Base = {
  kind: 'paper_document',
  level: 'confidential',
  originator: '保密办公室',
  department: '保密办公室',
  registrar: 'zhaomin',
  custodian: 'zhaomin',
  location: 'BMB-S01',
  scope: { departments: ['保密办公室'], leadership: true },
};
const fin: Base = {
  kind: 'paper_document',
  level: 'confidential',
  originator: '财务部',
  department: '财务部',
  registrar: 'zhouting',
  custodian: 'zhouting',
  location: 'FIN-C01',
  scope: { departments: ['财务部'], leadership: true },
};
const rd: Base = {
  kind: 'paper_document',
  level: 'top_secret',
  originator: '研发中心',
  department: '研发中心',
  registrar: 'huangzhiqiang',
  custodian: 'huangzhiqiang',
  location: 'RD-R01',
  scope: { departments: ['研发中心'], leadership: true },
};
const sw: Base = {
  kind: 'paper_document',
  level: 'confidential',
  originator: '软件部',
  department: '软件部',
  registrar: 'hejun',
  custodian: 'hejun',
  location: 'SW-C01',
  scope: { departments: ['研发中心'] },
};
const hw: Base = {
  ...sw,
  originator: '硬件部',
  department: '硬件部',
  registrar: 'gaojie',
  custodian: 'gaojie',
  location: 'HW-C01',
};
const hr: Base = {
  kind: 'paper_document',
  level: 'confidential',
  originator: '人力资源部',
  department: '人力资源部',
  registrar: 'qianfang',
  custodian: 'qianfang',
  location: 'HR-C01',
  scope: { departments: ['人力资源部'], leadership: true },
};
const mkt: Base = {
  kind: 'paper_document',
  level: 'confidential',
  originator: '市场部',
  department: '市场部',
  registrar: 'xuming',
  custodian: 'xuming',
  location: 'MKT-C01',
  scope: { departments: ['市场部'] },
};
const telegram = (base: Base, from: string, channel: Channel): Base => ({
  ...base,
  kind: 'telegram',
  originator: from,
  received: { channel, from },
});

const BOARDS = ['主控板', '电源板', '接口板', '射频板', '显示驱动板'];
const FIN_TOPICS = [
  '年度预算管控',
  '资金集中管理',
  '关联交易申报',
  '财务稽核',
  '税务筹划',
  '资产清查',
  '成本核算规范',
  '内部审计安排',
];
const PROJECTS = [
  '城市轨道交通信号系统',
  '电力调度自动化',
  '智慧园区安防',
  '数据中心机房改造',
  '应急指挥平台',
  '海关监管系统',
];

/** The register, department by department, in the order it is registered (oldest first). */
export function demoRegister(year: number): DemoCarrier[] {
  return [
    ...series({ ...gm, kind: 'meeting_record' }, range(12, (n) => `总经理办公会议纪要（${year}年第${n}期）`), { years: 10, copies: 3, pages: 6 }),
    ...series(gmTop, ['公司中长期发展战略规划（送审稿）', '重大资产重组方案（第二稿）', '对外投资项目尽职调查报告'], { years: 20, copies: 2, pages: 40 }),
    ...series(gm, range(6, (n) => `关于重点工作督办情况的报告（第${n}期）`), { years: 10, copies: 2, pages: 5 }),
    ...series(telegram({ ...gm, level: 'confidential' }, '集团公司办公厅', 'confidential_courier'), range(10, (n) => `集团公司办公厅密电（${year}〕${40 + n}号）`), { years: 5, pages: 2 }),
    ...series({ ...gm, kind: 'meeting_record', key: 'board' }, ['董事会会议决议（第七届第三次）', '董事会会议决议（第七届第四次）'], { years: 10, copies: 3, pages: 12 }),
    ...series({ ...sec, level: 'secret' }, [`涉密人员名册（${year}年度）`, '保密要害部门部位清单', '涉密信息系统分级保护方案'], { years: 10, copies: 2, pages: 20 }),
    ...series({ ...sec, key: 'circular' }, range(6, (n) => `保密检查情况通报（${year}年第${n}期）`), { years: 5, pages: 4 }),
    ...series(sec, [`${year}年保密工作要点`, `${year - 1}年度保密工作总结`, '保密教育培训计划', '涉密载体管理细则（修订稿）'], { years: 5, pages: 10 }),
    ...series(telegram(sec, '市国家保密局', 'confidential_courier'), range(10, (n) => `市国家保密局来电（市保〔${year}〕${n}号）`), { years: 5, pages: 2 }),
    ...series({ ...sec, kind: 'storage_medium', level: 'secret', quantity: 1 }, range(6, (n) => `涉密U盘（编号 BM-U-${String(n).padStart(3, '0')}）`), { years: 10 }),
    ...series({ ...sec, kind: 'device', level: 'secret', quantity: 1 }, range(3, (n) => `涉密便携式计算机（BM-NB-0${n}）`), { years: 10 }),
    ...series({ ...fin, key: 'monthly' }, range(10, (n) => `${year}年${month(n)}月财务分析报告`), { years: 5, pages: 14 }),
    ...series({ ...fin, level: 'secret', key: 'budget' }, [`${year + 1}年度全面预算编制方案`, `${year}年度财务决算报告（审定稿）`, '银行授信及融资安排'], { years: 10, copies: 2, pages: 30 }),
    ...series(fin, range(4, (n) => `审计工作底稿（第${n}册）`), { years: 5, pages: 60 }),
    ...series({ ...fin, originator: '集团公司财务部', received: { channel: 'confidential_courier', from: '集团公司财务部' } }, FIN_TOPICS.slice(0, 4).map((t) => `集团公司财务部关于${t}的通知`), { years: 5, pages: 4 }),
    ...series({ ...fin, kind: 'storage_medium', level: 'secret', quantity: 1 }, ['财务数据备份移动硬盘（FIN-HD-01）', '财务数据备份移动硬盘（FIN-HD-02）'], { years: 10 }),
    ...series(rd, ['新一代主控系统研制总要求', '核心算法技术方案（绝密版）'], { years: 20, copies: 2, pages: 80 }),
    ...series({ ...rd, level: 'secret' }, range(6, (n) => `新一代主控系统阶段评审报告（第${n}阶段）`), { years: 10, copies: 2, pages: 30 }),
    ...series({ ...rd, kind: 'meeting_record', level: 'secret' }, range(8, (n) => `技术评审会议纪要（${year}年第${n}次）`), { years: 10, copies: 2, pages: 8 }),
    ...series({ ...sw, key: 'spec' }, range(8, (n) => `软件需求规格说明（子系统 ${String.fromCharCode(64 + n)}）`), { years: 5, pages: 45 }),
    ...series(sw, range(4, (n) => `系统集成测试大纲（第${n}轮）`), { years: 5, pages: 28 }),
    ...series({ ...sw, kind: 'storage_medium', level: 'secret', quantity: 1 }, range(5, (n) => `源代码备份光盘（V3.${n}）`), { years: 10 }),
    ...series({ ...sw, kind: 'device', level: 'secret', quantity: 1, key: 'laptop' }, range(4, (n) => `涉密开发用笔记本电脑（SW-NB-0${n}）`), { years: 10 }),
    ...series({ ...sw, level: 'secret' }, range(6, (n) => `密码模块设计说明（第${n}部分）`), { years: 10, copies: 3, pages: 25 }),
    ...series({ ...hw, kind: 'chart', level: 'secret', key: 'drawing' }, BOARDS.flatMap((b) => [`${b}原理图（V2.${b.length}）`, `${b} PCB 布线图`]), { years: 10, copies: 2, pages: 6 }),
    ...series({ ...hw, kind: 'chart', level: 'secret' }, range(6, (n) => `整机结构装配图（图号 ZJ-${100 + n}）`), { years: 10, copies: 2, pages: 4 }),
    ...series(hw, range(6, (n) => `环境适应性试验报告（第${n}批）`), { years: 5, pages: 22 }),
    ...series({ ...hw, kind: 'storage_medium', level: 'secret', quantity: 1 }, range(3, (n) => `试验数据移动硬盘（HW-HD-0${n}）`), { years: 10 }),
    ...series({ ...hr, key: 'pay' }, [`${year + 1}年员工薪酬调整方案`, '中层干部考核结果汇总', '关键岗位继任计划'], { years: 3, pages: 16 }),
    ...series(hr, range(5, (n) => `涉密人员上岗保密审查表（第${n}批）`), { years: 5, pages: 10 }),
    ...series({ ...hr, kind: 'meeting_record' }, range(3, (n) => `干部任免会议记录（${year}年第${n}次）`), { years: 5, pages: 6 }),
    ...series(mkt, PROJECTS.map((p) => `${p}项目投标报价方案`), { years: 3, pages: 35 }),
    ...series(mkt, range(4, (n) => `市场竞争情报分析（${year}年第${n}季度）`), { years: 3, pages: 18 }),
    ...series(mkt, PROJECTS.slice(0, 3).map((p) => `${p}项目客户需求调研报告`), { years: 3, pages: 20 }),
    ...series(telegram(mkt, '集团公司市场营销部', 'classified_network'), range(3, (n) => `集团公司营销工作密电（营〔${year}〕${n}号）`), { years: 3, pages: 2 }),
  ]; // prettier-ignore
}
