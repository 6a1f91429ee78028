/**
 * The agreements of the demo organisation (identity's demo departments and people): the texts of the templates and
 * where each demo person stands. People the end-to-end journeys sign in as (何俊 hejun, 马超 machao, 林峰 linfeng,
 * 黄志强 huangzhiqiang) have signed everything current, so a journey that moves the server's clock a few weeks on
 * never finds them held at sign-in; the overdue people are ordinary employees no journey uses; the leaver asked for
 * the departure NDA (吴磊 wulei) is not a leaver of a departure journey either.
 */

/** How a demo person stands with their agreements once the demo is loaded. */
export type DemoStanding =
  /** Signed every current version (electronically, or on paper recorded by the office). */
  | 'signed'
  /** Signed the first NDA long ago, not its new version: asked to re-sign within the grace period. */
  | 'resign_nda'
  /** Their responsibility letter signed a year ago runs out within days: to sign again soon. */
  | 'resign_letter'
  /** Their responsibility letter ran out more than the grace period ago, the new NDA not signed: held at sign-in. */
  | 'overdue'
  /** Nothing signed yet, within the grace period. */
  | 'unsigned';

export const STANDINGS: Record<string, DemoStanding> = {
  wangjianguo: 'signed',
  lixiuying: 'signed',
  zhangwei: 'signed',
  liuyang: 'signed',
  zhaomin: 'signed',
  sunli: 'signed',
  huangzhiqiang: 'signed',
  linfeng: 'signed',
  hejun: 'signed',
  machao: 'signed',
  wulei: 'signed',
  chenjing: 'resign_nda',
  zhouting: 'resign_nda',
  gaojie: 'resign_nda',
  qianfang: 'resign_letter',
  guoxiaoyan: 'overdue',
  yangfan: 'overdue',
  xuming: 'unsigned',
};

/** Leaders sign on paper; the office records the scan (PER-01: paper counts). */
export const PAPER_SIGNERS = ['wangjianguo', 'lixiuying'];

/** The leaver the office asked for the departure NDA (PER-04). */
export const LEAVER = 'wulei';

export const NDA = {
  title: '员工保密协议',
  v1: `# 员工保密协议

甲方：{{organisation}}

乙方：{{name}}（{{username}}），{{department}}，{{post}}

1. 乙方对在工作中知悉的国家秘密、工作秘密和商业秘密负有保密义务，不得以任何方式泄露。
2. 乙方不得私自复制、留存、携带涉密载体，不得在非涉密计算机和互联网上处理涉密信息。
3. 违反本协议的，甲方依法依规追究责任。

签署日期：{{date}}`,
  v2: `# 员工保密协议（2025 年修订）

甲方：{{organisation}}

乙方：{{name}}（{{username}}），{{department}}，{{post}}

1. 乙方对在工作中知悉的国家秘密、工作秘密和商业秘密负有保密义务，不得以任何方式泄露。
2. 乙方不得私自复制、留存、携带涉密载体，不得在非涉密计算机和互联网上处理涉密信息。
3. 乙方不得在即时通信工具、社交媒体和个人云盘中存储、传递工作中知悉的秘密信息。
4. 乙方离职后仍须履行本协议规定的保密义务，直至相关信息依法解密或公开。
5. 违反本协议的，甲方依法依规追究责任。

签署日期：{{date}}`,
};

const LETTER = `# {{department}}保密责任书

为落实保密工作责任制，明确本部门、本岗位的保密职责，{{name}}（{{post}}）承诺履行下列保密职责：

{{duties}}

未履行上述职责造成泄密的，本人愿承担相应责任。

责任人：{{name}}  日期：{{date}}`;

/** A responsibility letter per department (保密职责, PER-08), by the demo department's name. */
export const DEPARTMENT_LETTERS: { department: string; duties: string }[] = [
  {
    department: '总经理办公室',
    duties: '- 负责公司涉密公文的收发、登记和流转\n- 会议涉密材料会后及时清退\n- 领导讲话稿、会议纪要按密级管理',
  },
  {
    department: '保密办公室',
    duties: '- 组织制定和落实保密制度\n- 开展保密检查与保密教育培训\n- 管理涉密人员、涉密载体和保密要害部位',
  },
  {
    department: '财务部',
    duties: '- 财务数据和预算资料按规定定密、存放\n- 涉密报表不得通过互联网邮箱传送\n- 配合开展保密检查',
  },
  { department: '会计组', duties: '- 会计凭证、账簿中的涉密信息专柜保管\n- 涉密报表打印、复印须登记' },
  {
    department: '研发中心',
    duties: '- 科研项目的密级在立项时确定\n- 涉密技术资料统一登记、归档\n- 对外技术交流须经保密审查',
  },
  {
    department: '软件部',
    duties:
      '- 源代码和设计文档在涉密网络内开发和存放\n- 不得将涉密代码上传至外部代码托管平台\n- 移动存储介质专人专用、登记管理',
  },
  {
    department: '硬件部',
    duties: '- 设计图纸、样机按密级管理\n- 涉密设备维修须在本单位内进行\n- 报废设备的存储部件交保密办销毁',
  },
  {
    department: '人力资源部',
    duties: '- 涉密人员上岗前审查与保密教育\n- 离职人员办理保密承诺与脱密期管理\n- 人事档案中的涉密信息按规定保管',
  },
  {
    department: '市场部',
    duties: '- 对外宣传材料发布前经保密审查\n- 参展、投标资料不得含涉密信息\n- 与客户交流不得涉及项目秘密',
  },
];

/** A responsibility letter per post where the post carries duties of its own (its fit beats the department's). */
export const POST_LETTERS: { post: string; title: string; duties: string }[] = [
  {
    post: '保密专员',
    title: '保密专员岗位保密责任书',
    duties: '- 协助保密办主任落实各项保密制度\n- 管理涉密载体台账并定期清点\n- 每季度开展一次保密自查并报告',
  },
  {
    post: '出纳',
    title: '出纳岗位保密责任书',
    duties: '- 资金账户、密码和网银介质专人保管\n- 不得向无关人员透露资金往来信息',
  },
];

export const COMMITMENT = {
  title: '涉密人员保密承诺书',
  body: `# 涉密人员保密承诺书

本人{{name}}，{{department}}{{post}}，涉密等级：{{level}}。本人已参加保密教育培训，知悉保密法律法规，郑重承诺：

1. 严格遵守保密法律法规和单位保密制度；
2. 不泄露所知悉的国家秘密；
3. 自愿接受保密监督检查；
4. 离岗离职时主动清退涉密载体，并在脱密期内遵守就业和出境限制。

承诺人：{{name}}  日期：{{date}}`,
};

export const DEPARTURE_NDA = {
  title: '离职保密协议',
  body: `# 离职保密协议

甲方：{{organisation}}

乙方：{{name}}（{{username}}），原{{department}}{{post}}

1. 乙方已将持有的全部涉密载体、设备和资料交还甲方，并已清理个人存储设备中的工作信息。
2. 乙方离职后仍须保守在甲方工作期间知悉的国家秘密、工作秘密和商业秘密，该义务不因劳动关系解除而终止。
3. 乙方在脱密期内遵守就业、出境等限制，不得到境外驻华机构、组织或者外资企业工作。

签署日期：{{date}}`,
};

export { LETTER as LETTER_BODY };
