/**
 * Synthetic but realistic classification data for the benchmark: an organisation of departments and people,
 * and a catalogue of secret items with Chinese titles, scopes, custodians and grants.
 *
 * Everything is drawn from a seeded generator, so a run at the same scale builds the same catalogue. The
 * rows derived from an item (its need-to-know index `item_access`, its search terms `item_terms` and its
 * `search_text`, and on PostgreSQL their copies on the item row, `principals` and `search_terms`) are
 * computed by the functions `writeAccessIndex` and `writeSearchTerms` use (src/server/repositories/
 * item-repo.ts: `accessEntriesOf`, `searchTermsOf`, `searchTextOf`; `principalToken` from item-query.ts),
 * over the domain's `accessRankOf`. Only the insertion is done in bulk.
 */
import type { AccessProfile, Actor } from '../src/kernel/actor.js';
import {
  DEFAULT_CLASSIFICATION_POLICY,
  ITEM_CATEGORIES,
  clearanceRankOf,
  type ItemCategory,
  type Level,
} from '../src/kernel/levels.js';
import type { BusinessRole, ClearanceClass } from '../src/kernel/roles.js';
import { accessRankOf, type GrantAction, type ItemStatus, type ScopeEntry } from '../src/kernel/secret-item.js';
import type { SecretItemTable } from '../src/modules/classification/schema.js';
import { principalToken } from '../src/modules/classification/repositories/item-query.js';
import { accessEntriesOf, searchTermsOf, searchTextOf } from '../src/modules/classification/repositories/item-repo.js';

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

/** Picks by weight: [value, weight][]. */
function weighted<T>(rng: Rng, xs: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of xs) total += w;
  let r = rng() * total;
  for (const [v, w] of xs) {
    r -= w;
    if (r < 0) return v;
  }
  return xs[xs.length - 1]![0];
}

