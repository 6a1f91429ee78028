/**
 * The demo's agreements in other modules' journeys: a departure is refused while the departure NDA the demo publishes
 * is unsigned (people's departure contract, PER-04), so a journey that records a demo person's departure first has the
 * office ask them for it and has them sign it, as the departure process does.
 */
import type { AppContext, RequestContext } from '../../src/platform/context.js';
import { DEMO_PASSWORD, findUserByUsername, toActor } from '../../src/modules/identity/index.js';
import { askLeaver } from '../../src/modules/people/services/leaver-service.js';
import { obligationsFor } from '../../src/modules/people/services/obligation-service.js';
import { sign } from '../../src/modules/people/services/signing-service.js';

async function rcOf(ctx: AppContext, username: string): Promise<RequestContext> {
  const u = await findUserByUsername(ctx.db, username);
  if (!u) throw new Error(`no demo person ${username}`);
  return { actor: toActor(u), ip: null, requestId: null };
}

/** The security administrator asks the demo person for the departure NDA; they sign it with the demo password. */
export async function signDepartureNda(ctx: AppContext, username: string): Promise<void> {
  const rc = await rcOf(ctx, username);
  const id = rc.actor!.id;
  await askLeaver(ctx, await rcOf(ctx, 'secadmin'), { userId: id });
  const nda = (await obligationsFor(ctx, ctx.db, [id])).get(id)?.obligations.find((o) => o.kind === 'departure_nda');
  if (!nda) throw new Error('the demo has no departure NDA');
  await sign(ctx, rc, { versionId: nda.versionId, password: DEMO_PASSWORD });
}
