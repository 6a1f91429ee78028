/**
 * Problem codes are typed and translated: every code a module declares has zh-CN and en-US text in that
 * module's web namespace (`problem.<code>`), the web translates no code nobody declares, and a misspelt code
 * is a type error where an error is built.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/platform/errors.js';
import { CLASSIFICATION_PROBLEMS } from '../../../src/modules/classification/contracts/problems.js';
import { zhCN } from '../../../web/src/modules/classification/i18n/zh-CN.js';
import { enUS } from '../../../web/src/modules/classification/i18n/en-US.js';
import { PLATFORM_PROBLEMS } from '../../../src/platform/contracts/problems.js';
import { zhCN as approvalsZh } from '../../../web/src/modules/approvals/i18n/zh-CN.js';
import { enUS as approvalsEn } from '../../../web/src/modules/approvals/i18n/en-US.js';
import { CARRIER_PROBLEMS } from '../../../src/modules/carriers/contracts/problems.js';
import { zhCN as carriersZh } from '../../../web/src/modules/carriers/i18n/zh-CN.js';
import { enUS as carriersEn } from '../../../web/src/modules/carriers/i18n/en-US.js';
import { PEOPLE_PROBLEMS } from '../../../src/modules/people/contracts/problems.js';
import { zhCN as peopleZh } from '../../../web/src/modules/people/i18n/zh-CN.js';
import { enUS as peopleEn } from '../../../web/src/modules/people/i18n/en-US.js';
import { TRAINING_PROBLEMS } from '../../../src/modules/training/contracts/problems.js';
import { zhCN as trainingZh } from '../../../web/src/modules/training/i18n/zh-CN.js';
import { enUS as trainingEn } from '../../../web/src/modules/training/i18n/en-US.js';
import { JOB_PROBLEMS } from '../../../src/platform/jobs/contracts.js';
import { zhCN as workbenchZh } from '../../../web/src/app/workbench/i18n/zh-CN.js';
import { enUS as workbenchEn } from '../../../web/src/app/workbench/i18n/en-US.js';

const MODULES = [
  { name: 'classification', codes: CLASSIFICATION_PROBLEMS, zh: zhCN.problem, en: enUS.problem },
  // The platform's own (the approval engine's paper records): texts in the approvals web namespace.
  { name: 'approvals', codes: PLATFORM_PROBLEMS, zh: approvalsZh.problem, en: approvalsEn.problem },
  // Carriers reuses classification's codes (custodian_not_cleared, term_required...) and declares only its own.
  { name: 'carriers', codes: CARRIER_PROBLEMS, zh: carriersZh.problem, en: carriersEn.problem },
  // People: the agreements' templates, signatures, paper records, withdrawals, leavers and reports.
  { name: 'people', codes: PEOPLE_PROBLEMS, zh: peopleZh.problem, en: peopleEn.problem },
  // Training: courses, sessions, reports and records (each part lists its own; contracts/problems.ts joins them).
  { name: 'training', codes: TRAINING_PROBLEMS, zh: trainingZh.problem, en: trainingEn.problem },
  // The platform's jobs (their intervals): texts in the workbench namespace, beside the job-run history.
  { name: 'workbench', codes: JOB_PROBLEMS, zh: workbenchZh.problem, en: workbenchEn.problem },
];

describe('problem codes', () => {
  const rows = MODULES.flatMap((m) => m.codes.map((code) => ({ module: m.name, code, m })));

  it.each(rows)('$module: $code has both texts', ({ code, m }) => {
    expect((m.zh as Record<string, string>)[code]?.trim()).toBeTruthy();
    expect((m.en as Record<string, string>)[code]?.trim()).toBeTruthy();
  });

  it.each(MODULES)('$name: the web translates only declared codes', (m) => {
    // camelCase keys are the block's own phrases (e.g. `sinceSubmission`), not codes.
    const codes = Object.keys(m.zh).filter((k) => /^[a-z_]+$/.test(k));
    expect(codes.filter((k) => !(m.codes as readonly string[]).includes(k))).toEqual([]);
  });

  it('rejects a misspelt problem code at compile time', () => {
    // @ts-expect-error not a declared problem code
    const e = new AppError('conflict', 'x', { problem: 'pendng_request' });
    const ok = new AppError('conflict', 'x', { problem: 'pending_request', number: 'REQ-1' });
    expect([e.code, ok.code]).toEqual(['conflict', 'conflict']);
  });
});
