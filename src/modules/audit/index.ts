/** Audit: the trail as people read it (list, export, its archive), its verification on request, its archiving job. */
import type { BaomiModule } from '../../platform/module.js';
import { auditRoutes } from './routes.js';
import { AUDIT_CARDS } from './services/cards.js';
import { auditSettingsRoutes } from './settings-routes.js';
import { AUDIT_MODULE_AUDIT_ACTIONS } from './contracts/audit-actions.js';
import { auditJobs } from './jobs.js';

export const audit: BaomiModule = {
  name: 'audit',
  cards: AUDIT_CARDS,
  routes: (ctx) => [auditRoutes(ctx), auditSettingsRoutes(ctx)],
  jobs: auditJobs,
  audit: { group: { 'zh-CN': '审计', 'en-US': 'Audit' }, actions: AUDIT_MODULE_AUDIT_ACTIONS },
};
