/** 简体中文：保密教育培训模块（命名空间 `training`）。各部分的文字见 `course.ts` 等，合并于此。Keys must match en-US.ts exactly. */
import { courseTexts } from './course.js';
import { mergeTexts } from './merge.js';
import { recordTexts } from './record.js';
import { reportTexts } from './report.js';
import { sessionTexts } from './session.js';

const common = {
  nav: { group: '保密教育培训' },
  perm: {
    'training.view_own': '查看本人的培训',
    'training.view_courses': '查看培训课程',
    'training.take': '参加培训',
    'training.record_external': '登记外部培训证书',
    'training.view_campaigns': '查看保密宣传',
    'training.manage_courses': '管理培训课程',
    'training.manage_sessions': '组织线下培训',
    'training.record_completion': '登记培训完成',
    'training.assign': '布置补训任务',
    'training.manage_campaigns': '管理保密宣传',
    'training.manage_awareness': '管理保密知识提醒',
    'training.manage_settings': '管理培训设置',
    'training.view_reports': '查看培训情况',
    'training.export_reports': '导出培训情况',
  },
  topic: {
    law: '保密法律法规',
    company_rules: '公司保密制度',
    basics: '保密基础知识',
    leak_behaviours: '易导致泄密的行为',
    handling_classified: '涉密信息处理',
    risk_awareness: '保密风险意识',
    it_security: '信息安全',
  },
  courseKind: { onboarding: '入职培训', refresher: '定期更新培训', elective: '选修课程' },
  mode: { online: '线上', offline: '线下', blended: '线上线下结合' },
  courseStatus: { draft: '草稿', published: '已发布', retired: '已停用' },
  state: { completed: '已完成', expiring: '即将到期', due: '待完成', overdue: '已逾期' },
  audience: {
    all: '全体员工',
    department: '部门：{{name}}（含下级部门）',
    post: '岗位：{{post}}',
    clearance: '涉密人员：{{classes}}',
    computer_users: '涉密计算机使用人员',
    new_hires: '新入职人员（{{days}} 天内）',
    none: '（无人）',
  },
  clearance: { core: '核心', important: '重要', general: '一般' },
  problem: {
    audience_duplicate_rule: '培训对象规则重复',
    audience_days_out_of_range: '新入职天数须在 1 至 3650 之间',
    audience_empty_classes: '请至少选择一个涉密等级',
    audience_blank_post: '请填写岗位名称',
    course_unknown: '课程不存在或无权访问',
  },
};

export const zhCN = mergeTexts<typeof common & { problem: Record<string, string> }>(
  common,
  courseTexts['zh-CN'],
  sessionTexts['zh-CN'],
  reportTexts['zh-CN'],
  recordTexts['zh-CN'],
);
