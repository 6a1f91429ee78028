import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { defineNotices, type CodeTexts, type NoticeParams } from '../../../platform/contracts/notifications.js';

/**
 * The records part of training: why it refuses a request (`error.details.problem`; the web's texts: training's
 * `problem.<code>`), what it records in the audit trail, the notices it sends.
 */
export const RECORD_PROBLEMS = [] as const;

export const RECORD_AUDIT_ACTIONS = {} as const satisfies Record<string, VocabularyText>;

export const RECORD_NOTICES = defineNotices({});

export const RECORD_CODE_TEXTS = {} satisfies CodeTexts;

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof RECORD_NOTICES> {}
}
