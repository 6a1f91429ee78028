import { addMonths } from '../../../kernel/secrecy-period.js';
import { can } from '../../../policy/index.js';
import { todayOf } from '../../../platform/organisation.js';
import type { CardDef } from '../../../platform/workbench/cards.js';
import { listGrants } from './grant-service.js';
import { countItems } from './item-reads.js';
import { listTasks } from './review-tasks.js';

/** Grants ending within this many days are worth renewing now. */
const GRANT_WARNING_DAYS = 7;
/** Periods ending within this many months (the holders' reminder comes two months before). */
const PERIOD_WARNING_MONTHS = 3;

const first = { page: 1, pageSize: 1 } as const;

/**
 * Classification's workbench cards, each counted through the list it links to (the same service the list route
 * calls), so a count never includes what the person may not see.
 */
export const CLASSIFICATION_CARDS: CardDef[] = [
  {
    key: 'classification.review_tasks',
    visible: (actor) => can(actor, 'approval.participate'),
    async read(ctx, rc) {
      const page = await listTasks(ctx, rc, { status: 'pending', ...first });
      return { count: page.total, link: { web: '/reviews', api: '/api/review-tasks?status=pending' } };
    },
  },
  {
    key: 'classification.grants_expiring',
    visible: (actor) => can(actor, 'approval.participate'),
    async read(ctx, rc) {
      const before = new Date(ctx.now().getTime() + GRANT_WARNING_DAYS * 86_400_000).toISOString();
      const page = await listGrants(ctx, rc, { view: 'mine', active: true, expiresBefore: before, ...first });
      const query = `view=mine&active=true&expiresBefore=${encodeURIComponent(before)}`;
      return { count: page.total, link: { web: '/grants?view=mine', api: `/api/grants?${query}` } };
    },
  },
  {
    key: 'classification.emergency_to_review',
    visible: (actor) => can(actor, 'review.manage'),
    async read(ctx, rc) {
      const page = await listGrants(ctx, rc, { view: 'emergency', review: 'pending', ...first });
      return {
        count: page.total,
        link: { web: '/grants?view=emergency', api: '/api/grants?view=emergency&review=pending' },
      };
    },
  },
  {
    key: 'classification.periods_ending',
    visible: (actor) => can(actor, 'approval.participate'),
    async read(ctx, rc) {
      const before = addMonths(await todayOf(ctx), PERIOD_WARNING_MONTHS);
      const count = await countItems(ctx, rc, { status: 'in_force', secrecyUntilBefore: before });
      const query = `status=in_force&secrecyUntilBefore=${before}`;
      return { count, link: { web: `/items?${query}`, api: `/api/items/count?${query}` } };
    },
  },
];
