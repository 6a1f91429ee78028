import { LEVEL_DEFS, isClassified, rankOf, type Level } from '../../kernel/levels.js';
import { marking, periodMonths, type SecrecyPeriod, type SecrecyTerm } from '../../kernel/secrecy-period.js';

/**
 * The marking a printout carries on every page, in the 公文 position (GB/T 9704: the top left, copy number on
 * the first line, then 密级★保密期限). Pure rules: which level and term a document made of several parts is
 * marked with, how a copy number is written, whether one applies.
 */
export type PrintLang = 'zh-CN' | 'en-US';

/** The level and term of a printed document, or of one part of it (an item, a request's target). */
export interface PrintMarking {
  level: Level;
  period: SecrecyPeriod | null;
  condition: string | null;
}

/** Unclassified: what a printout with nothing classified in it is marked (or a part whose level is not shown). */
export const INTERNAL_MARKING: PrintMarking = { level: 'internal', period: null, condition: null };

/** `机密★10年`, `Secret★10 years`; an open level alone (`内部`). */
export function markingText(m: PrintMarking, lang: PrintLang): string {
  const term: SecrecyTerm = { period: m.period, condition: m.condition };
  return marking(m.level, term, lang === 'zh-CN' ? 'zh' : 'en');
}

/**
 * The marking of a document made of several parts (汇编: 最高密级、最长保密期限): the highest level (a state
 * level before a commercial one of the same rank), with the longest period among the classified parts. A part
 * whose term is a condition cannot be compared with a period: when every classified part carries the same one
 * condition, that condition is the term; otherwise, with conditions in play, the level is marked alone (each
 * part states its own term). Nothing classified: the highest open level.
 */
export function highestMarking(parts: readonly PrintMarking[]): PrintMarking {
  if (parts.length === 0) return INTERNAL_MARKING;
  const level = parts.reduce<Level>((best, p) => (outranks(p.level, best) ? p.level : best), parts[0]!.level);
  if (!isClassified(level)) return { level, period: null, condition: null };
  const classified = parts.filter((p) => isClassified(p.level));
  const conditions = [...new Set(classified.filter((p) => !p.period).map((p) => p.condition?.trim() ?? ''))];
  const periods = classified.flatMap((p) => (p.period ? [p.period] : []));
  if (conditions.length === 0) {
    const longest = periods.reduce((a, b) => (periodMonths(b) > periodMonths(a) ? b : a));
    return { level, period: longest, condition: null };
  }
  if (periods.length === 0 && conditions.length === 1 && conditions[0]) {
    return { level, period: null, condition: conditions[0] };
  }
  return { level, period: null, condition: null };
}

function outranks(a: Level, b: Level): boolean {
  if (rankOf(a) !== rankOf(b)) return rankOf(a) > rankOf(b);
  return LEVEL_DEFS[a].scheme === 'state' && LEVEL_DEFS[b].scheme !== 'state';
}

/** Classified printouts are numbered copies (涉密公文标注份号); open ones are not. */
export function copyNumberApplies(m: PrintMarking): boolean {
  return isClassified(m.level);
}

/** A copy number as GB/T 9704 writes it: six digits, zero-padded (`000001`). */
export function copyNumberText(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a copy number: ${n}`);
  return String(n).padStart(6, '0');
}

/** The lines of the top-left block of every page: the copy number (where one applies), then the marking. */
export function markingLines(m: PrintMarking, copy: number | null, lang: PrintLang): string[] {
  const copyLine = copy === null ? [] : [lang === 'zh-CN' ? copyNumberText(copy) : `Copy ${copyNumberText(copy)}`];
  return [...copyLine, markingText(m, lang)];
}

/** 「第 x 页 共 y 页」 / "Page x of y". */
export function pageText(page: number, pages: number, lang: PrintLang): string {
  return lang === 'zh-CN' ? `第 ${page} 页 共 ${pages} 页` : `Page ${page} of ${pages}`;
}

/** "打印人 <name> 打印时间 <local time>" / "Printed by <name> at <local time>". */
export function printedByText(name: string, localTime: string, lang: PrintLang): string {
  return lang === 'zh-CN' ? `打印人 ${name} 打印时间 ${localTime}` : `Printed by ${name} at ${localTime}`;
}

/** An instant as the organisation's local time, `YYYY-MM-DD HH:mm` (ADR 0012: its time zone, not UTC). */
export function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)!.value;
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
