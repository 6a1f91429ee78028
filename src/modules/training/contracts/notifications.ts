import type { CodeTexts, NoticeCatalogue } from '../../../platform/contracts/notifications.js';
import { COURSE_CODE_TEXTS, COURSE_NOTICES } from './course-vocab.js';
import { RECORD_CODE_TEXTS, RECORD_NOTICES } from './record-vocab.js';
import { REPORT_CODE_TEXTS, REPORT_NOTICES } from './report-vocab.js';
import { SESSION_CODE_TEXTS, SESSION_NOTICES } from './session-vocab.js';

/** The notices the training module sends and the texts of the codes they show: each part's, given to the platform. */
export const TRAINING_NOTICES: NoticeCatalogue = {
  ...COURSE_NOTICES,
  ...SESSION_NOTICES,
  ...REPORT_NOTICES,
  ...RECORD_NOTICES,
};

export const TRAINING_CODE_TEXTS: CodeTexts = {
  ...COURSE_CODE_TEXTS,
  ...SESSION_CODE_TEXTS,
  ...REPORT_CODE_TEXTS,
  ...RECORD_CODE_TEXTS,
};
