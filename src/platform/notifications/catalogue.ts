import { APPROVAL_NOTICES } from '../contracts/approval-notices.js';
import { BACKUP_CODE_TEXTS } from '../contracts/backup-failures.js';
import { BACKUP_NOTICES } from '../backup/schedule-notices.js';
import { PLATFORM_CODE_TEXTS } from '../contracts/code-texts.js';
import {
  NOTICE_LANGS,
  renderNotice,
  type CodeTexts,
  type NoticeCatalogue,
  type NoticeLang,
  type NoticeText,
} from '../contracts/notifications.js';
import { dateOf } from '../../kernel/secrecy-period.js';
import { MODULES } from '../modules.js';

export interface Catalogue {
  notices: NoticeCatalogue;
  codeTexts: CodeTexts;
}

let merged: Catalogue | undefined;

/** The platform's notices and every module's, and the texts of the codes they show (read once). */
export function catalogue(): Catalogue {
  merged ??= {
    notices: Object.assign(
      {},
      APPROVAL_NOTICES,
      BACKUP_NOTICES,
      ...MODULES.map((m) => m.notices ?? {}),
    ) as NoticeCatalogue,
    codeTexts: mergeCodeTexts([PLATFORM_CODE_TEXTS, BACKUP_CODE_TEXTS, ...MODULES.map((m) => m.codeTexts ?? {})]),
  };
  return merged;
}

/** Groups may get codes from several parts (the platform's end causes and a module's): merged code by code. */
export function mergeCodeTexts(parts: readonly CodeTexts[]): CodeTexts {
  const out: CodeTexts = {};
  for (const part of parts) {
    for (const [group, texts] of Object.entries(part)) {
      const into = (out[group] ??= { 'zh-CN': {}, 'en-US': {} });
      for (const lang of NOTICE_LANGS) Object.assign(into[lang], texts[lang]);
    }
  }
  return out;
}

export type RenderedNotice = Record<NoticeLang, NoticeText>;

/**
 * Renders a stored notice (its key `notify.<name>` as title, its parameters as a JSON body) in both
 * languages, instants as dates of the organisation's time zone. A title that names no notice (plain text, or
 * a notice a later version removed) is shown as it is.
 */
export function renderStored(title: string, body: string, timeZone: string): RenderedNotice {
  const plain = { title, body };
  const def = title.startsWith('notify.') ? catalogue().notices[title.slice('notify.'.length)] : undefined;
  if (!def) return { 'zh-CN': plain, 'en-US': plain };
  let params: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') params = parsed as Record<string, unknown>;
  } catch {
    // An unreadable body still shows the notice's text, its parameters as "—".
  }
  const { codeTexts } = catalogue();
  const instant = (iso: string) => dateOf(new Date(iso), timeZone);
  return Object.fromEntries(
    NOTICE_LANGS.map((lang) => [lang, renderNotice(def, params, lang, codeTexts, instant)]),
  ) as RenderedNotice;
}
