import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import { enUS } from './en-US.js';
import { zhCN } from './zh-CN.js';

export const LIST_NS = 'list';

/**
 * The shared list component's texts, namespace `list`. Added to i18next the first time a list renders (i18next is
 * started by then), so the component carries its own texts and no module's or the shell's namespace holds them.
 */
export function useListTexts() {
  if (!i18n.hasResourceBundle('zh-CN', LIST_NS)) {
    i18n.addResourceBundle('zh-CN', LIST_NS, zhCN);
    i18n.addResourceBundle('en-US', LIST_NS, enUS);
  }
  return useTranslation(LIST_NS);
}
