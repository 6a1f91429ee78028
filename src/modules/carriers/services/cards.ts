import type { Actor } from '../../../kernel/actor.js';
import { can } from '../../../policy/index.js';
import type { CardDef } from '../../../platform/workbench/cards.js';
import { countCarriers, type ListInput } from './carrier-read.js';

/**
 * The carriers' workbench cards, each counted by `countCarriers` — the service the list and its count route call —
 * with the filters of the list it links to, so a card never counts what that list would not show the person.
 */
function card(key: string, visible: (actor: Actor) => boolean, query: ListInput): CardDef {
  const qs = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();
  return {
    key,
    visible,
    async read(ctx, rc) {
      const count = await countCarriers(ctx, rc, query);
      return { count, link: { web: `/carriers?${qs}`, api: `/api/carriers/count?${qs}` } };
    },
  };
}

const registerReader = (a: Actor) => can(a, 'carrier.view_register');
/** The department's own head or confidentiality officer (the security office has the unit's card instead). */
const departmentKeeper = (a: Actor) =>
  a.adminRole !== 'secadmin' && a.departmentId !== null && can(a, 'carrier.view_department_ledger');

export const CARRIER_CARDS: CardDef[] = [
  // What I keep or hold (my personal ledger).
  card('carriers.held', registerReader, { ledger: 'personal' }),
  // Mine out past their due date: lent to me, or lent from my custody, carried, circulating.
  card('carriers.loans_due', registerReader, { ledger: 'personal', overdue: 'true' }),
  // My department's overdue carriers, for its head and officers; the whole unit's for the security office.
  card('carriers.department_overdue', departmentKeeper, { ledger: 'department', overdue: 'true' }),
  card('carriers.unit_overdue', (a) => can(a, 'carrier.view_unit_ledger'), { ledger: 'unit', overdue: 'true' }),
  // Transmitted to me and waiting for my sign-for (the sender, who keeps it until then, is not counted).
  card('carriers.to_sign_for', registerReader, { ledger: 'personal', status: 'in_transit', holding: 'true' }),
  // Carried out and not yet back, of those I may see.
  card('carriers.carried_out', registerReader, { status: 'carried_out' }),
];
