/** Audit: the trail as people read it (list, export) and its verification on request. */
import type { BaomiModule } from '../../platform/module.js';
import { auditRoutes } from './routes.js';
import { AUDIT_CARDS } from './services/cards.js';
import { auditSettingsRoutes } from './settings-routes.js';

export const audit: BaomiModule = {
  name: 'audit',
  cards: AUDIT_CARDS,
  routes: (ctx) => [auditRoutes(ctx), auditSettingsRoutes(ctx)],
};
