import type { Level } from '../../kernel/levels.js';
import type { ItemCategory } from '../../kernel/levels.js';
import type { ScopeEntry } from '../../kernel/secret-item.js';
import type { AppContext, RequestContext } from '../../platform/context.js';
import { findUserByUsername, toActor } from '../identity/index.js';
import { appointClassifier } from './services/classifier-service.js';
import { proposeItem } from './services/item-service.js';
import { requestChange } from './services/item-changes.js';
import { loadRequest } from '../../platform/approvals/approval-service.js';
import { decideRequest } from '../../platform/approvals/decide.js';
import { emergencyAccess, requestAccess } from './services/grant-service.js';

/**
 * The classification part of the demo: classification authorities, secret items at every level with
 * scopes, some in force, some waiting for approval, one declassified, access requests pending and granted,
 * and one emergency access waiting for review. Everything is done by the demo people through the services.
 */
export interface ClassificationDemoSummary {
  items: number;
  pendingRequests: number;
  grants: number;
}

interface DemoItem {
  key: string;
  title: string;
  content: string;
  category: ItemCategory;
  level: Level;
  basis: string;
  period?: { value: number; unit: 'years' | 'months' };
  condition?: string;
  classifier: string | null;
  proposer: string;
  department: string; // department name
  scope: ({ dept: string } | { user: string } | { role: ScopeEntry['ref'] })[];
  /** Usernames approving in order; fewer than the chain's steps leaves the request pending. */
  approvers: string[];
}

const BASIS = '本单位保密事项一览表';

const ITEMS: DemoItem[] = [
  {
    key: 'strategy',
    title: '2027年度经营战略规划',
    content: '三年内进入新能源储能市场，拟收购两家电池企业。',
    category: 'strategy_plan',
    level: 'top_secret',
    basis: `${BASIS}第1条（重大决策）`,
    period: { value: 20, unit: 'years' },
    classifier: 'wangjianguo',
    proposer: 'lixiuying',
    department: '总经理办公室',
    scope: [{ dept: '总经理办公室' }, { role: 'leadership' }],
    approvers: ['zhangwei', 'secadmin', 'wangjianguo'],
  },
  {
    key: 'merger',
    title: '重大资产重组方案',
    content: '与某集团进行资产置换的初步方案及估值。',
    category: 'major_decision',
    level: 'top_secret',
    basis: `${BASIS}第1条（重大决策）`,
    condition: '重组方案正式公告发布后',
    classifier: 'wangjianguo',
    proposer: 'lixiuying',
    department: '总经理办公室',
    scope: [{ role: 'leadership' }],
    approvers: ['zhangwei'],
  },
  {
    key: 'finance',
    title: '2026年度财务决算报告',
    content: '全年营业收入、利润及各事业部经营数据。',
    category: 'finance_report',
    level: 'secret',
    basis: `${BASIS}第4条（财务报表）`,
    period: { value: 10, unit: 'years' },
    classifier: 'sunli',
    proposer: 'zhouting',
    department: '会计组',
    scope: [{ dept: '财务部' }, { role: 'leadership' }],
    approvers: ['sunli', 'secadmin'],
  },
  {
    key: 'algorithm',
    title: '核心加密算法源代码',
    content: '分组密码实现及密钥派生流程说明。',
    category: 'technology_process',
    level: 'secret',
    basis: `${BASIS}第7条（技术工艺）`,
    period: { value: 15, unit: 'years' },
    classifier: 'linfeng',
    proposer: 'hejun',
    department: '软件部',
    scope: [{ dept: '软件部' }, { user: 'gaojie' }],
    approvers: ['linfeng', 'secadmin'],
  },
  {
    key: 'hardware',
    title: '新一代主控板硬件设计图纸',
    content: '主控板原理图、PCB 布局及关键器件选型。',
    category: 'research_result',
    level: 'secret',
    basis: `${BASIS}第8条（研发成果）`,
    period: { value: 10, unit: 'years' },
    classifier: 'huangzhiqiang',
    proposer: 'gaojie',
    department: '硬件部',
    scope: [{ dept: '硬件部' }],
    approvers: ['huangzhiqiang', 'secadmin'],
  },
  {
    key: 'salary',
    title: '2027年员工薪酬调整方案',
    content: '各职级调薪幅度及预算总额。',
    category: 'personnel_pay',
    level: 'confidential',
    basis: `${BASIS}第6条（人事工资）`,
    period: { value: 6, unit: 'months' },
    classifier: 'guoxiaoyan',
    proposer: 'qianfang',
    department: '人力资源部',
    scope: [{ dept: '人力资源部' }, { role: 'leadership' }],
    approvers: ['guoxiaoyan'],
  },
  {
    key: 'tender',
    title: '2023年度设备采购招标文件',
    content: '招标范围、评分标准及标底。',
    category: 'contract_agreement',
    level: 'confidential',
    basis: `${BASIS}第3条（合同协议）`,
    period: { value: 3, unit: 'years' },
    classifier: 'sunli',
    proposer: 'zhouting',
    department: '会计组',
    scope: [{ dept: '财务部' }],
    approvers: ['sunli'],
  },
  {
    key: 'plan',
    title: '保密工作年度计划',
    content: '年度保密教育培训、检查及整改安排。',
    category: 'other',
    level: 'internal',
    basis: '保密工作年度计划表',
    classifier: null,
    proposer: 'zhaomin',
    department: '保密办公室',
    scope: [],
    approvers: [],
  },
];

