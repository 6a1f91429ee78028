import { describe, expect, it } from 'vitest';
import { AGREEMENT_PLACEHOLDERS } from '../../../src/kernel/agreements.js';
import {
  assertPlaceholders,
  placeholdersIn,
  renderAgreement,
  unknownPlaceholder,
  type PlaceholderValues,
} from '../../../src/modules/people/services/render.js';
import { AppError } from '../../../src/platform/errors.js';

/**
 * Agreement texts (src/modules/people/services/render.ts): Markdown with placeholders rendered to sanitised HTML
 * for one person — placeholders filled and escaped, unknown ones refused, raw HTML escaped, unsafe links and
 * images dropped, the duty description (PER-08) where `{{duties}}` stands.
 */
const VALUES: PlaceholderValues = {
  name: '张三',
  username: 'zhang.san',
  department: '研发部',
  post: '工程师',
  level: '重要涉密人员',
  date: '2026-11-23',
  organisation: '某研究所',
  duties: '',
};
const html = (body: string, duties: string | null = null, values: Partial<PlaceholderValues> = {}) =>
  renderAgreement(body, duties, { ...VALUES, ...values }).html;

describe('placeholders', () => {
  it.each(AGREEMENT_PLACEHOLDERS.filter((p) => p !== 'duties'))('{{%s}} is filled in', (p) => {
    expect(html(`值：{{${p}}}`)).toBe(`<p>值：${VALUES[p]}</p>\n`);
  });

  it('spaces inside the braces are allowed; every occurrence is filled', () => {
    expect(html('{{ name }}与{{name}}，{{  department}}')).toBe('<p>张三与张三，研发部</p>\n');
  });

  it('placeholders are filled in headings, lists, emphasis and tables alike', () => {
    const out = html('# {{organisation}}\n\n- **{{name}}**\n\n| 部门 |\n|---|\n| {{department}} |');
    expect(out).toContain('<h1>某研究所</h1>');
    expect(out).toContain('<li><strong>张三</strong></li>');
    expect(out).toContain('<td>研发部</td>');
  });

  it.each([
    ['{{salary}}', 'salary'],
    ['{{ Name }}', 'Name'],
    ['{{name}} {{x.y}}', 'x.y'],
    ['{{}}', ''],
    ['{{名字}}', '名字'],
  ])('an unknown placeholder in %s is found and refused (400 placeholder_unknown, naming it)', (body, name) => {
    expect(unknownPlaceholder(body)).toBe(name);
    let err: unknown;
    try {
      assertPlaceholders('body', body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).details).toMatchObject({
      field: 'body',
      problem: 'placeholder_unknown',
      placeholder: name,
    });
  });

  it('known placeholders and text without any pass; the duties may not name themselves', () => {
    expect(unknownPlaceholder('{{name}} {{date}} { name } {name}')).toBeNull();
    expect(() => assertPlaceholders('body', null)).not.toThrow();
    const noDuties = AGREEMENT_PLACEHOLDERS.filter((p) => p !== 'duties');
    expect(unknownPlaceholder('{{duties}}', noDuties)).toBe('duties');
    expect(placeholdersIn('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
  });

  it('a value is text, never markup: it is escaped and not read as Markdown', () => {
    const out = html('{{name}}', null, { name: '<img src=x onerror=alert(1)> **粗** &amp; "q"' });
    expect(out).toBe('<p>&lt;img src=x onerror=alert(1)&gt; **粗** &amp;amp; &quot;q&quot;</p>\n');
  });
});

describe('sanitising', () => {
  it('raw HTML in the Markdown is escaped, never rendered', () => {
    const out = html('<script>alert(1)</script>\n\n<b onclick="x()">粗</b> <iframe src="https://e.org"></iframe>');
    expect(out).not.toMatch(/<script|<b |<iframe/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;b onclick=&quot;x()&quot;&gt;');
  });

  it.each([
    ['[x](javascript:alert(1))'],
    ['[x](JAVASCRIPT:alert(1))'],
    ['[x](vbscript:msgbox)'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['[x](file:///etc/passwd)'],
    ['[x](/relative)'],
    ['<javascript:alert(1)>'],
  ])('the link in %s is dropped', (body) => {
    expect(html(body)).not.toContain('<a ');
  });

  it.each([
    ['[站点](https://example.org/a?b=1)', '<a href="https://example.org/a?b=1">站点</a>'],
    ['[站点](http://example.org)', '<a href="http://example.org">站点</a>'],
    ['[邮件](mailto:bmb@example.org)', '<a href="mailto:bmb@example.org">邮件</a>'],
  ])('the link in %s is kept', (body, want) => {
    expect(html(body)).toContain(want);
  });

  it('images are not rendered (a signed text loads nothing from elsewhere)', () => {
    const out = html('![图](https://example.org/x.png)');
    expect(out).not.toContain('<img');
  });
});

describe('[PER-08] the duty description', () => {
  const duties = '1. 保管{{department}}的涉密载体\n2. 不得在互联网处理涉密信息';

  it('a paragraph of {{duties}} alone becomes the description’s own blocks', () => {
    const r = renderAgreement('职责如下：\n\n{{duties}}\n\n签字：{{name}}', duties, VALUES);
    expect(r.html).toBe(
      '<p>职责如下：</p>\n<ol>\n<li>保管研发部的涉密载体</li>\n<li>不得在互联网处理涉密信息</li>\n</ol>\n<p>签字：张三</p>\n',
    );
    expect(r.dutiesHtml).toBe('<ol>\n<li>保管研发部的涉密载体</li>\n<li>不得在互联网处理涉密信息</li>\n</ol>\n');
  });

  it('{{duties}} inside a sentence is filled inline', () => {
    const r = renderAgreement('本人职责：{{duties}}。', '**保管**载体\n不外传', VALUES);
    expect(r.html).toBe('<p>本人职责：<strong>保管</strong>载体 不外传。</p>\n');
  });

  it('without a description {{duties}} is empty and dutiesHtml null', () => {
    const r = renderAgreement('A{{duties}}B', null, VALUES);
    expect(r).toEqual({ html: '<p>AB</p>\n', dutiesHtml: null });
  });

  it('the description is sanitised like the body', () => {
    const r = renderAgreement('{{duties}}', '<script>x</script> [a](javascript:x)', VALUES);
    expect(r.html).not.toContain('<script');
    expect(r.html).not.toContain('<a ');
  });
});
