import type { TrainingTopic } from '../../../kernel/training.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { INTERNAL_MARKING, type PrintLang } from '../../../platform/print/marking.js';
import { printDocument, type PrintedPdf } from '../../../platform/print/print-service.js';
import { departmentPath } from '../../../platform/organisation.js';
import { findCompletionForCertificate } from '../repositories/course-progress-repo.js';

/**
 * The certificate of completion (保密培训结业证书) as a PDF through the platform's printing: who completed which
 * course, on which day, its certificate number (TRN-YYYY-NNNNNN, numbered when the completion was written), how
 * (online, a session, recorded by the office). For the person, the security office, and the heads and officers of
 * the person's department or above it (`training.view_person`); anyone else is answered 404, audited.
 */
export const COMPLETION_TARGET = 'training_completion';

const TITLE = '保密培训结业证书';

const TOPICS_EN: Record<TrainingTopic, string> = {
  law: 'Laws and regulations',
  company_rules: 'Company rules',
  basics: 'Basics',
  leak_behaviours: 'Behaviours that cause leaks',
  handling_classified: 'Handling classified information',
  risk_awareness: 'Risk awareness',
  it_security: 'IT security',
};

const TOPICS: Record<TrainingTopic, string> = {
  law: '保密法律法规',
  company_rules: '公司保密制度',
  basics: '保密基础知识',
  leak_behaviours: '易导致泄密的行为',
  handling_classified: '涉密信息处理',
  risk_awareness: '保密风险意识',
  it_security: '信息安全',
};

const WORDS = {
  'zh-CN': {
    subtitle: 'Certificate of completion',
    holder: '姓名',
    username: '用户名',
    course: '课程',
    topics: '培训内容',
    completedOn: '结业日期',
    certificateNo: '证书编号',
    source: '完成方式',
    online: '线上学习',
    session: '线下培训',
    recorded: '保密办登记',
    minutes: '学习时长',
    minutesOf: (n: number) => `${n} 分钟`,
    topicNames: null as Record<TrainingTopic, string> | null,
    topicSeparator: '、',
    // Completion, not an examination: exams come with Training 2.
    statement: (name: string, course: string) => `${name} 同志已完成「${course}」保密教育培训，特发此证。`,
  },
  'en-US': {
    subtitle: 'Certificate of completion',
    holder: 'Name',
    username: 'Username',
    course: 'Course',
    topics: 'Topics',
    completedOn: 'Completed on',
    certificateNo: 'Certificate no.',
    source: 'How',
    online: 'Online learning',
    session: 'Training session',
    recorded: 'Recorded by the security office',
    minutes: 'Time spent',
    minutesOf: (n: number) => `${n} min`,
    topicNames: TOPICS_EN as Record<TrainingTopic, string> | null,
    topicSeparator: ', ',
    statement: (name: string, course: string) => `${name} has completed the confidentiality training "${course}".`,
  },
} as const;

export async function printCertificate(
  ctx: AppContext,
  rc: RequestContext,
  completionId: string,
  lang: PrintLang,
): Promise<PrintedPdf> {
  const event = { action: 'training.certificate' as const, targetType: COMPLETION_TARGET, targetId: completionId };
  const c = await findCompletionForCertificate(ctx.db, completionId);
  if (!c)
    return refuse(
      ctx,
      rc,
      event,
      new AppError('not_found', 'Not found or no access', { problem: 'completion_unknown' }),
    );
  await authorize(
    ctx,
    rc,
    'training.view_person',
    { kind: 'training_person', userId: c.user_id, departmentPath: await departmentPath(ctx.db, c.department_id) },
    { audit: { ...event, details: { userId: c.user_id } }, hideExistence: true },
  );
  const w = WORDS[lang];
  const names = w.topicNames ?? TOPICS;
  const topics = (JSON.parse(c.course_topics) as TrainingTopic[]).map((t) => names[t] ?? t).join(w.topicSeparator);
  const source = c.source === 'online' ? w.online : c.source === 'session' ? w.session : w.recorded;
  const fields = [
    { label: w.holder, value: c.user_name },
    { label: w.username, value: c.username },
    { label: w.course, value: c.course_title },
    ...(topics ? [{ label: w.topics, value: topics }] : []),
    { label: w.completedOn, value: c.completed_on },
    { label: w.certificateNo, value: c.certificate_no },
    { label: w.source, value: source },
    ...(c.minutes_spent !== null ? [{ label: w.minutes, value: w.minutesOf(c.minutes_spent) }] : []),
  ];
  return printDocument(
    ctx,
    rc,
    {
      title: TITLE,
      subtitle: w.subtitle,
      marking: INTERNAL_MARKING,
      blocks: [
        { kind: 'paragraph', text: w.statement(c.user_name, c.course_title) },
        { kind: 'fields', fields },
      ],
      filename: `${TITLE} ${c.user_name} ${c.certificate_no}`,
    },
    lang,
    { ...event, details: { userId: c.user_id, courseId: c.course_id, certificateNo: c.certificate_no } },
  );
}
