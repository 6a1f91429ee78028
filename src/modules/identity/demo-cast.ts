import type { AppContext, RequestContext } from '../../platform/context.js';
import { findUserByUsername, toActor } from './repositories/user-repo.js';

const DAY = 86_400_000;

/**
 * What every module's demo acts with: the demo people as request contexts (each looked up once), the departments by
 * name, and the clock as of some days before the demo was loaded — each call a second later than the one before, so
 * that the events a demo back-dates keep the order it made them in.
 */
export interface DemoCast {
  ago(daysAgo: number): AppContext;
  as(username: string): Promise<RequestContext>;
  idOf(username: string): Promise<string>;
  departments: Map<string, string>;
}

export async function demoCast(ctx: AppContext): Promise<DemoCast> {
  const base = ctx.now().getTime();
  let tick = 0;
  const ago = (daysAgo: number): AppContext => {
    const at = base - daysAgo * DAY + ++tick * 1000;
    return { ...ctx, now: () => new Date(at) };
  };
  const people = new Map<string, RequestContext>();
  const as = async (username: string): Promise<RequestContext> => {
    let rc = people.get(username);
    if (!rc) {
      const u = await findUserByUsername(ctx.db, username);
      if (!u) throw new Error(`demo person ${username} is missing`);
      rc = { actor: toActor(u), ip: null, requestId: null };
      people.set(username, rc);
    }
    return rc;
  };
  const idOf = async (username: string) => (await as(username)).actor!.id;
  const departments = new Map(
    (await ctx.db.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.name, d.id]),
  );
  return { ago, as, idOf, departments };
}
