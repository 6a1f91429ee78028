/** Audit: the trail as people read it (list, export) and its verification on request. */
import type { BaomiModule } from '../../platform/module.js';
import { auditRoutes } from './routes.js';
import { auditSettingsRoutes } from './settings-routes.js';

export const audit: BaomiModule = {
  name: 'audit',
  routes: (ctx) => [auditRoutes(ctx), auditSettingsRoutes(ctx)],
};
