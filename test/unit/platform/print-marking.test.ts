import { describe, expect, it } from 'vitest';
import {
  copyNumberApplies,
  copyNumberText,
  highestMarking,
  localTime,
  markingLines,
  markingText,
  pageText,
  type PrintMarking,
} from '../../../src/platform/print/marking.js';
import { renderPdf } from '../../../src/platform/print/render.js';
import { printFont } from '../../../src/platform/print/render.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfPages } from '../../helpers/pdf.js';

const m = (level: PrintMarking['level'], period: PrintMarking['period'] = null, condition: string | null = null) => ({
  level,
  period,
  condition,
});
const years = (value: number) => ({ value, unit: 'years' as const });
const months = (value: number) => ({ value, unit: 'months' as const });

describe('print markings (GB/T 9704 position: copy number, then level★period)', () => {
  it.each([
    [m('secret', years(10)), '机密★10年', 'Secret★10 years'],
    [m('confidential', months(6)), '秘密★6个月', 'Confidential★6 months'],
    [m('top_secret', null, '项目验收后'), '绝密★项目验收后', 'Top secret★项目验收后'],
    [m('core_commercial', years(1)), '核心商密★1年', 'Core commercial secret★1 year'],
    [m('internal'), '内部', 'Internal'],
  ])('%o reads %s / %s', (marking, zh, en) => {
    expect(markingText(marking, 'zh-CN')).toBe(zh);
    expect(markingText(marking, 'en-US')).toBe(en);
  });

  it.each<[string, PrintMarking[], string]>([
    ['nothing', [], '内部'],
    ['open parts only', [m('public'), m('internal')], '内部'],
    ['the highest level, the longest period', [m('confidential', years(10)), m('secret', years(5))], '机密★10年'],
    ['months against years', [m('secret', months(11)), m('secret', years(1))], '机密★1年'],
    ['open parts add no term', [m('internal'), m('confidential', months(3))], '秘密★3个月'],
    [
      'a state level before a commercial one of the same rank',
      [m('core_commercial', years(3)), m('secret', years(2))],
      '机密★3年',
    ],
    ['one shared condition', [m('secret', null, '公布后'), m('confidential', null, '公布后')], '机密★公布后'],
    ['a condition and a period: the level alone', [m('secret', null, '公布后'), m('confidential', years(2))], '机密'],
    ['two conditions: the level alone', [m('secret', null, '甲'), m('secret', null, '乙')], '机密'],
  ])('mixed content: %s', (_, parts, expected) => {
    expect(markingText(highestMarking(parts), 'zh-CN')).toBe(expected);
  });

  it.each<[PrintMarking, boolean]>([
    [m('top_secret', years(30)), true],
    [m('ordinary_commercial', years(1)), true],
    [m('internal'), false],
    [m('public'), false],
  ])('a copy number applies to %o: %s', (marking, applies) => {
    expect(copyNumberApplies(marking)).toBe(applies);
  });

  it.each([
    [1, '000001'],
    [42, '000042'],
    [123456, '123456'],
  ])('copy %i is written %s', (n, text) => {
    expect(copyNumberText(n)).toBe(text);
  });

  it.each([0, -1, 1.5])('refuses %s as a copy number', (n) => {
    expect(() => copyNumberText(n)).toThrow();
  });

  it('puts the copy number on the first line, the marking on the second; none without a copy', () => {
    expect(markingLines(m('secret', years(10)), 7, 'zh-CN')).toEqual(['000007', '机密★10年']);
    expect(markingLines(m('secret', years(10)), 7, 'en-US')).toEqual(['Copy 000007', 'Secret★10 years']);
    expect(markingLines(m('internal'), null, 'zh-CN')).toEqual(['内部']);
  });

  it('writes the page line and the local time in the organisation time zone', () => {
    expect(pageText(2, 5, 'zh-CN')).toBe('第 2 页 共 5 页');
    expect(pageText(2, 5, 'en-US')).toBe('Page 2 of 5');
    expect(localTime(new Date('2026-01-31T17:05:00Z'), 'Asia/Shanghai')).toBe('2026-02-01 01:05');
    expect(localTime(new Date('2026-01-31T17:05:00Z'), 'Europe/London')).toBe('2026-01-31 17:05');
  });
});

describe.skipIf(!printFont())('the platform renderer', () => {
  it.skipIf(!PDF_TOOLS)('marks every page of a long document and draws its Chinese text', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`第${i + 1}行`, '涉密载体登记', '保密室']);
    const { pdf, pages } = await renderPdf(
      {
        title: '涉密载体台账',
        marking: m('secret', years(10)),
        filename: '台账',
        blocks: [{ kind: 'table', heading: '明细', header: ['序号', '名称', '存放地点'], rows }],
      },
      { lang: 'zh-CN', printedBy: '张三', printedAt: '2026-01-01 09:00', copy: 3 },
    );
    expect(pages).toBeGreaterThan(2);
    const texts = pdfPages(pdf);
    expect(texts).toHaveLength(pages);
    texts.forEach((p, i) => {
      const flat = p.replace(/\s+/g, '');
      expect(flat).toContain('000003机密★10年');
      expect(flat).toContain(`第${i + 1}页共${pages}页`);
      expect(flat).toContain('打印人张三打印时间2026-01-0109:00');
      // The marking block is ink, not only text: on every page.
      expect(inkIn(pdf, i + 1, { x: 50, y: 20, width: 120, height: 40 }), `page ${i + 1}`).toBeGreaterThan(100);
    });
    expect(texts[0]).toContain('涉密载体台账');
  });
  it.skipIf(PDF_TOOLS)('skips the PDF checks', () => console.warn(PDF_TOOLS_MISSING));
});
