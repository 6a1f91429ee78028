/** Every typed audit action list, by owner: what the vocabulary tests hold the dictionary to. */
import { PLATFORM_AUDIT_ACTIONS } from '../../src/platform/contracts/audit-actions.js';
import { IDENTITY_AUDIT_ACTIONS } from '../../src/modules/identity/contracts/audit-actions.js';
import { AUDIT_MODULE_AUDIT_ACTIONS } from '../../src/modules/audit/contracts/audit-actions.js';
import { CLASSIFICATION_AUDIT_ACTIONS } from '../../src/modules/classification/contracts/audit-actions.js';
import { CARRIER_AUDIT_ACTIONS } from '../../src/modules/carriers/contracts/audit-actions.js';
import { PEOPLE_AUDIT_ACTIONS } from '../../src/modules/people/contracts/audit-actions.js';
import { TRAINING_AUDIT_ACTIONS } from '../../src/modules/training/contracts/audit-actions.js';
import { PRINT_AUDIT_ACTIONS } from '../../src/platform/contracts/print-audit-actions.js';

export const AUDIT_LISTS = {
  platform: PLATFORM_AUDIT_ACTIONS,
  identity: IDENTITY_AUDIT_ACTIONS,
  audit: AUDIT_MODULE_AUDIT_ACTIONS,
  classification: CLASSIFICATION_AUDIT_ACTIONS,
  carriers: CARRIER_AUDIT_ACTIONS,
  people: PEOPLE_AUDIT_ACTIONS,
  training: TRAINING_AUDIT_ACTIONS,
  print: PRINT_AUDIT_ACTIONS,
};
