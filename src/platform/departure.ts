import type { Level } from '../kernel/levels.js';
import { AppError } from './errors.js';
import type { AppContext, RequestContext } from './context.js';
import type { Trx } from './audit/audit-repo.js';
import type { Db } from './db/database.js';
import { MODULES } from './modules.js';
import { endRequestsOf } from './approvals/pending.js';

/**
 * The departure contract (离岗离职): what a person holds in each module, handing it over, and the last check
 * inside the departure transaction. Identity records the departure and calls `checkDeparture`; each module
 * registers its part (`BaomiModule.departure`), so carriers, loans, passes or signatures join without editing
 * identity. The platform itself ends the requests the person made or was the subject of.
 */
export interface Holding {
  /** The holding's own id within its module (an item's id...). */
  id: string;
  /** What it is (`custody`, `grant`...): the module's word, with text in its web namespace. */
  kind: string;
  /** Its reference as the register shows it (an item's number): never its content. */
  reference: string;
  level: Level | null;
  /** A blocking holding must be handed over before the person may depart. */
  blocking: boolean;
  /** False for what cannot be handed to anyone (it ends with the departure, as an access grant does). Default true. */
  transferable?: boolean;
}

export interface DepartureContract {
  /** What the person holds now, for display and for blocking. */
  holdingsOf(ctx: AppContext, q: Db | Trx, userId: string): Promise<Holding[]>;
  /**
   * Hands holdings to another person, audited per holding. Each holding is handed over as the module's own use
   * case, in its own transaction (a custody transfer has its authorization, history and notices); the module
   * decides who may (the actor is in `rc`) and refuses holdings it does not know.
   */
  handOver(
    ctx: AppContext,
    rc: RequestContext,
    fromId: string,
    toId: string,
    holdingIds: readonly string[],
  ): Promise<void>;
  /** The last word inside the departure transaction: tidy up (revoke grants...) or refuse with a problem. */
  onDeparted?(trx: Trx, ctx: AppContext, rc: RequestContext, userId: string): Promise<void>;
}

const extra = new Map<string, DepartureContract>();

/** Registers the departure part of a module outside `MODULES` (a plug-in, or a test's own module). */
export function registerDeparture(module: string, contract: DepartureContract): void {
  if (extra.has(module) || MODULES.some((m) => m.name === module && m.departure))
    throw new Error(`The departure of ${module} is registered twice`);
  extra.set(module, contract);
}

function contracts(): [string, DepartureContract][] {
  return [
    ...MODULES.flatMap((m) => (m.departure ? [[m.name, m.departure] as [string, DepartureContract]] : [])),
    ...extra,
  ];
}

export function departureOf(module: string): DepartureContract | undefined {
  return contracts().find(([name]) => name === module)?.[1];
}

/** Everything a person holds, by module (modules holding nothing are left out). */
export async function holdingsOf(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
): Promise<{ module: string; holdings: Holding[] }[]> {
  const out: { module: string; holdings: Holding[] }[] = [];
  for (const [module, c] of contracts()) {
    const holdings = await c.holdingsOf(ctx, q, userId);
    if (holdings.length) out.push({ module, holdings });
  }
  return out;
}

/**
 * Inside the departure transaction: refuses while a blocking holding remains (409 `holdings_remain`, naming how
 * many in each module), ends the person's pending requests, then lets each module have its last word.
 */
export async function checkDeparture(trx: Trx, ctx: AppContext, rc: RequestContext, userId: string): Promise<void> {
  const blocking = (await holdingsOf(ctx, trx, userId))
    .map(({ module, holdings }) => ({ module, count: holdings.filter((h) => h.blocking).length }))
    .filter((b) => b.count > 0);
  if (blocking.length)
    throw new AppError(
      'conflict',
      `This person still holds ${blocking.map((b) => `${b.count} in ${b.module}`).join(', ')}: hand them over first`,
      { problem: 'holdings_remain', holdings: Object.fromEntries(blocking.map((b) => [b.module, b.count])) },
    );
  await endRequestsOf(trx, ctx, rc, userId, 'person_departed');
  for (const [, c] of contracts()) await c.onDeparted?.(trx, ctx, rc, userId);
}
