import type { z } from 'zod';

/**
 * The notification catalogue. Each module declares its notices in `contracts/notifications.ts` with
 * `defineNotices`: per name, a schema of its parameters and its title and body in zh-CN and en-US. The
 * module adds them to `NotificationRegistry` by declaration merging, so a misspelt name, or parameters that do
 * not fit the notice, are type errors where a notice is sent. The server renders the stored parameters with the
 * one catalogue for both the inbox (both languages, the web shows the reader's) and the e-mail (ADR 0017).
 *
 * Texts name parameters as `{{name}}`; `[[ … ]]` encloses a part shown only when every parameter it names has a
 * value (a title the recipient may not see, a parameter notices stored by an older version lack). A parameter listed in `codes` holds a code of a vocabulary group
 * (`level`, `requestType`...) and is shown as that code's text; the groups' texts come with the catalogues
 * (`CodeTexts`), one source for the web's labels and the notices.
 */
export const NOTICE_LANGS = ['zh-CN', 'en-US'] as const;
export type NoticeLang = (typeof NOTICE_LANGS)[number];

export interface NoticeText {
  title: string;
  body: string;
}

export interface NoticeDefinition<S extends z.ZodObject = z.ZodObject> {
  params: S;
  /** Parameters holding a code, with the vocabulary group whose text shows it. */
  codes?: Partial<Record<keyof z.infer<S> & string, string>>;
  text: Record<NoticeLang, NoticeText>;
}

export type NoticeCatalogue = Record<string, NoticeDefinition>;

/** Texts of coded values by group, e.g. `{ level: { 'zh-CN': { secret: '机密' }, 'en-US': {...} } }`. */
export type CodeTexts = Record<string, Record<NoticeLang, Record<string, string>>>;

/** Keeps each entry's own parameter type (for the registry) while checking its shape. */
export function defineNotices<C extends { [K in keyof C]: NoticeDefinition<z.ZodObject> }>(catalogue: C): C {
  return catalogue;
}

/** The parameters of each notice in a catalogue, as a sender writes them: merged into `NotificationRegistry`. */
export type NoticeParams<C> = { [K in keyof C]: C[K] extends NoticeDefinition<infer S> ? z.input<S> : never };

/** The platform's own notices (the approval engine's) are declared in `approvals/contracts.ts`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationRegistry {}

export type NotificationName = keyof NotificationRegistry & string;
export type NotificationKey = `notify.${NotificationName}`;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** A part of a text shown only when all its parameters have values. */
const OPTIONAL = /\[\[(.*?)\]\]/g;

/** The parameter names a text uses. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Renders a notice in one language. Parameters that fail the notice's schema (a notice stored by an older
 * version) are shown as they are rather than hiding the notice; a missing one shows as "—".
 */
export function renderNotice(
  def: NoticeDefinition,
  params: Record<string, unknown>,
  lang: NoticeLang,
  codeTexts: CodeTexts,
  /** Shows an ISO instant (dates of the organisation's time zone). */
  formatInstant: (iso: string) => string,
): NoticeText {
  const codes: Record<string, string | undefined> = def.codes ?? {};
  const shown = (name: string): string => {
    const v = params[name];
    if (v === null || v === undefined || v === '') return '—';
    const group = codes[name];
    if (group) return codeTexts[group]?.[lang][String(v)] ?? String(v);
    if (typeof v === 'string' && INSTANT.test(v)) return formatInstant(v);
    return String(v);
  };
  const present = (name: string) => {
    const v = params[name];
    return v !== null && v !== undefined && v !== '';
  };
  const fill = (text: string) =>
    text
      .replace(OPTIONAL, (_m, part: string) => (placeholdersOf(part).every(present) ? part : ''))
      .replace(PLACEHOLDER, (_m, name: string) => shown(name));
  const text = def.text[lang];
  return { title: fill(text.title), body: fill(text.body) };
}

/** An ISO instant (`2026-03-06T08:00:00.000Z`), as notices store them; calendar dates stay as they are. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;
