import { can } from '../../policy/index.js';
import type { CardDef } from '../workbench/cards.js';
import { listRequests } from './approval-queries.js';

/** The engine's own card: the requests waiting for my decision (the inbox, as its list counts them). */
export const APPROVAL_CARDS: CardDef[] = [
  {
    key: 'approvals.inbox',
    visible: (actor) => can(actor, 'approval.participate'),
    async read(ctx, rc) {
      const page = await listRequests(ctx, rc, { box: 'inbox', page: 1, pageSize: 1, order: 'desc' });
      return { count: page.total, link: { web: '/approvals', api: '/api/requests?box=inbox' } };
    },
  },
];
