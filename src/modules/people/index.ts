/**
 * People: the confidentiality agreements every person signs (保密协议、保密责任书、保密承诺书、离职保密协议) — templates
 * in versions, signatures, the sign-in hold, the departure NDA, reports. What the platform (through modules.ts) and
 * other modules may use of it.
 */
import type { BaomiModule } from '../../platform/module.js';
import { PEOPLE_CODE_TEXTS, PEOPLE_NOTICES } from './contracts/notifications.js';
import { templateRoutes } from './routes.js';
import { signatureRoutes } from './signature-routes.js';
import { agreementsGate } from './services/obligation-service.js';
import { peopleDeparture } from './services/departure.js';
import { agreementsAfterMove } from './services/agreement-moves.js';
import { peopleJobs } from './jobs.js';
import { reportRoutes } from './report-routes.js';
import { PEOPLE_CARDS } from './services/cards.js';
import { PEOPLE_AUDIT } from './services/audit-targets.js';
import { loadPeopleDemo } from './demo.js';

export const people: BaomiModule = {
  name: 'people',
  notices: PEOPLE_NOTICES,
  codeTexts: PEOPLE_CODE_TEXTS,
  audit: PEOPLE_AUDIT,
  jobs: peopleJobs,
  cards: PEOPLE_CARDS,
  demo: loadPeopleDemo,
  signInGate: agreementsGate,
  departure: peopleDeparture,
  peopleMoved: agreementsAfterMove,
  routes: (ctx) => [templateRoutes(ctx), signatureRoutes(ctx), reportRoutes(ctx)],
};
