import { actorOf, type AppContext, type RequestContext } from '../context.js';
import { withAccess } from '../organisation.js';
import { countCards, overviewCards } from './cards.js';
import type { OverviewResponse, Workbench } from './contracts.js';

/** The caller's count cards, in the order the modules list them; each counts only what its list would show them. */
export async function workbenchOf(ctx: AppContext, rc: RequestContext): Promise<Workbench> {
  const actor = await withAccess(ctx, actorOf(rc));
  const mine = countCards().filter((c) => c.visible(actor));
  const read = await Promise.all(mine.map((c) => c.read(ctx, { ...rc, actor })));
  return { cards: mine.map((c, i) => ({ key: c.key, ...read[i]! })) };
}

/** The caller's overview cards: none for whom no card's ability holds (an employee gets none of the admins'). */
export async function overviewsOf(ctx: AppContext, rc: RequestContext): Promise<OverviewResponse> {
  const actor = await withAccess(ctx, actorOf(rc));
  const mine = overviewCards().filter((c) => c.visible(actor));
  const read = await Promise.all(mine.map((c) => c.read(ctx, { ...rc, actor })));
  return { overviews: mine.map((c, i) => ({ key: c.key, ...read[i]! })) };
}
