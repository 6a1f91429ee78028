/**
 * Every ability (the roles page lists them) and every value of the lists the UI shows has text in both languages: the policy's actions
 * (`perm.<action>` in the owning module's namespace, shown on the roles page) and the kernel's value lists
 * (levels, categories, statuses, request types, approver groups, roles...). A value added on the server without its words
 * fails here, not in front of a user.
 */
import { describe, expect, it } from 'vitest';
import { TARGETLESS_ACTIONS } from '../../../src/policy/index.js';
import { ITEM_CATEGORIES, LEVELS } from '../../../src/kernel/levels.js';
import { ADMIN_ROLES, BUSINESS_ROLES } from '../../../src/kernel/roles.js';
import { ORGANISATION_GROUPS, REQUEST_STATUSES } from '../../../src/kernel/approvals.js';
import {
  CLASSIFICATION_REQUEST_TYPES,
  DECLASSIFY_REASONS,
  GRANT_ACTIONS,
  ITEM_APPROVER_GROUPS,
  ITEM_STATUSES,
  REVIEW_KINDS,
} from '../../../src/kernel/secret-item.js';
import { zhCN as appZh } from '../../../web/src/app/i18n/zh-CN.js';
import { enUS as appEn } from '../../../web/src/app/i18n/en-US.js';
import { zhCN as identityZh } from '../../../web/src/modules/identity/i18n/zh-CN.js';
import { enUS as identityEn } from '../../../web/src/modules/identity/i18n/en-US.js';
import { zhCN as auditZh } from '../../../web/src/modules/audit/i18n/zh-CN.js';
import { enUS as auditEn } from '../../../web/src/modules/audit/i18n/en-US.js';
import { zhCN as approvalsZh } from '../../../web/src/modules/approvals/i18n/zh-CN.js';
import { enUS as approvalsEn } from '../../../web/src/modules/approvals/i18n/en-US.js';
import { zhCN as classificationZh } from '../../../web/src/modules/classification/i18n/zh-CN.js';
import { enUS as classificationEn } from '../../../web/src/modules/classification/i18n/en-US.js';
import { zhCN as carriersZh } from '../../../web/src/modules/carriers/i18n/zh-CN.js';
import { enUS as carriersEn } from '../../../web/src/modules/carriers/i18n/en-US.js';
import { zhCN as peopleZh } from '../../../web/src/modules/people/i18n/zh-CN.js';
import { enUS as peopleEn } from '../../../web/src/modules/people/i18n/en-US.js';
import { zhCN as trainingZh } from '../../../web/src/modules/training/i18n/zh-CN.js';
import { enUS as trainingEn } from '../../../web/src/modules/training/i18n/en-US.js';
import {
  COURSE_KINDS,
  COURSE_MODES,
  COURSE_STATUSES,
  TRAINING_STATES,
  TRAINING_TOPICS,
} from '../../../src/kernel/training.js';
import {
  AGREEMENT_KINDS,
  OBLIGATION_STATES,
  SIGNATURE_ACTS,
  SIGNATURE_METHODS,
  TEMPLATE_STATUSES,
} from '../../../src/kernel/agreements.js';
import {
  CARRIER_KINDS,
  CARRIER_REQUEST_TYPES,
  CARRIER_STATUSES,
  CHANNELS,
  HANDLER_DUTIES,
  LEDGERS,
  LOCATION_KINDS,
} from '../../../src/kernel/carriers.js';

type Tree = Record<string, unknown>;
const LANGUAGES: Record<string, Tree[]> = {
  'zh-CN': [appZh, identityZh, auditZh, approvalsZh, classificationZh, carriersZh, peopleZh, trainingZh] as Tree[],
  'en-US': [appEn, identityEn, auditEn, approvalsEn, classificationEn, carriersEn, peopleEn, trainingEn] as Tree[],
};

/** The text of `group.key` in whichever namespace of the language has it (keys may hold dots: request types). */
function textOf(language: string, group: string, key: string): string | undefined {
  for (const ns of LANGUAGES[language]!) {
    const v = (ns[group] as Record<string, unknown> | undefined)?.[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

const LISTS: [string, readonly string[]][] = [
  ['perm', TARGETLESS_ACTIONS],
  ['level', LEVELS],
  ['category', ITEM_CATEGORIES],
  ['itemStatus', ITEM_STATUSES],
  ['requestType', [...CLASSIFICATION_REQUEST_TYPES, ...CARRIER_REQUEST_TYPES]],
  ['requestStatus', REQUEST_STATUSES],
  ['grantAction', GRANT_ACTIONS],
  ['declassifyReason', DECLASSIFY_REASONS],
  ['reviewKind', REVIEW_KINDS],
  ['role', [...ADMIN_ROLES, ...BUSINESS_ROLES]],
  // The organisation's groups (the approvals namespace) and those a secret item gives its requests' chains.
  ['approverGroup', [...ORGANISATION_GROUPS, ...ITEM_APPROVER_GROUPS]],
  // Carriers: kinds, statuses, channels, handler duties, location kinds and ledgers (the carriers namespace).
  ['kind', CARRIER_KINDS],
  ['status', CARRIER_STATUSES],
  ['channel', CHANNELS],
  ['duty', HANDLER_DUTIES],
  ['locationKind', LOCATION_KINDS],
  ['ledger', LEDGERS],
  // People: agreement kinds, obligation states, signature methods and acts, template statuses (the people namespace).
  ['kind', AGREEMENT_KINDS],
  ['state', OBLIGATION_STATES],
  ['method', SIGNATURE_METHODS],
  ['act', SIGNATURE_ACTS],
  ['templateStatus', TEMPLATE_STATUSES],
  // Training: topics, course kinds, modes and statuses, where a person stands (the training namespace).
  ['topic', TRAINING_TOPICS],
  ['courseKind', COURSE_KINDS],
  ['mode', COURSE_MODES],
  ['courseStatus', COURSE_STATUSES],
  ['state', TRAINING_STATES],
];

describe('words for what the UI shows', () => {
  const rows = LISTS.flatMap(([group, values]) =>
    values.flatMap((value) => Object.keys(LANGUAGES).map((language) => ({ group, value, language }))),
  );
  it.each(rows)('$language: $group $value', ({ group, value, language }) => {
    expect(textOf(language, group, value)?.trim()).toBeTruthy();
  });
});
