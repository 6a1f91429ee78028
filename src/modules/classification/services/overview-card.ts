import { isClassified, levelsInUse } from '../../../kernel/levels.js';
import type { ItemStatus } from '../../../kernel/secret-item.js';
import { can } from '../../../policy/index.js';
import { getClassificationPolicy } from '../../../platform/organisation.js';
import type { OverviewCardDef } from '../../../platform/workbench/cards.js';
import { countItems } from './item-reads.js';

/** The statuses the office follows: what is being decided, what is in force, what was released. */
const STATUSES: readonly ItemStatus[] = ['proposed', 'in_force', 'declassified'];

/**
 * The confidentiality office's overview of the catalogue: its items by classified level (those in use) and status, each
 * figure counted by the catalogue's own count (its list filter: the security administrator sees the whole catalogue's
 * entries up to their clearance), linking to the catalogue filtered by that level and status.
 */
export const ITEMS_OVERVIEW: OverviewCardDef = {
  kind: 'overview',
  key: 'classification.items_by_level',
  visible: (actor) => can(actor, 'classification.manage'),
  async read(ctx, rc) {
    const levels = levelsInUse(await getClassificationPolicy(ctx)).filter(isClassified);
    const pairs = levels.flatMap((level) => STATUSES.map((status) => ({ level, status })));
    const counts = await Promise.all(pairs.map((f) => countItems(ctx, rc, f)));
    const figures = pairs.map(({ level, status }, i) => {
      const query = `level=${level}&status=${status}`;
      return {
        series: status,
        group: level,
        count: counts[i]!,
        link: { web: `/items?${query}`, api: `/api/items/count?${query}` },
      };
    });
    return { severity: 'normal', figures, facts: [], web: '/items' };
  },
};
