import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localIsoOf } from '../../../../src/kernel/local-time.js';
import type { AuditDictionary } from '../../../../src/modules/audit/contracts/audit.js';
import { api, type AuditLang } from './api.js';

/**
 * The trail's words from the server's action dictionary (the typed actions, one source for the list, the
 * filter and the exports): action and target-type names in the reader's language, the filter's grouped
 * options, and times in the organisation's zone. Until it loads, codes show as they are.
 */
export function useAuditDictionary() {
  const { i18n } = useTranslation();
  const lang: AuditLang = i18n.language.startsWith('en') ? 'en-US' : 'zh-CN';
  const q = useQuery({ queryKey: ['audit', 'dictionary'], queryFn: api.audit.dictionary, staleTime: Infinity });
  return { lang, ...wordsOf(q.data, lang), loaded: q.isSuccess };
}

export function wordsOf(d: AuditDictionary | undefined, lang: AuditLang) {
  const actions = new Map(d?.groups.flatMap((g) => g.actions.map((a) => [a.action, a.text[lang]] as const)) ?? []);
  const zone = d?.timeZone ?? 'Asia/Shanghai';
  return {
    actionName: (code: string) => actions.get(code) ?? code,
    targetTypeName: (type: string) => d?.targetTypes[type]?.[lang] ?? type,
    /** The filter's options: each group by its name, its actions by theirs (searchable by name or code). */
    actionOptions: (d?.groups ?? []).map((g) => ({
      label: g.text[lang],
      title: g.key,
      options: g.actions.map((a) => ({ value: a.action, label: a.text[lang], code: a.action })),
    })),
    /** `2026-12-06 20:15:03` in the organisation's zone, and the full local ISO form with its offset. */
    localTime: (at: string) => {
      const iso = localIsoOf(at, zone);
      return { text: iso.slice(0, 19).replace('T', ' '), iso };
    },
    timeZone: zone,
  };
}
