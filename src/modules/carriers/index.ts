/**
 * Carriers: the register (台账) of classified carriers — documents, telegrams, charts, media, devices — with their
 * storage locations, designated handlers, ledgers and every movement. What the platform (through modules.ts) and
 * other modules may use of it.
 */
import type { BaomiModule } from '../../platform/module.js';
import { CARRIER_CODE_TEXTS, CARRIER_NOTICES } from './contracts/notifications.js';
import { registerRoutes } from './routes.js';
import { carrierRequestRoutes } from './request-routes.js';
import { CARRIER_REQUEST_DEFS } from './services/request-types.js';
import { movementRoutes } from './movement-routes.js';
import { carrierDeparture } from './services/departure.js';
import { ledgerRoutes } from './ledger-routes.js';
import { CARRIER_CARDS } from './services/cards.js';
import { CARRIERS_AUDIT } from './services/audit-targets.js';
import { carrierJobs } from './jobs.js';
import { loadCarriersDemo } from './demo.js';
import { rewriteLinkedReaders } from './repositories/carrier-repo.js';

export const carriers: BaomiModule = {
  name: 'carriers',
  notices: CARRIER_NOTICES,
  codeTexts: CARRIER_CODE_TEXTS,
  audit: CARRIERS_AUDIT,
  cards: CARRIER_CARDS,
  jobs: carrierJobs,
  demo: loadCarriersDemo,
  routes: (ctx) => [registerRoutes(ctx), ledgerRoutes(ctx), movementRoutes(ctx), carrierRequestRoutes(ctx)],
  departure: carrierDeparture,
  requestTypes: CARRIER_REQUEST_DEFS,
  linkedItemAccess: rewriteLinkedReaders,
};
