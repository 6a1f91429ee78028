import type { CourseKind, TrainingState } from '../../../kernel/training.js';
import type { PrintLang } from '../../../platform/print/marking.js';

/** The words of the training report's export (CSV/XLSX) in both languages: column headers and coded values. */
export interface ReportTexts {
  sheet: string;
  header: {
    department: string;
    name: string;
    username: string;
    post: string;
    course: string;
    kind: string;
    state: string;
    dueOn: string;
    lastCompletedOn: string;
    expiresOn: string;
    followUp: string;
  };
  kind: Record<CourseKind, string>;
  state: Record<TrainingState, string>;
  yes: string;
  /** A person the report lists who has no training due. */
  none: string;
}

const ZH: ReportTexts = {
  sheet: '保密培训情况',
  header: {
    department: '部门',
    name: '姓名',
    username: '用户名',
    post: '岗位',
    course: '课程',
    kind: '类型',
    state: '状态',
    dueOn: '完成期限',
    lastCompletedOn: '最近完成日期',
    expiresOn: '有效期至',
    followUp: '补训任务',
  },
  kind: { onboarding: '入职培训', refresher: '定期更新培训', elective: '选修课程' },
  state: { completed: '已完成', expiring: '即将到期', due: '待完成', overdue: '已逾期' },
  yes: '是',
  none: '无培训任务',
};

const EN: ReportTexts = {
  sheet: 'Training',
  header: {
    department: 'Department',
    name: 'Name',
    username: 'Username',
    post: 'Post',
    course: 'Course',
    kind: 'Kind',
    state: 'State',
    dueOn: 'Due by',
    lastCompletedOn: 'Last completed',
    expiresOn: 'Valid until',
    followUp: 'Follow-up task',
  },
  kind: { onboarding: 'Onboarding', refresher: 'Refresher', elective: 'Elective' },
  state: { completed: 'Completed', expiring: 'Expiring', due: 'Due', overdue: 'Overdue' },
  yes: 'Yes',
  none: 'No training due',
};

export function reportTexts(lang: PrintLang): ReportTexts {
  return lang === 'en-US' ? EN : ZH;
}
