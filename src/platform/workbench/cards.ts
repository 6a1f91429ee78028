import type { Actor } from '../../kernel/actor.js';
import type { AppContext, RequestContext } from '../context.js';
import { MODULES } from '../modules.js';
import { APPROVAL_CARDS } from '../approvals/cards.js';
import { OPERATIONS_CARDS } from '../jobs/overview-cards.js';
import type { Overview } from './contracts.js';

/**
 * Workbench cards (工作台): each module registers what its people should see at a glance — a count computed
 * on the server through the module's own list filter, and the list it counts (a count card), or an overview: several
 * such counts with the lists they count, and facts around them (an overview card). The home page shows the caller's
 * cards; property tests check that every count is the total of the list its link opens, so a card never counts what
 * the person may not see.
 */
export interface CardLink {
  /** The web page that lists what the card counts. */
  web: string;
  /** The API list (or count) whose `total` is the card's count, for the same person at the same time. */
  api: string;
}

export interface CountCardDef {
  kind?: 'count';
  /** `<module>.<name>`: also its text key in the module's web namespace (`card.<name>`). */
  key: string;
  /** Whether the person gets the card at all (the policy's abilities). */
  visible(actor: Actor): boolean;
  /** The count and the lists it comes from, as of now. */
  read(ctx: AppContext, rc: RequestContext): Promise<{ count: number; link: CardLink }>;
}

export interface OverviewCardDef {
  kind: 'overview';
  /** `<module>.<name>`; the web draws each overview with its own component (`app/workbench`). */
  key: string;
  visible(actor: Actor): boolean;
  /** The figures, each counted by the service of the list its link opens, and the facts, as of now. */
  read(ctx: AppContext, rc: RequestContext): Promise<Omit<Overview, 'key'>>;
}

export type CardDef = CountCardDef | OverviewCardDef;

const extra: CardDef[] = [];

/** Registers cards of a module outside `MODULES` (a plug-in, or a test's own module). */
export function registerCards(cards: readonly CardDef[]): void {
  extra.push(...cards);
}

export function cardDefs(): CardDef[] {
  return [...APPROVAL_CARDS, ...OPERATIONS_CARDS, ...MODULES.flatMap((m) => m.cards ?? []), ...extra];
}

export function countCards(): CountCardDef[] {
  return cardDefs().filter((c): c is CountCardDef => c.kind !== 'overview');
}

export function overviewCards(): OverviewCardDef[] {
  return cardDefs().filter((c): c is OverviewCardDef => c.kind === 'overview');
}