const AUTHORITIES: { user: string; kind: 'statutory' | 'designated'; maxLevel: Level }[] = [
  { user: 'wangjianguo', kind: 'statutory', maxLevel: 'top_secret' },
  { user: 'huangzhiqiang', kind: 'designated', maxLevel: 'top_secret' },
  { user: 'sunli', kind: 'designated', maxLevel: 'secret' },
  { user: 'linfeng', kind: 'designated', maxLevel: 'secret' },
  { user: 'liuyang', kind: 'designated', maxLevel: 'secret' },
  { user: 'guoxiaoyan', kind: 'designated', maxLevel: 'confidential' },
];

export async function loadClassificationDemo(ctx: AppContext): Promise<ClassificationDemoSummary> {
  const rcOf = async (username: string): Promise<RequestContext> => {
    const u = await findUserByUsername(ctx.db, username);
    if (!u) throw new Error(`demo person ${username} is missing`);
    return { actor: toActor(u), ip: null, requestId: null };
  };
  const idOf = async (username: string) => (await rcOf(username)).actor!.id;
  const deptId = async (name: string) =>
    (await ctx.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const approve = async (requestId: string, approvers: readonly string[]) => {
    for (const who of approvers) {
      const loaded = await loadRequest(ctx.db, requestId);
      await decideRequest(ctx, await rcOf(who), requestId, {
        version: loaded!.req.version,
        decision: 'approve',
        comment: '同意',
      });
    }
  };

  const sec = await rcOf('secadmin');
  for (const a of AUTHORITIES)
    await appointClassifier(ctx, sec, {
      userId: await idOf(a.user),
      kind: a.kind,
      maxLevel: a.maxLevel,
      note: '演示数据',
    });

  const itemIds = new Map<string, string>();
  let pending = 0;
  for (const it of ITEMS) {
    const scope: ScopeEntry[] = [];
    for (const s of it.scope) {
      if ('dept' in s) scope.push({ kind: 'department', ref: await deptId(s.dept) });
      else if ('user' in s) scope.push({ kind: 'user', ref: await idOf(s.user) });
      else scope.push({ kind: 'role', ref: s.role });
    }
    const { item, requestId } = await proposeItem(ctx, await rcOf(it.proposer), {
      title: it.title,
      content: it.content,
      category: it.category,
      level: it.level,
      basis: it.basis,
      period: it.period ?? null,
      declassifyCondition: it.condition ?? null,
      classifierId: it.classifier ? await idOf(it.classifier) : null,
      origin: 'original',
      departmentId: await deptId(it.department),
      scope,
      reason: '演示数据：按保密事项一览表定密',
    });
    itemIds.set(it.key, item.id);
    await approve(requestId, it.approvers);
    if ((await loadRequest(ctx.db, requestId))!.req.status === 'pending') pending++;
  }

  // The old tender documents are no longer secret: declassified by decision.
  const declass = await requestChange(ctx, await rcOf('zhouting'), itemIds.get('tender')!, {
    type: 'declassify',
    reason: '招标已完成，合同已公开',
    declassifyReason: 'decision',
  });
  await approve(declass.requestId, ['sunli']);
  // An extension waits for the department head.
  await requestChange(ctx, await rcOf('hejun'), itemIds.get('algorithm')!, {
    type: 'extend',
    reason: '算法仍在产品中使用',
    period: { value: 20, unit: 'years' },
  });
  pending++;

  // A wider scope waits for approval: a hardware engineer is to know the finance report too.
  await requestChange(ctx, await rcOf('zhouting'), itemIds.get('finance')!, {
    type: 'rescope',
    reason: '硬件成本核算需要参阅决算数据',
    scope: [
      { kind: 'department', ref: await deptId('财务部') },
      { kind: 'role', ref: 'leadership' },
      { kind: 'user', ref: await idOf('gaojie') },
    ],
  });
  pending++;

  // Access: one granted (read the finance report for the audit), one waiting for the custodian.
  const granted = await requestAccess(ctx, await rcOf('hejun'), {
    itemId: itemIds.get('finance')!,
    actions: ['read'],
    days: 30,
    reason: '研发成本核算需要参阅',
  });
  await approve(granted.requestId, ['zhouting', 'secadmin']);
  await requestAccess(ctx, await rcOf('linfeng'), {
    itemNumber: (
      await ctx.db
        .selectFrom('secret_items')
        .select('number')
        .where('id', '=', itemIds.get('hardware')!)
        .executeTakeFirstOrThrow()
    ).number,
    actions: ['read', 'download'],
    days: 14,
    reason: '软硬件联调需要查阅接口定义',
  });
  pending++;
  // Break-glass: the head of the confidentiality office opened the hardware drawings during an incident.
  await emergencyAccess(
    ctx,
    await rcOf('liuyang'),
    { id: itemIds.get('hardware')! },
    '疑似泄密事件调查，需立即核对图纸版本',
  );

  return { items: ITEMS.length, pendingRequests: pending, grants: 2 };
}
