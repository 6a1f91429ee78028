import { PLATFORM_AUDIT_ACTIONS, type VocabularyText } from '../../../platform/contracts/audit-actions.js';
import { PRINT_AUDIT_ACTIONS } from '../../../platform/contracts/print-audit-actions.js';
import type { AuditTargetDef, ModuleAuditVocabulary } from '../../../platform/audit/targets.js';
import { approvalRequestTarget } from '../../../platform/approvals/audit-target.js';
import { MODULES } from '../../../platform/modules.js';
import { settingsTarget } from './settings-target.js';
import type { AuditDictionary, AuditLang } from '../contracts/audit.js';

/**
 * The action dictionary: every typed audit action with its texts, in the group of the module or area it
 * belongs to, joined from the same lists that type `AuditAction` (the platform's here, each module's from its
 * `BaomiModule.audit`). The trail's filter, its list and its exports all read it; nothing else names actions.
 */
const { 'audit.reanchor': reanchor, ...platformRest } = PLATFORM_AUDIT_ACTIONS;
const pick = (prefix: string, ofPrefix: boolean) =>
  Object.fromEntries(Object.entries(platformRest).filter(([a]) => a.startsWith(prefix) === ofPrefix));

/** The platform's own parts: the approval engine and the system (first start, demo, settings). */
const PLATFORM_GROUPS: Record<string, ModuleAuditVocabulary> = {
  approvals: {
    group: { 'zh-CN': '审批', 'en-US': 'Approvals' },
    actions: { ...pick('approval.', true), ...PRINT_AUDIT_ACTIONS },
    targets: { approval_request: approvalRequestTarget },
  },
  system: {
    group: { 'zh-CN': '系统', 'en-US': 'System' },
    actions: pick('approval.', false),
    targets: {
      settings: settingsTarget,
      audit: { text: { 'zh-CN': '审计日志', 'en-US': 'Audit trail' } },
    },
  },
};

/** The chain's re-anchoring is the platform's (the CLI), but an auditor looks for it with the trail's own. */
const AUDIT_EXTRA = { 'audit.reanchor': reanchor };

export interface Dictionary {
  groups: { key: string; vocabulary: ModuleAuditVocabulary }[];
  actions: Map<string, VocabularyText>;
  targets: Map<string, AuditTargetDef>;
}

let built: Dictionary | undefined;

export function dictionary(): Dictionary {
  if (built) return built;
  const groups = [
    ...MODULES.filter((m) => m.audit).map((m) => ({
      key: m.name,
      vocabulary: m.name === 'audit' ? { ...m.audit!, actions: { ...m.audit!.actions, ...AUDIT_EXTRA } } : m.audit!,
    })),
    ...Object.entries(PLATFORM_GROUPS).map(([key, vocabulary]) => ({ key, vocabulary })),
  ];
  const actions = new Map<string, VocabularyText>();
  const targets = new Map<string, AuditTargetDef>();
  for (const { vocabulary } of groups) {
    for (const [a, text] of Object.entries(vocabulary.actions)) actions.set(a, text);
    for (const [type, def] of Object.entries(vocabulary.targets ?? {})) targets.set(type, def);
  }
  built = { groups, actions, targets };
  return built;
}

/** An action's name in `lang`; an action an older version recorded keeps its code. */
export function actionName(action: string, lang: AuditLang): string {
  return dictionary().actions.get(action)?.[lang] ?? action;
}

/** A target type's name in `lang`; a type no module names keeps its code. */
export function targetTypeName(type: string, lang: AuditLang): string {
  return dictionary().targets.get(type)?.text[lang] ?? type;
}

export function dictionaryResponse(timeZone: string): AuditDictionary {
  const d = dictionary();
  return {
    groups: d.groups.map(({ key, vocabulary }) => ({
      key,
      text: vocabulary.group,
      actions: Object.entries(vocabulary.actions).map(([action, text]) => ({ action, text })),
    })),
    targetTypes: Object.fromEntries([...d.targets].map(([type, def]) => [type, def.text])),
    timeZone,
  };
}
