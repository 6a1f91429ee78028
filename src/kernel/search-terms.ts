/**
 * Search terms for the catalogue, the same on SQLite and PostgreSQL. Chinese has no spaces and most words
 * are two characters, which a trigram index cannot serve; so runs of Han characters are indexed as
 * overlapping bigrams (保密工作 -> 保密, 密工, 工作) and runs of letters and digits as lower-case words.
 * A query is cut the same way: every term must match, and a Han run longer than two characters is also
 * checked as a phrase (its bigrams could occur apart).
 */
const HAN = /\p{Script=Han}/u;
// Han characters are letters too (\p{L}): a word run stops where Han begins, so '2024年保密' is '2024' + Han.
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const MAX_WORD = 40;

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function termsOfRun(run: string): string[] {
  const chars = [...run]; // code points: rare Han characters lie outside the basic plane
  if (!HAN.test(chars[0]!)) return [run.slice(0, MAX_WORD)];
  if (chars.length === 1) return [chars[0]!];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** The distinct terms to index for a set of texts. */
export function indexTerms(texts: readonly (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of normalise(t).matchAll(RUN)) for (const term of termsOfRun(m[0])) terms.add(term);
  }
  return [...terms];
}

export interface SearchQuery {
  /** Terms that must all be in the index for an item to match. */
  terms: string[];
  /** Han runs longer than two characters, to check as substrings of the normalised text. */
  phrases: string[];
  /** A single Han character cannot use the bigram index: it is matched as a substring. */
  substring: string | null;
}

export const MAX_QUERY_TERMS = 8;

/** Cuts a user's query into index terms; null when it has no searchable character. */
export function parseQuery(q: string): SearchQuery | null {
  const runs = [...normalise(q).matchAll(RUN)].map((m) => m[0]);
  if (runs.length === 0) return null;
  const terms = new Set<string>();
  const phrases: string[] = [];
  const singles: string[] = [];
  for (const run of runs) {
    const han = HAN.test([...run][0]!);
    const len = [...run].length;
    if (han && len === 1) {
      singles.push(run);
      continue;
    }
    for (const t of termsOfRun(run)) terms.add(t);
    if (han && len > 2) phrases.push(run);
  }
  if (terms.size === 0) return { terms: [], phrases: singles.slice(1), substring: singles[0]! };
  return { terms: [...terms].slice(0, MAX_QUERY_TERMS), phrases: [...phrases, ...singles], substring: null };
}

/** The text a phrase or single-character query is checked against: the normalised indexed fields. */
export function searchText(texts: readonly (string | null | undefined)[]): string {
  return texts
    .filter((t): t is string => !!t)
    .map(normalise)
    .join('\n');
}
