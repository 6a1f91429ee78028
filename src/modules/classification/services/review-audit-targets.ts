import { can } from '../../../policy/index.js';
import { containsText, type AuditTargetDef, type AuditTargetView } from '../../../platform/audit/targets.js';

/**
 * How the trail names the review and classifier targets, as their pages show them: a review campaign by title to
 * whoever runs reviews (`review.manage`); a review task by its campaign and the item's number to its reviewer and
 * to whoever runs reviews (the task page's rule); a classification authority by the appointee's name to whoever
 * may view classification (the classifier list's rule). Its events name either the appointment or the person.
 */
export const REVIEW_TARGETS: Record<string, AuditTargetDef> = {
  review_campaign: {
    text: { 'zh-CN': '复核活动', 'en-US': 'Review' },
    resolve: async (ctx, viewer, ids) => {
      if (!can(viewer, 'review.manage')) return new Map();
      const rows = await ctx.db.selectFrom('review_campaigns').select(['id', 'title']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, { label: r.title, link: '/reviews' }]));
    },
    find: async (ctx, text, limit) =>
      (
        await ctx.db
          .selectFrom('review_campaigns')
          .select('id')
          .where(containsText('title', text))
          .limit(limit)
          .execute()
      ).map((r) => r.id),
  },
  review_task: {
    text: { 'zh-CN': '复核任务', 'en-US': 'Review task' },
    resolve: async (ctx, viewer, ids) => {
      const rows = await ctx.db
        .selectFrom('review_tasks as t')
        .innerJoin('review_campaigns as c', 'c.id', 't.campaign_id')
        .innerJoin('secret_items as i', 'i.id', 't.item_id')
        .select(['t.id', 't.reviewer_id', 'c.title', 'i.number'])
        .where('t.id', 'in', ids)
        .execute();
      const manages = can(viewer, 'review.manage');
      const out = new Map<string, AuditTargetView>();
      for (const r of rows)
        if (manages || r.reviewer_id === viewer.id)
          out.set(r.id, { label: `${r.title} · ${r.number}`, link: `/reviews/tasks/${r.id}` });
      return out;
    },
    find: async (ctx, text, limit) =>
      (
        await ctx.db
          .selectFrom('review_tasks as t')
          .innerJoin('review_campaigns as c', 'c.id', 't.campaign_id')
          .innerJoin('secret_items as i', 'i.id', 't.item_id')
          .select('t.id')
          .where((eb) => eb.or([containsText('c.title', text), containsText('i.number', text)]))
          .limit(limit)
          .execute()
      ).map((r) => r.id),
  },
  classification_authority: {
    text: { 'zh-CN': '定密责任人', 'en-US': 'Classification authority' },
    resolve: async (ctx, viewer, ids) => {
      if (!can(viewer, 'classification.view')) return new Map();
      const [appointments, people] = await Promise.all([
        ctx.db
          .selectFrom('classification_authorities as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['a.id', 'u.display_name'])
          .where('a.id', 'in', ids)
          .execute(),
        ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute(),
      ]);
      return new Map(
        [...people, ...appointments].map((r) => [r.id, { label: r.display_name, link: '/settings/classification' }]),
      );
    },
    find: async (ctx, text, limit) => {
      const rows = await ctx.db
        .selectFrom('classification_authorities as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.id', 'a.user_id'])
        .where((eb) => eb.or([containsText('u.display_name', text), containsText('u.username', text)]))
        .limit(limit)
        .execute();
      return rows.flatMap((r) => [r.id, r.user_id]);
    },
  },
};
