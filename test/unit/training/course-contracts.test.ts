/**
 * The courses part's pure pieces: the course and audience contracts (strict shapes, no coercion), the links a
 * material may be, the Markdown a course shows (sanitised), and how an audience is stored (normalised).
 */
import { describe, expect, it } from 'vitest';
import {
  audienceSchema,
  createCourseBody,
  createMaterialBody,
  fileMaterialQuery,
  heartbeatBody,
} from '../../../src/modules/training/contracts/courses.js';
import { courseMarkdownToHtml, isWebLink } from '../../../src/modules/training/services/course-render.js';
import { normaliseAudience } from '../../../src/modules/training/services/course-service.js';

const course = {
  title: '保密基础',
  kind: 'refresher',
  mode: 'online',
  topics: ['basics'],
  audience: [{ kind: 'all' }],
  description: '',
  durationMinutes: 30,
  validityMonths: 12,
};

describe('course contracts', () => {
  it.each([
    ['a valid course', {}, true],
    ['no topic', { topics: [] }, false],
    ['a topic twice', { topics: ['law', 'law'] }, false],
    ['an unknown topic', { topics: ['cooking'] }, false],
    ['an unknown kind', { kind: 'optional' }, false],
    ['a duration of 0', { durationMinutes: 0 }, false],
    ['a duration as text', { durationMinutes: '30' }, false],
    ['a validity of 0', { validityMonths: 0 }, false],
    ['no validity', { validityMonths: null }, true],
    ['a blank title', { title: '   ' }, false],
    ['a title with a line break', { title: 'a\nb' }, false],
    ['an extra field', { status: 'published' }, false],
  ])('%s', (_, patch, ok) => {
    expect(createCourseBody.safeParse({ ...course, ...patch }).success).toBe(ok);
  });

  it.each([
    [[{ kind: 'all' }], true],
    [[], true],
    [[{ kind: 'department', departmentId: '5f0c8a8e-4d7b-4f5e-9a51-0c3b1a7d2e11' }], true],
    [[{ kind: 'department', departmentId: 'not-a-uuid' }], false],
    [[{ kind: 'post', post: '工程师' }], true],
    [[{ kind: 'clearance', classes: ['core', 'general'] }], true],
    [[{ kind: 'clearance', classes: ['secret'] }], false],
    [[{ kind: 'computer_users' }], true],
    [[{ kind: 'new_hires', withinDays: 90 }], true],
    [[{ kind: 'new_hires', withinDays: 1.5 }], false],
    [[{ kind: 'new_hires', withinDays: '90' }], false],
    [[{ kind: 'all', extra: 1 }], false],
    [[{ kind: 'everyone' }], false],
  ])('audience %j: %s', (rules, ok) => {
    expect(audienceSchema.safeParse(rules).success).toBe(ok);
  });

  it.each([
    [{ kind: 'link', title: '法规', url: 'https://example.org', minMinutes: 0 }, true],
    [{ kind: 'text', title: '须知', body: '# 须知', minMinutes: 5 }, true],
    [{ kind: 'text', title: '须知', body: '   ', minMinutes: 5 }, false],
    [{ kind: 'text', title: '须知', body: 'x', minMinutes: 601 }, false],
    [{ kind: 'file', title: '手册', minMinutes: 0 }, false],
    [{ kind: 'link', title: '法规', url: 'https://example.org', minMinutes: 0, body: 'x' }, false],
  ])('material %j: %s', (input, ok) => {
    expect(createMaterialBody.safeParse(input).success).toBe(ok);
  });

  it.each([
    [{ key: '5f0c8a8e-4d7b-4f5e-9a51-0c3b1a7d2e11', title: '手册', fileName: 'a.pdf', minMinutes: '10' }, true],
    [{ key: 'k', title: '手册', fileName: 'a.pdf', minMinutes: '10' }, false],
    [{ key: '5f0c8a8e-4d7b-4f5e-9a51-0c3b1a7d2e11', title: '手册', fileName: 'a.pdf', minMinutes: '1e2' }, false],
    [{ key: '5f0c8a8e-4d7b-4f5e-9a51-0c3b1a7d2e11', title: '手册', fileName: 'a.pdf', minMinutes: '-1' }, false],
  ])('file upload query %j: %s', (q, ok) => {
    expect(fileMaterialQuery.safeParse(q).success).toBe(ok);
  });

  it.each([
    [{ seconds: 30 }, true],
    [{ seconds: 0 }, false],
    [{ seconds: 3601 }, false],
    [{ seconds: 1.5 }, false],
    [{ seconds: 30, userId: 'x' }, false],
  ])('heartbeat %j: %s', (b, ok) => {
    expect(heartbeatBody.safeParse(b).success).toBe(ok);
  });
});

describe('material links', () => {
  it.each([
    ['https://www.gov.cn/baomifa', true],
    ['http://intranet.example/handbook.pdf', true],
    ['HTTPS://EXAMPLE.ORG', true],
    ['javascript:alert(1)', false],
    ['ftp://example.org/a', false],
    ['file:///etc/passwd', false],
    ['data:text/html,<b>x</b>', false],
    ['//example.org', false],
    ['example.org', false],
    ['https://', false],
  ])('%s: %s', (url, ok) => {
    expect(isWebLink(url)).toBe(ok);
  });
});

describe('course Markdown', () => {
  it.each([
    ['raw HTML is escaped', '<script>alert(1)</script>', '&lt;script&gt;', '<script'],
    ['safe links are kept', '[法规](https://example.org)', 'href="https://example.org"', 'javascript'],
    ['script links are not links', '[x](javascript:alert(1))', '[x](javascript:alert(1))', 'href="javascript'],
    [
      'images are not loaded (a link instead)',
      '![x](https://example.org/a.png)',
      'href="https://example.org/a.png"',
      '<img',
    ],
    ['emphasis renders', '**重点**', '<strong>重点</strong>', '<script'],
  ])('%s', (_, md, contains, lacks) => {
    const html = courseMarkdownToHtml(md);
    expect(html).toContain(contains);
    expect(html).not.toContain(lacks);
  });
});

describe('stored audiences', () => {
  it('trims posts and orders a clearance rule’s classes; other rules stay as written', () => {
    expect(
      normaliseAudience([
        { kind: 'post', post: ' 出纳 ' },
        { kind: 'clearance', classes: ['general', 'core'] },
        { kind: 'new_hires', withinDays: 30 },
        { kind: 'all' },
      ]),
    ).toEqual([
      { kind: 'post', post: '出纳' },
      { kind: 'clearance', classes: ['core', 'general'] },
      { kind: 'new_hires', withinDays: 30 },
      { kind: 'all' },
    ]);
  });
});
