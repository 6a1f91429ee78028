/**
 * Training (保密教育培训): courses with online materials and offline sessions, who must take what (audiences as
 * rules), completions and certificates, follow-up tasks, external certificates, publicity campaigns, awareness
 * messages, coverage reports. What the platform (through modules.ts) and other modules may use of it.
 */
import type { BaomiModule } from '../../platform/module.js';
import { TRAINING_CODE_TEXTS, TRAINING_NOTICES } from './contracts/notifications.js';
import { courseRoutes } from './course-routes.js';
import { sessionRoutes } from './session-routes.js';
import { reportRoutes } from './report-routes.js';
import { recordRoutes } from './record-routes.js';
import { loadTrainingDemo } from './demo.js';
import { trainingQualification } from './services/training-facts.js';
import { reminderJobs } from './services/reminder-job.js';
import { awarenessJobs } from './services/awareness-job.js';
import { TRAINING_CARDS } from './services/cards.js';
import { TRAINING_AUDIT } from './services/audit-targets.js';

export const training: BaomiModule = {
  name: 'training',
  notices: TRAINING_NOTICES,
  codeTexts: TRAINING_CODE_TEXTS,
  audit: TRAINING_AUDIT,
  qualification: trainingQualification,
  jobs: () => [...reminderJobs(), ...awarenessJobs()],
  cards: TRAINING_CARDS,
  demo: loadTrainingDemo,
  routes: (ctx) => [courseRoutes(ctx), sessionRoutes(ctx), reportRoutes(ctx), recordRoutes(ctx)],
};

/**
 * Follow-up training (TRN-13) for the incident module: assigns a published course to people by a date, in the
 * caller's transaction (notified, audited); the caller decides who may.
 */
export { assignFollowUpTraining, type FollowUpTraining } from './services/assignment-service.js';
