import { actorOf, type AppContext, type RequestContext } from '../context.js';
import { withAccess } from '../organisation.js';
import { cardDefs } from './cards.js';
import type { Workbench } from './contracts.js';

/** The caller's cards, in the order the modules list them; each counts only what its list would show them. */
export async function workbenchOf(ctx: AppContext, rc: RequestContext): Promise<Workbench> {
  const actor = await withAccess(ctx, actorOf(rc));
  const mine = cardDefs().filter((c) => c.visible(actor));
  const read = await Promise.all(mine.map((c) => c.read(ctx, { ...rc, actor })));
  return { cards: mine.map((c, i) => ({ key: c.key, ...read[i]! })) };
}