/** A UUID-shaped id (the application's ids are random UUIDs; same length, same index behaviour). */
function uuid(rng: Rng): string {
  const h = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
    return s;
  };
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(rng() * 4)]}${h(3)}-${h(12)}`;
}

// ---------------------------------------------------------------------------------------------------------
// The organisation

export const DIVISIONS = 10;
export const LEAVES_PER_DIVISION = 10;
export const PEOPLE_PER_LEAF = 20;

export interface Department {
  id: string;
  parentId: string | null;
  name: string;
  code: string;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  departmentId: string;
  /** Own department first, then each parent up to the root (as departmentPath computes it). */
  path: string[];
  roles: BusinessRole[];
  clearanceClass: ClearanceClass;
  clearanceRank: number;
}

export interface Org {
  root: Department;
  divisions: Department[];
  leaves: Department[];
  departments: Department[];
  people: Person[];
  peopleByLeaf: Map<string, Person[]>;
  /** People holding a classification authority (定密责任人). */
  classifiers: Person[];
}

const DIVISION_NAMES = [
  '研发中心',
  '生产制造部',
  '财务管理部',
  '人力资源部',
  '市场营销部',
  '采购供应部',
  '战略投资部',
  '信息技术部',
  '质量安全部',
  '国际业务部',
];
const TEAM_NAMES = ['一处', '二处', '三处', '综合科', '规划科', '技术科', '业务科', '运营科', '管理科', '项目组'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建华文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';

export function buildOrg(seed = 20241123): Org {
  const rng = rngOf(seed);
  const at = (code: string, name: string, parentId: string | null): Department => ({
    id: uuid(rng),
    parentId,
    name,
    code,
  });
  const root = at('HQ', '集团公司', null);
  const divisions: Department[] = [];
  const leaves: Department[] = [];
  for (let d = 0; d < DIVISIONS; d++) {
    const div = at(`D${String(d + 1).padStart(2, '0')}`, DIVISION_NAMES[d % DIVISION_NAMES.length]!, root.id);
    divisions.push(div);
    for (let l = 0; l < LEAVES_PER_DIVISION; l++) {
      leaves.push(
        at(`${div.code}-${String(l + 1).padStart(2, '0')}`, `${div.name}${TEAM_NAMES[l % TEAM_NAMES.length]}`, div.id),
      );
    }
  }
  const people: Person[] = [];
  const peopleByLeaf = new Map<string, Person[]>();
  let n = 0;
  for (const [li, leaf] of leaves.entries()) {
    const div = divisions[Math.floor(li / LEAVES_PER_DIVISION)]!;
    const inLeaf: Person[] = [];
    for (let k = 0; k < PEOPLE_PER_LEAF; k++) {
      n++;
      const roles: BusinessRole[] = ['employee'];
      if (k === 0) roles.push('dept_head');
      if (k === 1) roles.push('dept_officer');
      if (k === 2 && li % LEAVES_PER_DIVISION === 0) roles.push('leadership');
      // Heads, officers and leadership are core (绝密) cleared; others important or general, a few core.
      const clearanceClass: ClearanceClass =
        roles.length > 1
          ? 'core'
          : weighted(rng, [
              ['core', 10],
              ['important', 50],
              ['general', 40],
            ] as const);
      const name = `${pick(rng, [...SURNAMES])}${pick(rng, [...GIVEN])}${rng() < 0.6 ? pick(rng, [...GIVEN]) : ''}`;
      const p: Person = {
        id: uuid(rng),
        username: `user${String(n).padStart(5, '0')}`,
        displayName: name,
        departmentId: leaf.id,
        path: [leaf.id, div.id, root.id],
        roles,
        clearanceClass,
        clearanceRank: clearanceRankOf(clearanceClass, DEFAULT_CLASSIFICATION_POLICY),
      };
      people.push(p);
      inLeaf.push(p);
    }
    peopleByLeaf.set(leaf.id, inLeaf);
  }
  const classifiers = people.filter((p) => p.roles.includes('dept_head')).slice(0, 40);
  return { root, divisions, leaves, departments: [root, ...divisions, ...leaves], people, peopleByLeaf, classifiers };
}

/** The person as the policy sees them, with the access profile the services attach (withAccess). */
export function actorOf(p: Person): Actor {
  const access: AccessProfile = { departmentPath: p.path, clearanceRank: p.clearanceRank };
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    departmentId: p.departmentId,
    adminRole: null,
    businessRoles: p.roles,
    clearanceClass: p.clearanceClass,
    status: 'active',
    separationUntil: null,
    access,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Titles: Chinese, from a vocabulary with a skewed frequency, so common words (报告, 方案, 合同, 财务) are
// common and others rare, as in a real catalogue.

const UNITS = [
  '集团',
  '总部',
  '华北区',
  '华东区',
  '华南区',
  '西南区',
  '西北区',
  '东北区',
  '研究院',
  '第一分厂',
  '第二分厂',
  '设计所',
  '测试中心',
  '海外事业部',
  '子公司',
  '控股公司',
];
/** [topic, category, weight] */
const TOPICS: readonly (readonly [string, ItemCategory, number])[] = [
  ['财务预算', 'finance_report', 9],
  ['年度预算', 'finance_report', 5],
  ['财务报表', 'finance_report', 6],
  ['成本核算', 'finance_report', 3],
  ['资金计划', 'finance_report', 3],
  ['税务筹划', 'finance_report', 2],
  ['采购合同', 'contract_agreement', 7],
  ['销售合同', 'contract_agreement', 5],
  ['合作协议', 'contract_agreement', 4],
  ['框架协议', 'contract_agreement', 2],
  ['投标报价', 'contract_agreement', 3],
  ['招标文件', 'contract_agreement', 3],
  ['谈判底线', 'contract_agreement', 2],
  ['薪酬调整', 'personnel_pay', 4],
  ['人事任免', 'personnel_pay', 4],
  ['干部考察', 'personnel_pay', 2],
  ['股权激励', 'personnel_pay', 2],
  ['绩效考核', 'personnel_pay', 3],
  ['技术方案', 'technology_process', 6],
  ['工艺参数', 'technology_process', 4],
  ['核心算法', 'technology_process', 2],
  ['产品设计', 'technology_process', 4],
  ['图纸资料', 'technology_process', 2],
  ['源代码', 'technology_process', 2],
  ['研发计划', 'research_result', 4],
  ['实验数据', 'research_result', 3],
  ['测试结果', 'research_result', 3],
  ['专利申请', 'research_result', 2],
  ['科研成果', 'research_result', 2],
  ['战略规划', 'strategy_plan', 4],
  ['经营计划', 'strategy_plan', 4],
  ['投资并购', 'major_decision', 3],
  ['重大项目', 'major_decision', 4],
  ['董事会决议', 'major_decision', 2],
  ['组织架构调整', 'major_decision', 2],
  ['上市筹备', 'major_decision', 1],
  ['融资安排', 'major_decision', 2],
  ['市场分析', 'unreleased_information', 3],
  ['客户名单', 'unreleased_information', 3],
  ['供应商名录', 'unreleased_information', 2],
  ['未公开财务数据', 'unreleased_information', 2],
  ['价格策略', 'unreleased_information', 2],
  ['办公会议', 'meeting_record', 4],
  ['专题会议', 'meeting_record', 3],
  ['党委会议', 'meeting_record', 2],
  ['安全评估', 'other', 2],
  ['应急预案', 'other', 2],
  ['保密检查', 'other', 2],
  ['审计整改', 'other', 2],
  ['设备清单', 'other', 2],
];
const DOC_TYPES: readonly (readonly [string, number])[] = [
  ['报告', 16],
  ['方案', 14],
  ['计划', 8],
  ['纪要', 6],
  ['请示', 5],
  ['通知', 5],
  ['意见', 4],
  ['清单', 4],
  ['说明', 4],
  ['汇报材料', 4],
  ['草案', 3],
  ['分析', 3],
  ['决定', 3],
  ['记录', 3],
  ['批复', 2],
  ['合同文本', 2],
  ['可行性研究', 2],
  ['评审意见', 2],
  ['实施细则', 2],
  ['工作总结', 3],
];
const BASES = [
  '《科学技术保密事项范围》第三条',
  '《财务工作国家秘密范围的规定》第二条',
  '《人事工作国家秘密范围的规定》第四条',
  '《公司商业秘密管理办法》第八条',
  '《经济工作保密事项范围》第五条',
  '《国有资产管理保密事项范围》第六条',
  '《公司商业秘密管理办法》第十二条',
  '《统计工作国家秘密范围的规定》第三条',
  '《审计工作国家秘密范围的规定》第七条',
  '《外事工作保密事项范围》第二条',
];
const CONTENT_PARTS = [
  '根据工作安排，',
  '经研究决定，',
  '现将有关情况报告如下：',
  '一、基本情况。',
  '二、存在问题。',
  '三、下一步措施。',
  '相关数据详见附件。',
  '请各单位严格控制知悉范围。',
  '本文件不得擅自复制、摘抄。',
];

export interface GenItem {
  row: SecretItemTable;
  scope: ScopeEntry[];
  terms: string[];
  /** The item's principals as stored on the row on PostgreSQL ('kind:ref', one per item_access row). */
  principals: string[];
}

export interface GenGrant {
  id: string;
  itemId: string;
  itemSeq: number;
  granteeId: string;
  actions: GrantAction[];
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const END = Date.UTC(2025, 10, 1);

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y + years, m - 1, d);
  return isoDate(ms);
}

/**
 * Share of the data (documented in docs/benchmarks.md): levels, statuses, scopes. A person in one of the 100
 * leaf departments is named (by department, division, role or by name) in about 1% of the catalogue.
 */
export const SHAPE = {
  levels: [
    ['top_secret', 8],
    ['secret', 32],
    ['confidential', 59.5],
    ['internal', 0.5],
  ] as const,
  statuses: [
    ['in_force', 95],
    ['proposed', 2],
    ['declassified', 0.5],
    ['rejected', 1.5],
    ['withdrawn', 1],
  ] as const,
  /** The main scope entry: the item's own leaf department, its division, a business role, or named people only. */
  primaryScope: [
    ['leaf', 85],
    ['division', 2],
    ['role', 3],
    ['people', 10],
  ] as const,
  extraPerson: 0.25,
  extraLeaf: 0.05,
};

/** Generates item `seq` (1-based) of `total`: a pure function of the seed, the org and seq. */
export class ItemGenerator {
  private readonly rng: Rng;
  constructor(
    private readonly org: Org,
    readonly total: number,
    seed = 7,
  ) {
    this.rng = rngOf(seed);
  }

  next(seq: number): GenItem {
    const rng = this.rng;
    const org = this.org;
    const createdMs =
      START + Math.floor(((END - START) * (seq - 1)) / Math.max(1, this.total)) + Math.floor(rng() * 3_600_000);
    const created = new Date(createdMs).toISOString();
    const year = new Date(createdMs).getUTCFullYear();
    const leaf = pick(rng, org.leaves);
    const staff = org.peopleByLeaf.get(leaf.id)!;
    const level = weighted(rng, SHAPE.levels) as Level;
    let status = weighted(rng, SHAPE.statuses) as ItemStatus;
    if (level === 'internal' && status === 'declassified') status = 'in_force';
    const accessRank = accessRankOf(level, status);
    const levelRank = accessRankOf(level, 'in_force');
    const cleared = staff.filter((p) => p.clearanceRank >= levelRank);
    const custodian = pick(rng, cleared.length ? cleared : staff.slice(0, 1));
    const creator = rng() < 0.7 ? custodian : staff[1]!;

    const [topic, category] = weighted(
      rng,
      TOPICS.map(([t, c, w]) => [[t, c] as const, w] as const),
    );
    const docType = weighted(rng, DOC_TYPES);
    const about = rng() < 0.2;
    const unit = rng() < 0.4 ? pick(rng, UNITS) : '';
    const yr = rng() < 0.5 ? `${year - (rng() < 0.3 ? 1 : 0)}年${rng() < 0.4 ? '度' : ''}` : '';
    const title = about ? `关于${unit}${yr}${topic}的${docType}` : `${unit}${yr}${topic}${docType}`;
    const number = `BM-${year}-${String(seq).padStart(6, '0')}`;
    const basis = pick(rng, BASES);
    let content = '';
    const parts = 3 + Math.floor(rng() * 5);
    for (let i = 0; i < parts; i++) content += pick(rng, CONTENT_PARTS);

    // Scope: the own leaf department mostly; sometimes the division, a business role or named people.
    const scope: ScopeEntry[] = [];
    const add = (s: ScopeEntry) => {
      if (!scope.some((x) => x.kind === s.kind && x.ref === s.ref)) scope.push(s);
    };
    if (level !== 'internal' || rng() < 0.5) {
      const primary = weighted(rng, SHAPE.primaryScope);
      if (primary === 'leaf') add({ kind: 'department', ref: leaf.id });
      else if (primary === 'division') add({ kind: 'department', ref: leaf.parentId! });
      else if (primary === 'role') add({ kind: 'role', ref: pick(rng, ['dept_head', 'dept_officer', 'leadership']) });
      else {
        const k = 1 + Math.floor(rng() * 3);
        for (let i = 0; i < k; i++) add({ kind: 'user', ref: pick(rng, staff).id });
      }
      if (rng() < SHAPE.extraPerson) add({ kind: 'user', ref: pick(rng, org.people).id });
      if (rng() < SHAPE.extraLeaf) add({ kind: 'department', ref: pick(rng, org.leaves).id });
    }

    const classified = level !== 'internal';
    const withPeriod = classified && rng() < 0.8;
    const maxYears = level === 'top_secret' ? 30 : level === 'secret' ? 20 : 10;
    const periodValue = withPeriod ? 1 + Math.floor(rng() * maxYears) : null;
    const marked =
      status === 'in_force' || status === 'declassified'
        ? isoDate(createdMs + (3 + Math.floor(rng() * 20)) * DAY)
        : null;
    const classifier = classified ? pick(rng, org.classifiers) : null;
    const row: SecretItemTable = {
      id: uuid(rng),
      seq,
      number,
      title,
      content,
      category,
      level,
      access_rank: accessRank,
      status,
      basis,
      period_value: periodValue,
      period_unit: withPeriod ? 'years' : null,
      declassify_condition: classified && !withPeriod ? '项目完成并公开发布后解密' : null,
      marked_on: marked,
      secrecy_until: marked && periodValue ? addYears(marked, periodValue) : null,
      classifier_id: classifier?.id ?? null,
      classifier_kind: classifier ? (rng() < 0.3 ? 'statutory' : 'designated') : 'designated',
      origin: 'original',
      source_item_id: null,
      custodian_id: custodian.id,
      department_id: leaf.id,
      next_review_on: status === 'in_force' && marked ? addYears(marked, 1) : null,
      last_reviewed_on: null,
      declassified_on: status === 'declassified' ? isoDate(createdMs + 400 * DAY) : null,
      declassify_reason: status === 'declassified' ? 'decision' : null,
      search_text: '',
      created_by: creator.id,
      created_at: created,
      updated_at: created,
      version: 1,
    };
    // As proposeItem and writeSearchTerms: title, number and basis are searchable.
    row.search_text = searchTextOf(row);
    return { row, scope, terms: searchTermsOf(row), principals: accessEntriesOf(row, scope).map(principalToken) };
  }
}

/** The rows writeAccessIndex writes for an item: scope entries, the custodian, "everyone" while open. */
export function accessRowsOf(
  item: Pick<SecretItemTable, 'seq' | 'custodian_id' | 'access_rank'>,
  scope: readonly ScopeEntry[],
) {
  return accessEntriesOf(item, scope).map((r) => ({ ...r, seq: item.seq, access_rank: item.access_rank }));
}

/** A few grants (about 0.5% of items): most expired, some revoked, about a third in force at `now`. */
export function makeGrant(rng: Rng, org: Org, item: Pick<SecretItemTable, 'id' | 'seq'>, now: number): GenGrant {
  const grantee = pick(rng, org.people);
  const active = rng() < 0.35;
  const granted = active ? now - Math.floor(rng() * 30) * DAY : now - (60 + Math.floor(rng() * 1500)) * DAY;
  const expires = granted + (7 + Math.floor(rng() * 83)) * DAY;
  const actions: GrantAction[] = rng() < 0.6 ? ['read'] : ['read', 'download'];
  return {
    id: uuid(rng),
    itemId: item.id,
    itemSeq: item.seq,
    granteeId: grantee.id,
    actions,
    grantedAt: new Date(granted).toISOString(),
    expiresAt: new Date(Math.max(expires, active ? now + DAY : expires)).toISOString(),
    revokedAt: rng() < 0.1 ? new Date(granted + DAY).toISOString() : null,
  };
}

export { ITEM_CATEGORIES };
