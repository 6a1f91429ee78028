/**
 * Classification: the secret-item catalogue, need-to-know scope and grants, custody, classification
 * authorities, reviews. What the platform (through modules.ts) and other modules may use of it.
 */
import { CLASSIFICATION_CODE_TEXTS, CLASSIFICATION_NOTICES } from './contracts/notifications.js';
import type { BaomiModule } from '../../platform/module.js';
import { loadClassificationDemo } from './demo.js';
import { classificationJobs } from './jobs.js';
import { classificationRoutes } from './routes.js';
import { accessRoutes } from './access-routes.js';
import { CLASSIFICATION_REQUEST_DEFS } from './services/request-types.js';
import { classificationDeparture } from './services/departure.js';
import { CLASSIFICATION_CARDS } from './services/cards.js';
import { ITEMS_OVERVIEW } from './services/overview-card.js';
import { CLASSIFICATION_AUDIT } from './services/audit-targets.js';

export const classification: BaomiModule = {
  name: 'classification',
  notices: CLASSIFICATION_NOTICES,
  codeTexts: CLASSIFICATION_CODE_TEXTS,
  audit: CLASSIFICATION_AUDIT,
  routes: (ctx) => [classificationRoutes(ctx), accessRoutes(ctx)],
  requestTypes: CLASSIFICATION_REQUEST_DEFS,
  departure: classificationDeparture,
  cards: [...CLASSIFICATION_CARDS, ITEMS_OVERVIEW],
  jobs: classificationJobs,
  demo: async (ctx) => ({ ...(await loadClassificationDemo(ctx)) }),
};

// Carriers link to secret items: who may know the item may know its carriers (the catalogue's own rule).
export {
  itemAccessTokens,
  itemSeqOf,
  linkedItemReaders,
  visibleItemIds,
  visibleItemSeqs,
} from './repositories/item-query.js';
export { itemNumbers, knowsItem, linkedItemFor, type LinkedItem } from './services/linked-items.js';
export { markingSchema, periodSchema, scopeListSchema, scopeViewSchema } from './contracts/classification.js';
// A register that keeps a need-to-know scope and a custodian checks them as the catalogue does.
export { assertAddedPeopleFit, assertCustodian, labelScope, validateScope } from './services/item-scope.js';
