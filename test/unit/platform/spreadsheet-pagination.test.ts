import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, offsetOf } from '../../../src/kernel/pagination.js';
import { csvField, neutraliseFormula } from '../../../src/kernel/spreadsheet-safety.js';

describe('neutraliseFormula (CSV/XLSX formula injection)', () => {
  it.each<[string, string]>([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil","click")', `'=HYPERLINK("http://evil","click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3+cmd|" /C calc"!A0', `'-2+3+cmd|" /C calc"!A0`],
    ['@SUM(1+1)*cmd|" /C calc"!A0', `'@SUM(1+1)*cmd|" /C calc"!A0`],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['-5', "'-5"], // a negative number as text is shown as text, not evaluated
    ['=', "'="],
    // harmless values are unchanged
    ['hello', 'hello'],
    ['张三', '张三'],
    ['a=b', 'a=b'],
    ['1+1', '1+1'],
    ["'=already quoted", "'=already quoted"],
    ['', ''],
    [' =1+1', ' =1+1'], // leading space: spreadsheets treat this as text
  ])('%j -> %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });
});

describe('csvField', () => {
  it.each<[string | number | null | undefined, string]>([
    [null, ''],
    [undefined, ''],
    [0, '0'],
    [-5, '-5'], // real numbers are not strings a user typed: left alone
    [3.25, '3.25'],
    ['plain', 'plain'],
    ['保密', '保密'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['line1\r\nline2', '"line1\r\nline2"'],
    ['=1+1', "'=1+1"],
    ['=A1,B1', `"'=A1,B1"`], // neutralised, then quoted
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['\r=cmd', `"'\r=cmd"`],
    ['@x', "'@x"],
  ])('%j -> %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('a row of fields parses back to the neutralised values', () => {
    const values = ['=1+1', 'a,"b"', '保密\n第二行', '-3'];
    const line = values.map(csvField).join(',');
    // minimal RFC 4180 parser for one record
    const out: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let s = '';
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            s += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else {
            s += line[i];
            i++;
          }
        }
        out.push(s);
        i++; // comma
      } else {
        const end = line.indexOf(',', i);
        const stop = end < 0 ? line.length : end;
        out.push(line.slice(i, stop));
        i = stop + 1;
      }
    }
    expect(out).toEqual(values.map(neutraliseFormula));
  });
});

describe('pagination', () => {
  it('limits', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(MAX_PAGE_SIZE).toBe(100);
    expect(DEFAULT_PAGE_SIZE).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    expect(MAX_PAGE).toBe(100_000);
  });

  it.each<[number, number, number]>([
    [1, 20, 0],
    [2, 20, 20],
    [3, 7, 14],
    [1, 100, 0],
    [MAX_PAGE, MAX_PAGE_SIZE, (MAX_PAGE - 1) * MAX_PAGE_SIZE],
  ])('offsetOf(page %i, size %i) = %i', (page, size, offset) => {
    expect(offsetOf(page, size)).toBe(offset);
  });

  it('the largest offset stays a safe integer', () => {
    expect(Number.isSafeInteger(offsetOf(MAX_PAGE, MAX_PAGE_SIZE))).toBe(true);
  });
});
