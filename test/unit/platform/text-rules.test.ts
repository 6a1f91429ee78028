import { describe, expect, it } from 'vitest';
import { textProblem } from '../../../src/platform/contracts/common.js';

describe('textProblem: what free text may not contain', () => {
  it.each([
    ['plain text', 'Hello 世界', false, null],
    ['emoji (a surrogate pair)', 'ok 😀', false, null],
    ['full-width letters', 'ｔｗｉｎ', false, null],
    ['line separator U+2028 (not a control)', 'a\u2028b', false, null],
    ['NUL', 'a\u0000b', false, 'control'],
    ['tab on one line', 'a\tb', false, 'control'],
    ['line feed on one line', 'a\nb', false, 'control'],
    ['tab in multi-line text', 'a\tb', true, null],
    ['CRLF in multi-line text', 'a\r\nb', true, null],
    ['NUL in multi-line text', 'a\u0000b', true, 'control'],
    ['vertical tab in multi-line text', 'a\u000bb', true, 'control'],
    ['ESC', '\u001b[31m', true, 'control'],
    ['DEL', 'a\u007f', false, 'control'],
    ['C1 NEL', 'a\u0085b', true, 'control'],
    ['C1 U+009F', '\u009f', false, 'control'],
    ['U+00A0 (after C1)', 'a\u00a0b', false, null],
    ['lone high surrogate', 'a\ud800', false, 'surrogate'],
    ['lone low surrogate', '\udc00a', true, 'surrogate'],
    ['reversed pair', '\udc00\ud800', false, 'surrogate'],
  ])('%s', (_name, text, multiline, problem) => {
    const p = textProblem(text, multiline);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});
