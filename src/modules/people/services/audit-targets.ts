import type { ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { PEOPLE_AUDIT_ACTIONS } from '../contracts/audit-actions.js';
import { REPORT_TARGET } from './report-service.js';
import { SIGNATURE_TARGET } from './signing-service.js';

/** What the agreements module gives the audit trail: its actions and the names of its targets. */
export const PEOPLE_AUDIT: ModuleAuditVocabulary = {
  group: { 'zh-CN': '保密协议', 'en-US': 'Agreements' },
  actions: PEOPLE_AUDIT_ACTIONS,
  targets: {
    agreement_template: { text: { 'zh-CN': '协议模板', 'en-US': 'Agreement template' } },
    agreement_version: { text: { 'zh-CN': '协议版本', 'en-US': 'Agreement version' } },
    [SIGNATURE_TARGET]: { text: { 'zh-CN': '协议签署', 'en-US': 'Agreement signature' } },
    [REPORT_TARGET]: { text: { 'zh-CN': '协议报表', 'en-US': 'Agreement report' } },
    agreement_leavers: { text: { 'zh-CN': '离职人员', 'en-US': 'Leavers' } },
  },
};
