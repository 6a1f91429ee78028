import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'baomi.locale';

/** A namespace's texts in each language: a module's `i18n/zh-CN.ts` and `i18n/en-US.ts`. */
export type Texts = Readonly<Record<Locale, Record<string, unknown>>>;

/**
 * The shell's namespace (`app/i18n`, the shell's `texts`): i18next's default, and the fallback of every module's
 * namespace, so a module's `t('common.save')` finds the shared keys while its own keys stay apart from others'.
 */
export const APP_NS = 'app';
let namespaces: readonly string[] = [APP_NS];

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'zh-CN' || v === 'en-US' ? v : null;
  } catch {
    return null;
  }
}

function applyDayjs(l: Locale): void {
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
}

/** Starts i18next, before the first render, with one namespace per module (its name; the shell's is `app`). */
export function initI18n(modules: readonly { name: string; texts: Texts }[]): void {
  const initial: Locale = storedLocale() ?? 'zh-CN';
  applyDayjs(initial);
  document.documentElement.lang = initial;
  namespaces = [APP_NS, ...modules.map((m) => m.name).filter((n) => n !== APP_NS)];
  const resources = Object.fromEntries(
    LOCALES.map((l) => [l, Object.fromEntries(modules.map((m) => [m.name, m.texts[l]]))]),
  );
  void i18n.use(initReactI18next).init({
    resources,
    ns: namespaces,
    defaultNS: APP_NS,
    fallbackNS: APP_NS,
    lng: initial,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
}

/**
 * The namespace holding `key` (the shell's first, then the modules' in order). For the blocks every module adds
 * to and the web looks up by a code the server sent (`problem`, `perm`); their keys are unique across
 * namespaces (test/unit/web/i18n.test.ts).
 */
export function namespaceOf(key: string): string | undefined {
  return namespaces.find((ns) => i18n.exists(key, { ns }));
}

/** Switches the UI language and remembers the choice in localStorage (`baomi.locale`). */
export function setLocale(l: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyDayjs(l);
  document.documentElement.lang = l;
  void i18n.changeLanguage(l);
}

export function currentLocale(): Locale {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

export default i18n;
