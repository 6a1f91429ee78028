/**
 * The training of the demo organisation (identity's demo people): the courses and their materials, when people
 * started (入职日期), who uses classified computers, and where each stands. The people the end-to-end journeys sign
 * in as (何俊 hejun, 马超 machao, 林峰 linfeng, 黄志强 huangzhiqiang) have done their onboarding and IT-security
 * training; the overdue people are others: 徐明 xuming joined three weeks ago and has not done the onboarding course,
 * 郭晓燕 guoxiaoyan and 杨帆 yangfan never did it, 高洁 gaojie let her yearly IT-security training run out.
 */

/** Start dates as days before the demo was loaded (years for the long-serving). */
export const HIRED_DAYS_AGO: Record<string, number> = {
  wangjianguo: 5200,
  lixiuying: 4300,
  chenjing: 1500,
  zhangwei: 3100,
  liuyang: 2900,
  zhaomin: 1200,
  sunli: 2600,
  zhouting: 900,
  wulei: 700,
  huangzhiqiang: 3600,
  linfeng: 2200,
  hejun: 1100,
  machao: 650,
  gaojie: 1800,
  guoxiaoyan: 2400,
  qianfang: 800,
  xuming: 20,
  yangfan: 500,
};

/** People who use classified computers (涉密计算机使用人员): their yearly IT-security training is due (TRN-10). */
export const COMPUTER_USERS = ['huangzhiqiang', 'linfeng', 'hejun', 'machao', 'gaojie'];

/** The onboarding course (online), its materials; everyone must complete it (TRN-01). */
export const ONBOARDING = {
  title: '新员工入职保密教育',
  description:
    '# 新员工入职保密教育\n\n入职前须完成本课程：了解保密法律法规、公司保密制度，以及日常工作中哪些行为可能导致泄密。',
  materials: [
    {
      kind: 'text' as const,
      title: '保密法律法规与公司保密制度',
      body: `## 保密法律法规

《中华人民共和国保守国家秘密法》规定，一切国家机关、武装力量、政党、社会团体、企业事业组织和公民都有保守国家秘密的义务。

## 公司保密制度

1. 涉密信息按「绝密、机密、秘密」定密，按知悉范围管理；
2. 涉密载体须登记、签收，不得私自复制、携带外出；
3. 入职须签署保密协议，离职须遵守脱密期规定。`,
    },
    {
      kind: 'text' as const,
      title: '哪些行为可能导致泄密',
      body: `## 常见泄密行为

- 在互联网计算机上处理、存储涉密信息；
- 用微信、QQ、个人邮箱传递涉密文件；
- 涉密计算机违规连接互联网或使用非专用 U 盘；
- 在公共场所谈论涉密事项；
- 将涉密文件带回家或随意丢弃。`,
    },
    { kind: 'link' as const, title: '国家保密局：保密知识', url: 'https://www.gjbmj.gov.cn/' },
  ],
};

/** Onboarding done through the office rather than online: the leaders attended the bureau's course (TRN-03). */
export const ONBOARDING_RECORDED = ['wangjianguo', 'lixiuying'];
/** People who never completed the onboarding course (overdue). */
export const ONBOARDING_MISSING = ['xuming', 'guoxiaoyan', 'yangfan'];

/** The yearly IT-security refresher for computer users (TRN-10); when each completed it, in days ago. */
export const IT_SECURITY = {
  title: '涉密计算机安全使用年度培训',
  description: '# 涉密计算机安全使用\n\n涉密计算机使用人员每年须完成本培训（有效期 12 个月）。',
  material: {
    kind: 'text' as const,
    title: '涉密计算机使用规范',
    body: `## 涉密计算机使用规范

1. 涉密计算机严禁连接互联网及其他公共信息网络；
2. 只使用登记的专用移动存储介质；
3. 不得安装未经审批的软件；
4. 离开时锁屏，下班关机；
5. 维修须经保密办审批并由专人陪同。`,
  },
  /** Completed this many days ago: a year ago and more is expired (overdue), 360 days ago expiring within days. */
  completedDaysAgo: { huangzhiqiang: 95, hejun: 92, machao: 90, linfeng: 360, gaojie: 400 } as Record<string, number>,
};

/** The offline refresher for everyone (TRN-02), held in a session a few days ago. */
export const OFFLINE_REFRESHER = {
  title: '年度保密形势与泄密案例警示教育',
  description: '# 年度保密形势与泄密案例警示教育\n\n线下集中培训：通报年度保密形势，剖析典型泄密案例。',
  place: '总部三楼第一会议室',
  trainer: '刘洋（保密办主任）',
  enrolled: ['zhangwei', 'liuyang', 'zhaomin', 'sunli', 'zhouting', 'chenjing', 'hejun'],
  /** Attended (ticked by the organiser); the others signed up but did not come. */
  attended: ['zhangwei', 'liuyang', 'zhaomin', 'sunli', 'zhouting', 'hejun'],
};

/** An elective course, assigned as a follow-up task after an inspection finding (TRN-13). */
export const ELECTIVE = {
  title: '涉密载体管理专题',
  description: '# 涉密载体管理专题\n\n涉密文件、U 盘、光盘等载体的登记、使用、保存和销毁。',
  material: {
    kind: 'text' as const,
    title: '涉密载体的全生命周期管理',
    body: '## 涉密载体管理\n\n涉密载体的制作、收发、传递、使用、复制、保存、维修和销毁，均须履行登记手续。',
  },
  task: {
    username: 'zhouting',
    reason: '保密检查发现：涉密文件借阅后未按规定登记归还',
    sourceRef: 'JC-2026-03',
  },
};

/** An external certificate a person recorded themself (TRN-11). */
export const EXTERNAL = {
  username: 'zhaomin',
  title: '保密管理专业人员岗位培训合格证书',
  provider: '市国家保密局',
  certificateNo: 'BMPX-2026-0318',
  completedDaysAgo: 120,
};

/** The current publicity campaign (TRN-12) and the weekly awareness message (TRN-06). */
export const CAMPAIGN = {
  title: '保密宣传月：守护秘密，人人有责',
  body: '## 保密宣传月\n\n本月开展保密知识竞赛、警示教育展览和海报宣传，请各部门组织员工参加。',
};
export const AWARENESS = {
  title: '每周保密提醒：不用微信传递涉密信息',
  body: '涉密信息严禁通过微信、QQ、个人邮箱等互联网工具传递。发现可疑情况，请及时报告保密办。',
};
