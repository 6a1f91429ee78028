import MarkdownIt from 'markdown-it';
import { AGREEMENT_PLACEHOLDERS, type AgreementPlaceholder } from '../../../kernel/agreements.js';
import type { ClearanceClass } from '../../../kernel/roles.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { todayOf } from '../../../platform/organisation.js';
import { AppError } from '../../../platform/errors.js';

/**
 * Agreement texts: Markdown with placeholders (`{{name}}` ...), rendered on the server to sanitised HTML with the
 * placeholders filled in for one person. Raw HTML in the Markdown is escaped (markdown-it `html: false`), links
 * keep only http, https and mailto targets, images are not rendered (a signed text loads nothing from elsewhere).
 * The HTML a person signs is stored with the signature, so what they read is exactly what they signed.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable('image');
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

export type PlaceholderValues = Record<AgreementPlaceholder, string>;

const isPlaceholder = (name: string): name is AgreementPlaceholder =>
  (AGREEMENT_PLACEHOLDERS as readonly string[]).includes(name);

/** The placeholders a text names, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The first placeholder the text names that is not one of AGREEMENT_PLACEHOLDERS, or null. */
export function unknownPlaceholder(text: string, allowed: readonly string[] = AGREEMENT_PLACEHOLDERS): string | null {
  return placeholdersIn(text).find((p) => !allowed.includes(p)) ?? null;
}

/** Refuses (400 `placeholder_unknown`, naming it) a text with a placeholder nobody fills. */
export function assertPlaceholders(field: string, text: string | null, allowed?: readonly string[]): void {
  if (text === null) return;
  const unknown = unknownPlaceholder(text, allowed);
  if (unknown !== null)
    throw new AppError('validation_failed', `Unknown placeholder {{${unknown}}}`, {
      field,
      problem: 'placeholder_unknown',
      placeholder: unknown,
    });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Fills the placeholders of rendered HTML (text escaped); `duties` is HTML already when given as `dutiesHtml`. */
function fill(html: string, values: PlaceholderValues, dutiesHtml: { block: string; inline: string }): string {
  // A paragraph holding only {{duties}} becomes the duty description's own blocks.
  const blocks = html.replace(/<p>\s*\{\{\s*duties\s*\}\}\s*<\/p>\n?/g, () => dutiesHtml.block);
  return blocks.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'duties') return dutiesHtml.inline;
    return isPlaceholder(name) ? escapeHtml(values[name]) : whole;
  });
}

/** Markdown to sanitised HTML, placeholders left as they are. */
export function markdownToHtml(markdown: string): string {
  return md.render(markdown);
}

export interface RenderedText {
  html: string;
  /** The duty description rendered (placeholders filled), or null without one. */
  dutiesHtml: string | null;
}

/**
 * Renders a template body (and its duty description) for one person. `{{duties}}` in the body shows the duty
 * description; the description may use every other placeholder. Unknown placeholders are kept as text (the
 * service refuses them before anything is saved).
 */
export function renderAgreement(body: string, duties: string | null, values: PlaceholderValues): RenderedText {
  const noDuties = { block: '', inline: '' };
  const dutiesHtml = duties === null ? null : fill(md.render(duties), values, noDuties);
  const dutiesInline = duties === null ? '' : fill(md.renderInline(duties.replace(/\s*\n\s*/g, ' ')), values, noDuties);
  const html = fill(md.render(body), values, { block: dutiesHtml ?? '', inline: dutiesInline });
  return { html, dutiesHtml };
}

/** The words `{{level}}` shows for a clearance class (the templates are the organisation's Chinese texts). */
export const LEVEL_WORDS: Record<ClearanceClass, string> = {
  core: '核心涉密人员',
  important: '重要涉密人员',
  general: '一般涉密人员',
};

/**
 * The values of the placeholders for one person, today (the organisation's calendar) unless a date is given: names
 * from the directory (identity's `users` and `departments`, which every part may read), the unit's name from the
 * root department.
 */
export async function placeholderValuesFor(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  duties: string | null,
  date?: string,
): Promise<PlaceholderValues> {
  const u = await q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.display_name',
      'users.username',
      'users.post',
      'users.clearance_class',
      'departments.name as department_name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const root = await q.selectFrom('departments').select('name').where('parent_id', 'is', null).executeTakeFirst();
  return {
    name: u.display_name,
    username: u.username,
    department: u.department_name ?? '',
    post: u.post ?? '',
    level: u.clearance_class ? (LEVEL_WORDS[u.clearance_class as ClearanceClass] ?? '') : '',
    date: date ?? (await todayOf(ctx, q)),
    organisation: root?.name ?? '',
    duties: duties ?? '',
  };
}
