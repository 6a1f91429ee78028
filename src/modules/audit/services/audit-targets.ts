import type { Actor } from '../../../kernel/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { AuditTargetView } from '../../../platform/audit/targets.js';
import { withAccess } from '../../../platform/organisation.js';
import type { StoredAuditEvent } from '../contracts/audit.js';
import { dictionary } from './audit-dictionary.js';

/** What the viewer may read of a page of events' actors and targets. */
export interface EventNames {
  /** Actors' display names by id (the directory is open to all). */
  actors: Map<string, string>;
  /** Targets by `targetKey`, only those the owning module lets the viewer see. */
  targets: Map<string, AuditTargetView>;
}

export const targetKey = (type: string, id: string) => `${type}\u0000${id}`;

/** The viewer with their access profile: the modules' resolvers decide as their pages do. */
export async function viewerOf(ctx: AppContext, actor: Actor): Promise<Actor> {
  return withAccess(ctx, actor);
}

/**
 * Names a page of events for the viewer: actors by display name, and each target through the resolver its
 * module registered for the type — one batch per type, so a page asks each module once.
 */
export async function nameEvents(
  ctx: AppContext,
  viewer: Actor,
  events: readonly Pick<StoredAuditEvent, 'actorId' | 'targetType' | 'targetId'>[],
): Promise<EventNames> {
  const actorIds = [...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
  const byType = new Map<string, Set<string>>();
  for (const e of events) {
    if (!e.targetType || !e.targetId) continue;
    byType.set(e.targetType, (byType.get(e.targetType) ?? new Set()).add(e.targetId));
  }
  const targets = new Map<string, AuditTargetView>();
  const defs = dictionary().targets;
  const [actorRows] = await Promise.all([
    actorIds.length
      ? ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', actorIds).execute()
      : Promise.resolve([]),
    ...[...byType].map(async ([type, ids]) => {
      const resolve = defs.get(type)?.resolve;
      if (!resolve) return;
      for (const [id, view] of await resolve(ctx, viewer, [...ids])) targets.set(targetKey(type, id), view);
    }),
  ]);
  return { actors: new Map(actorRows.map((r) => [r.id, r.display_name])), targets };
}

/** How many candidates each type's finder offers the 「对象」 filter: enough for a number or a name. */
const FIND_LIMIT = 50;

/**
 * The targets the trail's 「对象」 text names for the viewer, by type: each module's finder offers those whose
 * number, title or name contains the text, and its resolver keeps those the viewer may see — so a search by a
 * title finds nothing the viewer could not have read in the trail itself.
 */
export async function matchTargets(ctx: AppContext, viewer: Actor, text: string): Promise<Map<string, string[]>> {
  const found = await Promise.all(
    [...dictionary().targets].map(async ([type, def]) => {
      if (!def.find || !def.resolve) return [type, []] as const;
      const candidates = await def.find(ctx, text, FIND_LIMIT);
      if (!candidates.length) return [type, []] as const;
      return [type, [...(await def.resolve(ctx, viewer, candidates)).keys()]] as const;
    }),
  );
  return new Map(found.filter(([, ids]) => ids.length > 0).map(([type, ids]) => [type, [...ids]]));
}
