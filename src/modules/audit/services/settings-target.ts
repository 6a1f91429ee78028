import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';
import type { AuditTargetDef, AuditTargetView } from '../../../platform/audit/targets.js';

/**
 * The settings the trail names: each key its events record, with its name in both languages and the page that
 * edits it. A setting's name is no secret (every page says which settings exist); its values stay on its page,
 * which decides who may open it. A key missing here (an older version's) shows as the type and the key.
 */
const SETTINGS: Readonly<Record<string, { text: VocabularyText; link: string }>> = {
  account_policy: { text: { 'zh-CN': '账号策略', 'en-US': 'Account policy' }, link: '/settings/account-policy' },
  mfa_requirement: {
    text: { 'zh-CN': '第二因素要求', 'en-US': 'Second-factor requirement' },
    link: '/settings/account-policy',
  },
  general_manager: { text: { 'zh-CN': '总经理', 'en-US': 'General manager' }, link: '/roles' },
  classification: {
    text: { 'zh-CN': '定密设置', 'en-US': 'Classification settings' },
    link: '/settings/classification',
  },
  classification_policy: {
    text: { 'zh-CN': '定密策略', 'en-US': 'Classification policy' },
    link: '/settings/classification',
  },
  carrier_settings: { text: { 'zh-CN': '载体设置', 'en-US': 'Carrier settings' }, link: '/carrier-settings' },
  training: { text: { 'zh-CN': '培训设置', 'en-US': 'Training settings' }, link: '/training/report' },
  agreements: { text: { 'zh-CN': '协议设置', 'en-US': 'Agreement settings' }, link: '/agreement-templates' },
  audit: { text: { 'zh-CN': '审计设置', 'en-US': 'Audit settings' }, link: '/audit/settings' },
  approval_chains: { text: { 'zh-CN': '审批流程', 'en-US': 'Approval chains' }, link: '/approval-chains' },
};

export const settingsTarget: AuditTargetDef = {
  text: { 'zh-CN': '设置', 'en-US': 'Settings' },
  resolve: async (_ctx, _viewer, keys) => {
    const out = new Map<string, AuditTargetView>();
    for (const key of keys) {
      const s = SETTINGS[key];
      if (s) out.set(key, { label: s.text['zh-CN'], link: s.link, text: s.text });
    }
    return out;
  },
  find: async (_ctx, q, limit) => {
    const needle = q.toLowerCase();
    return Object.entries(SETTINGS)
      .filter(([key, s]) => [key, s.text['zh-CN'], s.text['en-US']].some((t) => t.toLowerCase().includes(needle)))
      .slice(0, limit)
      .map(([key]) => key);
  },
};
