import type { Actor } from '../../../kernel/actor.js';
import { can } from '../../../policy/index.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { CardDef } from '../../../platform/workbench/cards.js';
import { isOpen } from '../domain/dues.js';
import type { ReportDue } from '../contracts/reports.js';
import { courseTitles, countReport, dueDto } from './report-service.js';
import { duesOfPerson } from './training-facts.js';

/**
 * Training's workbench cards, each counted by the service of the list it links to: `training.to_do` (my training
 * due or overdue, from my own dues) and `training.overdue` (the office's, a head's or an officer's: the people in
 * their scope with a course overdue, counted through the report with its `state=overdue` filter), so a card never
 * counts what its list would not show.
 */

/** GET /api/training/me/to-do: the caller's open training (due or overdue), soonest first (the card's list). */
export async function myToDo(ctx: AppContext, rc: RequestContext): Promise<{ items: ReportDue[]; total: number }> {
  await authorize(
    ctx,
    rc,
    'training.view_own',
    { kind: 'none' },
    { audit: { action: 'training.report', targetType: 'user', targetId: actorOf(rc).id } },
  );
  const mine = await duesOfPerson(ctx, ctx.db, actorOf(rc).id);
  const titles = await courseTitles(ctx);
  const open = (mine?.dues ?? [])
    .filter(isOpen)
    .sort((a, b) => ((a.dueOn ?? '') < (b.dueOn ?? '') ? -1 : (a.dueOn ?? '') > (b.dueOn ?? '') ? 1 : 0))
    .map((d) => dueDto(d, titles));
  return { items: open, total: open.length };
}

export const OVERDUE_QUERY = 'state=overdue';

export const TRAINING_CARDS: CardDef[] = [
  {
    key: 'training.to_do',
    visible: (a: Actor) => can(a, 'training.view_own'),
    async read(ctx, rc) {
      const { total } = await myToDo(ctx, rc);
      return { count: total, link: { web: '/training', api: '/api/training/me/to-do' } };
    },
  },
  {
    key: 'training.overdue',
    visible: (a: Actor) => can(a, 'training.view_reports'),
    async read(ctx, rc) {
      const count = await countReport(ctx, rc, { state: 'overdue' });
      return {
        count,
        link: { web: `/training/report?${OVERDUE_QUERY}`, api: `/api/training/report?${OVERDUE_QUERY}` },
      };
    },
  },
];
