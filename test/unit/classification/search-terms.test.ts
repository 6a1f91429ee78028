import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_TERMS,
  indexTerms,
  normalise,
  parseQuery,
  searchText,
  type SearchQuery,
} from '../../../src/kernel/search-terms.js';

const sorted = (xs: readonly string[]) => [...xs].sort();

/**
 * How the repository answers a search (item-query.ts): every term must be among the item's index terms,
 * every phrase and the substring must occur in its normalised search text.
 */
function matches(texts: string[], query: string): boolean {
  const q = parseQuery(query);
  if (!q) return false;
  const index = new Set(indexTerms(texts));
  const text = searchText(texts);
  return (
    q.terms.every((t) => index.has(t)) &&
    q.phrases.every((p) => text.includes(p)) &&
    (q.substring === null || text.includes(q.substring))
  );
}

describe('normalise (NFKC, lower case)', () => {
  it.each<[string, string]>([
    ['Hello', 'hello'],
    ['ＡＢＣ', 'abc'], // full-width letters
    ['１２３', '123'], // full-width digits
    ['保密工作', '保密工作'],
    ['保密　工作', '保密 工作'], // ideographic space
    ['ﬁle', 'file'], // ligature
    ['①', '1'],
    ['ｶﾀｶﾅ', 'カタカナ'], // half-width katakana
    ['cafe\u0301', 'café'], // combining accent composed
    ['Ⅻ', 'xii'],
  ])('normalise(%j) = %j', (text, out) => {
    expect(normalise(text)).toBe(out);
  });
});

describe('indexTerms', () => {
  it.each<[string, (string | null | undefined)[], string[]]>([
    ['a Han run becomes overlapping bigrams', ['保密工作'], ['保密', '密工', '工作']],
    ['a two-character run is one bigram', ['保密'], ['保密']],
    ['a single Han character stands alone', ['密'], ['密']],
    ['Latin words in lower case', ['Annual REPORT'], ['annual', 'report']],
    ['digits are words', ['2024 年度'], ['2024', '年度']],
    ['full-width letters and digits', ['ＡＢＣ１２３'], ['abc123']],
    ['space splits Han runs', ['保密 工作'], ['保密', '工作']],
    ['punctuation splits Han runs', ['保密，工作。'], ['保密', '工作']],
    ['Han then Latin', ['保密abc'], ['保密', 'abc']],
    ['punctuation splits words', ['v2.0 e-mail'], ['v2', '0', 'e', 'mail']],
    ['accented letters stay in the word', ['Café crème'], ['café', 'crème']],
    ['empty and missing fields are skipped', [null, undefined, '', '保密'], ['保密']],
    ['terms are distinct across fields', ['保密', '保密工作', 'Report', 'report'], ['保密', '密工', '工作', 'report']],
    ['repeated bigrams once', ['保保保'], ['保保']],
    ['nothing searchable', ['，。！ — ...'], []],
    ['no texts', [], []],
  ])('%s: %j', (_label, texts, terms) => {
    expect(sorted(indexTerms(texts))).toEqual(sorted(terms));
  });

  it('words are cut at 40 characters', () => {
    expect(indexTerms(['a'.repeat(60)])).toEqual(['a'.repeat(40)]);
  });

  // Regression (was a bug): the run pattern `[\p{Script=Han}]+|[\p{L}\p{N}]+` lets a Latin/digit run swallow the Han characters
  // that follow it (Han characters are also \p{L}), so "PDF文件" is indexed as the single word "pdf文件"
  // instead of the word "pdf" and the bigram "文件"; the same for "2024年..." and "第3季度".
  it.each<[string, string[]]>([
    ['PDF文件', ['pdf', '文件']],
    ['2024年保密工作计划', ['2024', '年保', '保密', '密工', '工作', '作计', '计划']],
    ['第3季度', ['第', '3', '季度']],
  ])('Latin or digits followed by Han are cut apart: %j', (text, terms) => {
    expect(sorted(indexTerms([text]))).toEqual(sorted(terms));
  });

  // Regression (was a bug): termsOfRun tests `run[0]` (one UTF-16 unit) for Han, so a run starting with a Han character outside
  // the BMP (CJK Extension B and later, e.g. 𠮷 U+20BB7, common in names) is treated as a Latin word.
  it('a Han run starting with a supplementary-plane character becomes bigrams', () => {
    expect(sorted(indexTerms(['𠮷野家']))).toEqual(sorted(['𠮷野', '野家']));
  });

  it('a supplementary-plane Han character inside a run is one character', () => {
    expect(sorted(indexTerms(['野𠮷家']))).toEqual(sorted(['野𠮷', '𠮷家']));
  });
});

