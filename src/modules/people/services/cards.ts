import type { Actor } from '../../../kernel/actor.js';
import { TO_SIGN_STATES } from '../../../kernel/agreements.js';
import { can } from '../../../policy/index.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import type { CardDef } from '../../../platform/workbench/cards.js';
import type { ObligationDto } from '../contracts/signatures.js';
import { myObligations } from './obligation-service.js';
import { countReport } from './report-service.js';

/**
 * The agreements' workbench cards, each counted by the service of the list it links to: `people.to_sign` (my
 * agreements to sign — due, overdue, to sign again, expiring — from my own obligations) and `people.overdue` (the
 * office's, a head's or an officer's: the people in their scope with an agreement past its date, counted through
 * the report with its `overdue` filter), so a card never counts what its list would not show.
 */

/** GET /api/agreements/mine/to-sign: the caller's agreements that ask for a signature (the card's list). */
export async function toSignObligations(
  ctx: AppContext,
  rc: RequestContext,
): Promise<{ items: ObligationDto[]; total: number }> {
  const { items } = await myObligations(ctx, rc);
  const toSign = items.filter((o) => TO_SIGN_STATES.includes(o.state));
  return { items: toSign, total: toSign.length };
}

export const OVERDUE_QUERY = 'overdue=true';

export const PEOPLE_CARDS: CardDef[] = [
  {
    key: 'people.to_sign',
    visible: (a: Actor) => can(a, 'agreement.view_own'),
    async read(ctx, rc) {
      const { total } = await toSignObligations(ctx, rc);
      return { count: total, link: { web: '/agreements', api: '/api/agreements/mine/to-sign' } };
    },
  },
  {
    key: 'people.overdue',
    visible: (a: Actor) => can(a, 'agreement.view_reports'),
    async read(ctx, rc) {
      const count = await countReport(ctx, rc, { overdue: 'true' });
      return {
        count,
        link: { web: `/agreement-report?${OVERDUE_QUERY}`, api: `/api/agreements/report?${OVERDUE_QUERY}` },
      };
    },
  },
];
