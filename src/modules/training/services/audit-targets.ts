import { can } from '../../../policy/index.js';
import { containsText, type AuditTargetDef, type ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import type { Database } from '../../../platform/db/schema.js';
import { departmentPath } from '../../../platform/organisation.js';
import { TRAINING_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { AWARENESS_TARGET } from './awareness-service.js';
import { CAMPAIGN_TARGET } from './campaign-service.js';
import { COMPLETION_TARGET } from './certificate.js';
import { COURSE_TARGET } from './course-service.js';
import { MATERIAL_TARGET } from './material-service.js';
import { REPORT_TARGET } from './report-service.js';
import { SESSION_TARGET } from './session-facts.js';

type TitledTable = 'training_courses' | 'training_campaigns' | 'training_awareness';

/**
 * A target named by its title, for whoever the list that shows it lets in: courses and sessions are open to every
 * person (`training.view_courses`), campaigns too (`training.view_campaigns`), awareness messages are the
 * office's (`training.manage_awareness`).
 */
function titled(
  text: AuditTargetDef['text'],
  table: TitledTable,
  ability: 'training.view_courses' | 'training.view_campaigns' | 'training.manage_awareness',
  link: (id: string) => string,
): AuditTargetDef {
  return {
    text,
    resolve: async (ctx, viewer, ids) => {
      if (!can(viewer, ability)) return new Map();
      const rows = await ctx.db
        .selectFrom(table as keyof Database & TitledTable)
        .select(['id', 'title'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, { label: r.title, link: link(r.id) }]));
    },
    find: async (ctx, q, limit) =>
      (await ctx.db.selectFrom(table).select('id').where(containsText('title', q)).limit(limit).execute()).map(
        (r) => r.id,
      ),
  };
}

type PersonalTable = 'training_assignments' | 'training_completions';

/**
 * A person's task or completion, by course and person, for whoever may see that person's training (themselves,
 * the office, the heads and officers of their department or above it: `training.view_person`), on their page.
 */
function personal(text: AuditTargetDef['text'], table: PersonalTable): AuditTargetDef {
  return {
    text,
    resolve: async (ctx, viewer, ids) => {
      const rows = await ctx.db
        .selectFrom(`${table} as r` as 'training_assignments as r')
        .innerJoin('training_courses as c', 'c.id', 'r.course_id')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['r.id', 'r.user_id', 'u.department_id', 'u.display_name', 'c.title'])
        .where('r.id', 'in', ids)
        .execute();
      const out = new Map<string, { label: string; link: string }>();
      for (const r of rows) {
        const person = {
          kind: 'training_person' as const,
          userId: r.user_id,
          departmentPath: await departmentPath(ctx.db, r.department_id),
        };
        if (can(viewer, 'training.view_person', person))
          out.set(r.id, { label: `${r.title} · ${r.display_name}`, link: `/training/people/${r.user_id}` });
      }
      return out;
    },
    find: async (ctx, q, limit) =>
      (
        await ctx.db
          .selectFrom(`${table} as r` as 'training_assignments as r')
          .innerJoin('training_courses as c', 'c.id', 'r.course_id')
          .innerJoin('users as u', 'u.id', 'r.user_id')
          .select('r.id')
          .where((eb) => eb.or([containsText('c.title', q), containsText('u.display_name', q)]))
          .limit(limit)
          .execute()
      ).map((r) => r.id),
  };
}

/** What the training module gives the audit trail: its actions and its targets, named as its pages show them. */
export const TRAINING_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '保密培训', 'en-US': 'Training' },
  actions: TRAINING_AUDIT_ACTIONS,
  targets: {
    [COURSE_TARGET]: titled(
      { 'zh-CN': '培训课程', 'en-US': 'Course' },
      'training_courses',
      'training.view_courses',
      (id) => `/training/courses/${id}`,
    ),
    // A material by its course and its own title, on its course's page.
    [MATERIAL_TARGET]: {
      text: { 'zh-CN': '课程资料', 'en-US': 'Course material' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'training.view_courses')) return new Map();
        const rows = await ctx.db
          .selectFrom('training_materials as m')
          .innerJoin('training_courses as c', 'c.id', 'm.course_id')
          .select(['m.id', 'm.title', 'c.id as courseId', 'c.title as course'])
          .where('m.id', 'in', ids)
          .execute();
        return new Map(
          rows.map((r) => [r.id, { label: `${r.course} · ${r.title}`, link: `/training/courses/${r.courseId}` }]),
        );
      },
      find: async (ctx, q, limit) =>
        (
          await ctx.db
            .selectFrom('training_materials as m')
            .innerJoin('training_courses as c', 'c.id', 'm.course_id')
            .select('m.id')
            .where((eb) => eb.or([containsText('m.title', q), containsText('c.title', q)]))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    // A session by its course and its place (a start time would need the viewer's zone; the page shows it).
    [SESSION_TARGET]: {
      text: { 'zh-CN': '培训场次', 'en-US': 'Training session' },
      resolve: async (ctx, viewer, ids) => {
        if (!can(viewer, 'training.view_courses')) return new Map();
        const rows = await ctx.db
          .selectFrom('training_sessions as s')
          .innerJoin('training_courses as c', 'c.id', 's.course_id')
          .select(['s.id', 's.place', 'c.title'])
          .where('s.id', 'in', ids)
          .execute();
        return new Map(
          rows.map((r) => [r.id, { label: `${r.title} · ${r.place}`, link: `/training/sessions/${r.id}` }]),
        );
      },
      find: async (ctx, q, limit) =>
        (
          await ctx.db
            .selectFrom('training_sessions as s')
            .innerJoin('training_courses as c', 'c.id', 's.course_id')
            .select('s.id')
            .where((eb) => eb.or([containsText('c.title', q), containsText('s.place', q)]))
            .limit(limit)
            .execute()
        ).map((r) => r.id),
    },
    [COMPLETION_TARGET]: personal({ 'zh-CN': '培训完成记录', 'en-US': 'Completion' }, 'training_completions'),
    [REPORT_TARGET]: { text: { 'zh-CN': '培训报表', 'en-US': 'Training report' } },
    [CAMPAIGN_TARGET]: titled(
      { 'zh-CN': '宣传活动', 'en-US': 'Campaign' },
      'training_campaigns',
      'training.view_campaigns',
      () => '/training/campaigns',
    ),
    [AWARENESS_TARGET]: titled(
      { 'zh-CN': '保密提醒', 'en-US': 'Awareness message' },
      'training_awareness',
      'training.manage_awareness',
      () => '/training/awareness',
    ),
    training_assignment: personal({ 'zh-CN': '培训任务', 'en-US': 'Training task' }, 'training_assignments'),
    training_external: { text: { 'zh-CN': '外部证书', 'en-US': 'External certificate' } },
  },
};
