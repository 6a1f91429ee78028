import { COURSE_PROBLEMS } from './course-vocab.js';
import { RECORD_PROBLEMS } from './record-vocab.js';
import { REPORT_PROBLEMS } from './report-vocab.js';
import { SESSION_PROBLEMS } from './session-vocab.js';

/**
 * Why the training module refuses a request (`error.details.problem`); the web's texts: training's `problem.<code>`.
 * Each part of the module lists its own (`*-vocab.ts`); this is the one list. Codes another module declared are
 * reused, not declared again (their text is there): `department_unknown`, `person_inactive` (people's).
 */
export const TRAINING_PROBLEMS = [
  'audience_duplicate_rule', // the same audience rule twice
  'audience_days_out_of_range', // a `new_hires` rule's days outside 1..3650
  'audience_empty_classes', // a `clearance` rule naming no class
  'audience_blank_post', // a `post` rule with a blank post
  'course_unknown',
  ...COURSE_PROBLEMS,
  ...SESSION_PROBLEMS,
  ...REPORT_PROBLEMS,
  ...RECORD_PROBLEMS,
] as const;
export type TrainingProblem = (typeof TRAINING_PROBLEMS)[number];

declare module '../../../platform/contracts/problems.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ProblemRegistry extends Record<TrainingProblem, true> {}
}
