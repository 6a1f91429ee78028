import { PLATFORM_AUDIT_ACTIONS, type VocabularyText } from '../../../../src/platform/contracts/audit-actions.js';
import { IDENTITY_AUDIT_ACTIONS } from '../../../../src/modules/identity/contracts/audit-actions.js';
import { AUDIT_MODULE_AUDIT_ACTIONS } from '../../../../src/modules/audit/contracts/audit-actions.js';
import { CLASSIFICATION_AUDIT_ACTIONS } from '../../../../src/modules/classification/contracts/audit-actions.js';
import { CARRIER_AUDIT_ACTIONS } from '../../../../src/modules/carriers/contracts/audit-actions.js';
import { PEOPLE_AUDIT_ACTIONS } from '../../../../src/modules/people/contracts/audit-actions.js';
import { TRAINING_AUDIT_ACTIONS } from '../../../../src/modules/training/contracts/audit-actions.js';
import { PRINT_AUDIT_ACTIONS } from '../../../../src/platform/contracts/print-audit-actions.js';

/** Every audit action's text, from the server's typed vocabularies (one place, both languages). */
const TEXTS: Record<string, VocabularyText> = {
  ...PLATFORM_AUDIT_ACTIONS,
  ...IDENTITY_AUDIT_ACTIONS,
  ...AUDIT_MODULE_AUDIT_ACTIONS,
  ...CLASSIFICATION_AUDIT_ACTIONS,
  ...CARRIER_AUDIT_ACTIONS,
  ...PEOPLE_AUDIT_ACTIONS,
  ...TRAINING_AUDIT_ACTIONS,
  ...PRINT_AUDIT_ACTIONS,
};

/** The reader's words for an audit action; an action recorded by an older version keeps its code. */
export function auditActionText(action: string, language: string): string | null {
  const text = TEXTS[action];
  if (!text) return null;
  return language.startsWith('en') ? text['en-US'] : text['zh-CN'];
}