describe('parseQuery', () => {
  const q = (terms: string[], phrases: string[] = [], substring: string | null = null): SearchQuery => ({
    terms,
    phrases,
    substring,
  });
  it.each<[string, SearchQuery | null]>([
    ['', null],
    ['   ', null],
    ['，。！', null],
    ['保密', q(['保密'])],
    ['保密工作', q(['保密', '密工', '工作'], ['保密工作'])], // bigrams could occur apart: also a phrase
    ['涉密载体 管理', q(['涉密', '密载', '载体', '管理'], ['涉密载体'])],
    ['保密工作 保密', q(['保密', '密工', '工作'], ['保密工作'])],
    ['密', q([], [], '密')], // a lone Han character: substring fallback
    ['密 件', q([], ['件'], '密')],
    ['保密 件', q(['保密'], ['件'])],
    ['Report 2024', q(['report', '2024'])],
    ['ＲＥＰＯＲＴ', q(['report'])],
    ['保密abc', q(['保密', 'abc'])],
    ['a b c d e f g h i j', q(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])],
  ])('parseQuery(%j)', (text, query) => {
    expect(parseQuery(text)).toEqual(query);
  });

  it('keeps at most MAX_QUERY_TERMS terms', () => {
    expect(MAX_QUERY_TERMS).toBe(8);
    expect(parseQuery('一二三四五六七八九十百千')?.terms).toHaveLength(8);
  });

  // Regression (was a bug): the same run pattern as in indexTerms; the query "PDF文件" becomes the one term "pdf文件".
  // Regression (was a bug): a query starting with a supplementary-plane Han character is not recognised as Han (no bigrams,
  // no phrase, and a lone such character skips the substring fallback).
  it.each<[string, SearchQuery]>([
    ['PDF文件', q(['pdf', '文件'])],
    ['2024年度', q(['2024', '年度'])],
    ['𠮷野家', q(['𠮷野', '野家'], ['𠮷野家'])],
    ['𠮷', q([], [], '𠮷')],
  ])('parseQuery(%j) cuts Han apart from what precedes it', (text, query) => {
    expect(parseQuery(text)).toEqual(query);
  });

  it('searchText joins the normalised fields that are present', () => {
    expect(searchText([null, 'ＡＢＣ', '', undefined, '保密'])).toBe('abc\n保密');
  });
});

describe('search end to end (index terms + phrases + substring)', () => {
  const doc = ['保密工作管理办法', '2024 Annual REPORT'];
  it.each<[string, string[], string, boolean]>([
    ['a bigram', doc, '保密', true],
    ['a longer run', doc, '工作管理', true],
    ['a run not in the text', doc, '保密管理', false],
    ['bigrams present but apart: the phrase check refuses', ['保密 密工 工作'], '保密工作', false],
    ['a lone Han character', doc, '法', true],
    ['a lone Han character not there', doc, '秘', false],
    ['two lone characters', doc, '管 办', true],
    ['a lone character and a word', doc, '法 report', true],
    ['a lone character present, a word missing', doc, '法 summary', false],
    ['Latin, any case', doc, 'annual', true],
    ['full-width query', doc, 'ＲＥＰＯＲＴ', true],
    ['whole words only', doc, 'rep', false],
    ['Han and Latin mixed', doc, '办法 2024', true],
    ['one missing term fails the whole query', doc, '保密 2025', false],
    ['an empty query matches nothing', doc, '  ', false],
  ])('%s: %j ? %j -> %s', (_label, texts, query, found) => {
    expect(matches(texts, query)).toBe(found);
  });

  // Regression (was a bug): see indexTerms above: Han right after Latin letters or digits is not findable by its own words.
  it.each<[string[], string]>([
    [['PDF文件'], '文件'],
    [['2024年保密工作计划'], '保密工作'],
    [['ISO9001认证'], '认证'],
    [['𠮷野家'], '野家'],
  ])('%j is found by %j', (texts, query) => {
    expect(matches(texts, query)).toBe(true);
  });
});
