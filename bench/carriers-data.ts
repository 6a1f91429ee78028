/**
 * A synthetic but realistic register of classified carriers for the benchmark (section 7): the catalogue's
 * organisation (bench/classification-data.ts) plus the people a register needs above the leaf departments
 * (a head and a confidentiality officer per division, the security administrator), storage locations, designated
 * handlers, and carriers with Chinese titles, numbered copies, scopes, custodians, linked secret items and open
 * movements (loans, carry-outs, circulations, internal hand-overs awaiting their sign-for).
 *
 * Everything comes from a seeded generator, so a run at the same scale builds the same register. The rows derived
 * from a carrier are computed as the repository computes them (src/modules/carriers/repositories/carrier-repo.ts):
 * `search_text` by `searchTextOf`, the terms by `indexTerms` over the same fields as `writeCarrierTerms`, the
 * numbers by `formatRegisterNumber`/`unitNumbers`, the holders by `holdersOf` over the open movements, and the
 * access rows by `carrierAccessRows` below, which follows `writeCarrierAccess` line by line; bench/carriers.ts
 * checks a sample against rows written through `registerCarrier` and through `refreshCarrierAccess`.
 */
// The module list first, as the server loads it (see bench/carriers.ts).
import '../src/platform/modules.js';
import type { Actor } from '../src/kernel/actor.js';
import type { CarrierKind, CarrierStatus } from '../src/kernel/carriers.js';
import { DEFAULT_CLASSIFICATION_POLICY, clearanceRankOf, rankOf, type Level } from '../src/kernel/levels.js';
import { indexTerms } from '../src/kernel/search-terms.js';
import type { BusinessRole, ClearanceClass } from '../src/kernel/roles.js';
import type { ScopeEntry } from '../src/kernel/secret-item.js';
import {
  DEFAULT_NUMBER_SCHEME,
  formatRegisterNumber,
  unitNumbers,
} from '../src/modules/carriers/domain/register-rules.js';
import {
  holderIdsOf,
  holdersOf,
  searchTextOf,
  type Holders,
  type OpenMovements,
} from '../src/modules/carriers/repositories/carrier-repo.js';
import type {
  CarrierCarryOutTable,
  CarrierCirculationReaderTable,
  CarrierCirculationTable,
  CarrierDispatchTable,
  CarrierLoanTable,
  CarrierTable,
  StorageLocationTable,
} from '../src/modules/carriers/schema.js';
import { buildOrg, pick, rngOf, type Department, type Org, type Person, type Rng } from './classification-data.js';

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

