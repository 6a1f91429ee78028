import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { COURSE_AUDIT_ACTIONS } from './course-vocab.js';
import { RECORD_AUDIT_ACTIONS } from './record-vocab.js';
import { REPORT_AUDIT_ACTIONS } from './report-vocab.js';
import { SESSION_AUDIT_ACTIONS } from './session-vocab.js';

/** What the training module records in the audit trail, with its texts: each part's (`*-vocab.ts`), in one list. */
export const TRAINING_AUDIT_ACTIONS = {
  ...COURSE_AUDIT_ACTIONS,
  ...SESSION_AUDIT_ACTIONS,
  ...REPORT_AUDIT_ACTIONS,
  ...RECORD_AUDIT_ACTIONS,
} as const satisfies Record<string, VocabularyText>;