function uuid(rng: Rng): string {
  const h = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
    return s;
  };
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(rng() * 4)]}${h(3)}-${h(12)}`;
}

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------
// The organisation: the catalogue's, plus division heads and officers and the security administrator.

export interface CarrierOrg extends Org {
  /** Head, confidentiality officer and three members of each division (in the division itself). */
  divisionStaff: Map<string, Person[]>;
  /** Everyone, the catalogue's people first. */
  everyone: Person[];
  secadmin: Person;
  locations: StorageLocationTable[];
  /** Per department: [safe for any level, cabinet capped at 秘密]. */
  locationsOf: Map<string, StorageLocationTable[]>;
  /** Designated handlers: [departmentId, userId, duty]. */
  handlers: [string, string, string][];
}

const DUTIES = ['produce', 'dispatch', 'transmit', 'carry_out'] as const;

export function buildCarrierOrg(nowIso: string): CarrierOrg {
  const org = buildOrg();
  const rng = rngOf(4711);
  const person = (dept: Department, path: string[], n: number, roles: BusinessRole[], cls: ClearanceClass): Person => ({
    id: uuid(rng),
    username: `c${String(n).padStart(5, '0')}`,
    displayName: `${dept.name}${roles.includes('dept_head') ? '主任' : roles.includes('dept_officer') ? '保密员' : `职员${n % 100}`}`,
    departmentId: dept.id,
    path,
    roles,
    clearanceClass: cls,
    clearanceRank: clearanceRankOf(cls, DEFAULT_CLASSIFICATION_POLICY),
  });
  const divisionStaff = new Map<string, Person[]>();
  const extra: Person[] = [];
  let n = 0;
  for (const div of org.divisions) {
    const path = [div.id, org.root.id];
    const staff = [
      person(div, path, ++n, ['employee', 'dept_head'], 'core'),
      person(div, path, ++n, ['employee', 'dept_officer'], 'core'),
      person(div, path, ++n, ['employee'], 'important'),
      person(div, path, ++n, ['employee'], 'important'),
      person(div, path, ++n, ['employee'], 'general'),
    ];
    divisionStaff.set(div.id, staff);
    extra.push(...staff);
  }
  const secadmin = person(org.root, [org.root.id], ++n, ['employee'], 'core');
  secadmin.displayName = '保密办安全保密管理员';
  extra.push(secadmin);

  const locations: StorageLocationTable[] = [];
  const locationsOf = new Map<string, StorageLocationTable[]>();
  const handlers: [string, string, string][] = [];
  const officerOf = (d: Department) =>
    d.parentId === org.root.id ? divisionStaff.get(d.id)![1]! : org.peopleByLeaf.get(d.id)![1]!;
  for (const d of [...org.divisions, ...org.leaves]) {
    const officer = officerOf(d);
    const loc = (suffix: string, kind: string, name: string, maxLevel: Level | null): StorageLocationTable => ({
      id: uuid(rng),
      code: `${d.code}-${suffix}`,
      name: `${d.name}${name}`,
      kind,
      room: `${d.code} 保密室`,
      department_id: d.id,
      max_level: maxLevel,
      physical_protection: '密码保险柜，双人双锁',
      electronic_protection: '门禁与视频监控',
      key_holder_ids: JSON.stringify([officer.id]),
      active: 1,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
    });
    const mine = [loc('SAFE', 'safe', '保密柜', null), loc('CAB', 'secure_cabinet', '文件柜', 'confidential')];
    locations.push(...mine);
    locationsOf.set(d.id, mine);
    for (const duty of DUTIES) handlers.push([d.id, officer.id, duty]);
  }
  return {
    ...org,
    divisionStaff,
    everyone: [...org.people, ...extra],
    secadmin,
    locations,
    locationsOf,
    handlers,
  };
}

/** The person as the session hands them to a service: no access profile yet (listScope attaches it). */
export function sessionActorOf(p: Person, adminRole: Actor['adminRole'] = null): Actor {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    departmentId: p.departmentId,
    adminRole,
    businessRoles: p.roles,
    clearanceClass: p.clearanceClass,
    status: 'active',
    separationUntil: null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Carriers

/** An in-force classified secret item a carrier may be linked to (its marking then comes from the item). */
export interface LinkableItem {
  id: string;
  seq: number;
  department_id: string;
  level: string;
  period_value: number | null;
  period_unit: string | null;
  declassify_condition: string | null;
  marked_on: string | null;
  secrecy_until: string | null;
  title: string;
  /** Its `item_access` rows as 'kind:ref' tokens with its rank: what a linked carrier copies (`linked` rows). */
  readers: { token: string; rank: number }[];
}

/**
 * Shares of the register (documented in docs/benchmarks.md). Statuses depend on age: older carriers are more often
 * archived; drafts are recent.
 */
export const CARRIER_SHAPE = {
  kinds: [
    ['paper_document', 52],
    ['telegram', 12],
    ['chart', 7],
    ['storage_medium', 10],
    ['device', 3],
    ['electronic_document', 6],
    ['meeting_record', 8],
    ['other', 2],
  ] as const satisfies readonly (readonly [CarrierKind, number])[],
  levels: [
    ['confidential', 60],
    ['secret', 32],
    ['top_secret', 8],
  ] as const,
  /** Of the carriers of a leaf department; the rest belong to a division itself. */
  leafShare: 0.92,
  linkedItem: 0.3,
  received: 0.4,
  /** Scope: the carrier's own department, its division, a business role, named people, or none (custodian only). */
  scope: [
    ['own', 60],
    ['division', 6],
    ['role', 4],
    ['people', 15],
    ['none', 15],
  ] as const,
  extraPerson: 0.1,
  extraLeaf: 0.03,
  /** Custodians of a leaf department's carriers: its officer (the designated handler), its head, or a member. */
  custodian: [
    ['officer', 65],
    ['head', 10],
    ['member', 25],
  ] as const,
  /** Open movements (the rest: in store, archived, dispatched or draft by age). */
  onLoan: 0.025,
  circulating: 0.005,
  carriedOut: 0.003,
  inTransit: 0.005,
  dispatched: 0.05,
};

const TOPICS: readonly (readonly [string, number])[] = [
  ['财务预算', 9],
  ['年度预算', 5],
  ['财务报表', 6],
  ['成本核算', 3],
  ['资金计划', 3],
  ['采购合同', 7],
  ['销售合同', 5],
  ['合作协议', 4],
  ['投标报价', 3],
  ['招标文件', 3],
  ['薪酬调整', 4],
  ['人事任免', 4],
  ['干部考察', 2],
  ['股权激励', 2],
  ['技术方案', 6],
  ['工艺参数', 4],
  ['核心算法', 2],
  ['产品设计', 4],
  ['图纸资料', 3],
  ['源代码', 2],
  ['研发计划', 4],
  ['实验数据', 3],
  ['测试结果', 3],
  ['专利申请', 2],
  ['战略规划', 4],
  ['经营计划', 4],
  ['投资并购', 3],
  ['重大项目', 4],
  ['董事会决议', 2],
  ['组织架构调整', 2],
  ['市场分析', 3],
  ['客户名单', 3],
  ['安全评估', 2],
  ['应急预案', 2],
  ['保密检查', 3],
  ['审计整改', 2],
  ['设备清单', 2],
  ['办公会议', 4],
  ['专题会议', 3],
];
const DOC_TYPES: readonly (readonly [string, number])[] = [
  ['报告', 16],
  ['方案', 14],
  ['计划', 8],
  ['纪要', 6],
  ['请示', 5],
  ['通知', 6],
  ['意见', 4],
  ['清单', 4],
  ['汇报材料', 4],
  ['草案', 3],
  ['决定', 3],
  ['批复', 3],
  ['工作总结', 3],
];
const MEDIA = ['涉密U盘', '移动硬盘', '光盘', '涉密笔记本电脑', '存储卡', '涉密打印机硬盘'];
const SENDERS = ['上级机关', '国家保密局', '省国资委', '集团总部', '合作研究院', '审计署特派办', '某军工集团'];

export interface GenCarrier {
  row: CarrierTable;
  scope: ScopeEntry[];
  holders: Holders;
  terms: string[];
  /** The carrier_access rows (kind, ref, and a rank where not the carrier's) writeCarrierAccess writes for it. */
  access: AccessRow[];
  loan?: CarrierLoanTable;
  carryOut?: CarrierCarryOutTable;
  dispatch?: CarrierDispatchTable;
  circulation?: { circulation: CarrierCirculationTable; readers: CarrierCirculationReaderTable[] };
}

export interface AccessRow {
  kind: string;
  ref: string;
  /** The row's rank when it is not the carrier's (a linked item's reader: the higher of the two). */
  rank?: number;
}

/**
 * The rows `writeCarrierAccess` writes (src/modules/carriers/repositories/carrier-repo.ts), in the same order and
 * with the same de-duplication: custodian, the department (the ledger), the linked item (by its seq, and a copy of
 * its readers), the scope, the holders.
 */
export function carrierAccessRows(
  c: Pick<CarrierTable, 'custodian_id' | 'department_id' | 'access_rank'>,
  item: Pick<LinkableItem, 'seq' | 'readers'> | null,
  scope: readonly ScopeEntry[],
  holders: Holders,
): AccessRow[] {
  const rows = new Map<string, AccessRow>();
  const add = (kind: string, ref: string, rank?: number) =>
    rows.set(`${kind}:${ref}`, rank === undefined ? { kind, ref } : { kind, ref, rank });
  add('custodian', c.custodian_id);
  add('dept', c.department_id);
  if (item !== null) {
    add('item', String(item.seq));
    for (const r of item.readers) add('linked', r.token, Math.max(r.rank, c.access_rank));
  }
  for (const s of scope) add(s.kind, s.ref);
  for (const h of holderIdsOf(holders)) add('holder', h);
  return [...rows.values()];
}

/** The terms `writeCarrierTerms` indexes for a carrier. */
export function carrierTermsOf(c: Pick<CarrierTable, 'number' | 'title' | 'originator'>): string[] {
  return indexTerms([c.number, c.title, c.originator]);
}

const START = Date.UTC(2016, 0, 1);
const END = Date.UTC(2025, 10, 1);

/** Generates the register set by set (a 绝密/机密 set of copies is several units); seqs are consecutive. */
export class CarrierGenerator {
  private readonly rng: Rng;
  private setSeq = 0;
  private readonly itemsByDept = new Map<string, LinkableItem[]>();
  private readonly leafOfDivision = new Map<string, Department[]>();

  constructor(
    private readonly org: CarrierOrg,
    readonly total: number,
    items: readonly LinkableItem[],
    seed = 31,
  ) {
    this.rng = rngOf(seed);
    for (const it of items) {
      const xs = this.itemsByDept.get(it.department_id) ?? [];
      xs.push(it);
      this.itemsByDept.set(it.department_id, xs);
    }
    for (const l of org.leaves)
      this.leafOfDivision.set(l.parentId!, [...(this.leafOfDivision.get(l.parentId!) ?? []), l]);
  }

  get sets(): number {
    return this.setSeq;
  }

  /** The units of the next set, starting at `seq`, at most `room` of them (the end of the register). */
  nextSet(seq: number, room: number): GenCarrier[] {
    const rng = this.rng;
    const org = this.org;
    const age = (seq - 1) / Math.max(1, this.total); // 0 oldest .. 1 newest
    const createdMs = START + Math.floor((END - START) * age) + Math.floor(rng() * 3_600_000);
    const created = new Date(createdMs).toISOString();
    const year = new Date(createdMs).getUTCFullYear();

    const leafDept = rng() < CARRIER_SHAPE.leafShare;
    const dept = leafDept ? pick(rng, org.leaves) : pick(rng, org.divisions);
    const division = leafDept ? org.divisions.find((d) => d.id === dept.parentId)! : dept;
    const staff = leafDept ? org.peopleByLeaf.get(dept.id)! : org.divisionStaff.get(dept.id)!;
    const officer = staff[1]!;
    const head = staff[0]!;
    const kind = weighted(rng, CARRIER_SHAPE.kinds);

    // Linked item: an in-force item of the department (or of one of the division's departments).
    let item: LinkableItem | null = null;
    if (rng() < CARRIER_SHAPE.linkedItem) {
      const from = leafDept ? dept : pick(rng, this.leafOfDivision.get(dept.id)!);
      const pool = this.itemsByDept.get(from.id);
      if (pool?.length) item = pick(rng, pool);
    }
    const level = (item ? item.level : weighted(rng, CARRIER_SHAPE.levels)) as Level;
    const rank = rankOf(level);

    const topic = weighted(rng, TOPICS);
    const docType = weighted(rng, DOC_TYPES);
    const yr = rng() < 0.5 ? `${year}年` : '';
    let title: string;
    if (item && rng() < 0.5) title = item.title;
    else if (kind === 'storage_medium' || kind === 'device') title = `${yr}${topic}${pick(rng, MEDIA)}`;
    else if (kind === 'telegram') title = `关于${yr}${topic}的${rng() < 0.5 ? '通知' : '电报'}`;
    else if (kind === 'meeting_record') title = `${yr}${topic}${rng() < 0.5 ? '专题会议纪要' : '会议记录'}`;
    else if (kind === 'chart') title = `${topic}图纸${rng() < 0.3 ? '（修订版）' : ''}`;
    else title = rng() < 0.25 ? `关于${yr}${topic}的${docType}` : `${yr}${topic}${docType}`;
    const received = rng() < CARRIER_SHAPE.received;
    const originator = received ? pick(rng, SENDERS) : dept.name;

    // Its own marking unless linked: 秘密 ≤10 years, 机密 ≤20, 绝密 ≤30, mostly a period, sometimes a condition.
    const markedOn = item?.marked_on ?? isoDate(createdMs);
    let periodValue: number | null = item ? item.period_value : null;
    let periodUnit: string | null = item ? item.period_unit : null;
    let condition: string | null = item ? item.declassify_condition : null;
    let until: string | null = item ? item.secrecy_until : null;
    if (!item) {
      if (rng() < 0.85) {
        const max = level === 'top_secret' ? 30 : level === 'secret' ? 20 : 10;
        periodValue = 1 + Math.floor(rng() * max);
        periodUnit = 'years';
        const [y, m, d] = markedOn.split('-').map(Number) as [number, number, number];
        until = isoDate(Date.UTC(y + periodValue, m - 1, d));
      } else condition = '项目完成并公开发布后解密';
    }

    const cleared = staff.filter((p) => p.clearanceRank >= rank);
    const who = weighted(rng, CARRIER_SHAPE.custodian);
    const members = cleared.filter((p) => p !== officer && p !== head);
    const custodian = who === 'officer' ? officer : who === 'head' || members.length === 0 ? head : pick(rng, members);
    const location = org.locationsOf.get(dept.id)![level === 'confidential' && rng() < 0.5 ? 1 : 0]!;

    const scope: ScopeEntry[] = [];
    const add = (s: ScopeEntry) => {
      if (!scope.some((x) => x.kind === s.kind && x.ref === s.ref)) scope.push(s);
    };
    const primary = weighted(rng, CARRIER_SHAPE.scope);
    if (primary === 'own') add({ kind: 'department', ref: dept.id });
    else if (primary === 'division') add({ kind: 'department', ref: division.id });
    else if (primary === 'role') add({ kind: 'role', ref: pick(rng, ['dept_head', 'dept_officer', 'leadership']) });
    else if (primary === 'people') {
      // People named in a scope are cleared for its level (registerCarrier refuses others, as the catalogue does).
      const k = 1 + Math.floor(rng() * 3);
      for (let i = 0; i < k; i++) add({ kind: 'user', ref: pick(rng, cleared).id });
    }
    if (rng() < CARRIER_SHAPE.extraPerson) {
      const p = pick(rng, org.people);
      if (p.clearanceRank >= rank) add({ kind: 'user', ref: p.id });
    }
    if (rng() < CARRIER_SHAPE.extraLeaf) add({ kind: 'department', ref: pick(rng, org.leaves).id });

    this.setSeq++;
    const setNumber = formatRegisterNumber(DEFAULT_NUMBER_SCHEME, { year, level, kind, seq: this.setSeq });
    const copies = rank >= rankOf('secret') ? (rng() < 0.75 ? 1 : 2 + Math.floor(rng() * 4)) : rng() < 0.8 ? 1 : 2;
    const units = unitNumbers(setNumber, level, copies).slice(0, room);
    const pages = kind === 'storage_medium' || kind === 'device' ? null : 2 + Math.floor(rng() * 60);

    return units.map((u, i) => {
      const unitSeq = seq + i;
      const status = this.statusOf(age);
      const row: CarrierTable = {
        id: uuid(rng),
        seq: unitSeq,
        number: u.number,
        set_number: setNumber,
        copy_no: u.copyNo,
        copies,
        title,
        kind,
        level,
        access_rank: rank,
        period_value: periodValue,
        period_unit: periodUnit,
        declassify_condition: condition,
        marked_on: markedOn,
        secrecy_until: until,
        item_id: item?.id ?? null,
        pages,
        quantity: u.copyNo !== null ? 1 : copies,
        originator,
        origin: received ? 'received' : 'produced',
        custodian_id: custodian.id,
        department_id: dept.id,
        location_id: location.id,
        status,
        search_text: '',
        created_by: officer.id,
        created_at: created,
        updated_at: created,
        version: 1,
      };
      row.search_text = searchTextOf(row);
      const g: GenCarrier = {
        row,
        scope,
        holders: { borrowerId: null, bearerId: null, recipientId: null, readerIds: [] },
        terms: [],
        access: [],
      };
      this.movementsOf(g, staff, cleared, officer, createdMs);
      g.terms = carrierTermsOf(row);
      g.access = carrierAccessRows(row, item, scope, g.holders);
      return g;
    });
  }

  private statusOf(age: number): CarrierStatus {
    const r = this.rng();
    const s = CARRIER_SHAPE;
    let acc = s.onLoan;
    if (r < acc) return 'on_loan';
    if (r < (acc += s.circulating)) return 'circulating';
    if (r < (acc += s.carriedOut)) return 'carried_out';
    if (r < (acc += s.inTransit)) return 'in_transit';
    if (r < (acc += s.dispatched)) return 'dispatched';
    if (age > 0.98 && r < acc + 0.2) return 'draft';
    if (r < acc + 0.45 * (1 - age)) return 'archived';
    return 'in_store';
  }

  /** The open movement of a carrier out of store, and its holders as holdersOf reads them. */
  private movementsOf(g: GenCarrier, staff: Person[], cleared: Person[], officer: Person, createdMs: number): void {
    const rng = this.rng;
    const c = g.row;
    const nowMs = END;
    const at = new Date(Math.max(createdMs, nowMs - Math.floor(rng() * 20) * DAY)).toISOString();
    const others = cleared.filter((p) => p.id !== c.custodian_id);
    const someone = () => (others.length ? pick(rng, others) : officer);
    const m: OpenMovements = {
      loan: undefined,
      dispatch: undefined,
      carryOut: undefined,
      circulation: undefined,
      readers: [],
    };
    if (c.status === 'on_loan') {
      const overdue = rng() < 0.1;
      m.loan = g.loan = {
        id: uuid(rng),
        carrier_id: c.id,
        borrower_id: someone().id,
        lent_by: c.custodian_id,
        lent_at: at,
        due_on: isoDate(nowMs + (overdue ? -3 : 5) * DAY),
        extensions: 0,
        status: 'active',
        returned_at: null,
        received_by: null,
        return_note: null,
        version: 1,
      };
    } else if (c.status === 'carried_out') {
      m.carryOut = g.carryOut = {
        id: uuid(rng),
        carrier_id: c.id,
        bearer_id: officer.id,
        requested_by: officer.id,
        destination: '上级机关会议室',
        purpose: '汇报工作',
        return_on: isoDate(nowMs + 2 * DAY),
        request_id: null,
        status: 'out',
        requested_at: at,
        departed_at: at,
        returned_at: null,
        received_by: null,
        return_note: null,
        version: 1,
      };
    } else if (c.status === 'in_transit') {
      const to = pick(rng, this.org.leaves);
      m.dispatch = g.dispatch = {
        id: uuid(rng),
        carrier_id: c.id,
        direction: 'internal',
        channel: 'by_hand',
        counterpart: null,
        recipient_id: this.org.peopleByLeaf.get(to.id)![1]!.id,
        recipient_department_id: to.id,
        handler_id: officer.id,
        at,
        copies: c.quantity,
        status: 'awaiting',
        signed_by_id: null,
        signed_by_name: null,
        signed_at: null,
        note: null,
        version: 1,
      };
    } else if (c.status === 'circulating') {
      const circulation: CarrierCirculationTable = {
        id: uuid(rng),
        carrier_id: c.id,
        started_by: c.custodian_id,
        started_at: at,
        due_on: isoDate(nowMs + 3 * DAY),
        status: 'open',
        closed_at: null,
        version: 1,
      };
      const readers: CarrierCirculationReaderTable[] = [];
      const k = 2 + Math.floor(rng() * 3);
      for (let i = 0; i < k; i++) {
        const p = someone();
        if (readers.some((r) => r.reader_id === p.id)) continue;
        readers.push({ circulation_id: circulation.id, reader_id: p.id, position: i, signed_at: i === 0 ? at : null });
      }
      m.circulation = circulation;
      m.readers = readers;
      g.circulation = { circulation, readers };
    } else if (c.status === 'dispatched') {
      g.dispatch = {
        id: uuid(rng),
        carrier_id: c.id,
        direction: 'outgoing',
        channel: 'confidential_courier',
        counterpart: pick(rng, SENDERS),
        recipient_id: null,
        recipient_department_id: null,
        handler_id: officer.id,
        at,
        copies: c.quantity,
        status: 'signed',
        signed_by_id: null,
        signed_by_name: '对方收件人',
        signed_at: at,
        note: null,
        version: 1,
      };
    }
    g.holders = holdersOf(m);
    void staff;
  }
}
