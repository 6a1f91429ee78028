/**
 * The pure rules of notices that name people and items as the recipient may see them: a `[[ … ]]` part of a text
 * shows only when every parameter it names has a value, and a request's target is named by its reference and,
 * where the recipient may see it, its title.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderNotice, type NoticeDefinition } from '../../../src/platform/contracts/notifications.js';
import { aboutText, approvalTaskKey } from '../../../src/platform/approvals/notices.js';

const def: NoticeDefinition = {
  params: z.object({ number: z.string(), about: z.string().nullable().optional() }),
  text: {
    'zh-CN': { title: '待审批：{{number}}', body: '申请 {{number}}[[（{{about}}）]]等待您审批' },
    'en-US': { title: 'To approve: {{number}}', body: 'Request {{number}}[[ ({{about}})]] is waiting' },
  },
};
const render = (params: Record<string, unknown>, lang: 'zh-CN' | 'en-US' = 'zh-CN') =>
  renderNotice(def, params, lang, {}, (iso) => iso.slice(0, 10)).body;

describe('optional parts of a notice text', () => {
  it.each([
    ['with the title', { number: 'REQ-1', about: 'SI-9 “预算”' }, '申请 REQ-1（SI-9 “预算”）等待您审批'],
    ['without it (null)', { number: 'REQ-1', about: null }, '申请 REQ-1等待您审批'],
    ['stored before it existed', { number: 'REQ-1' }, '申请 REQ-1等待您审批'],
    ['empty', { number: 'REQ-1', about: '' }, '申请 REQ-1等待您审批'],
  ])('%s', (_name, params, expected) => {
    expect(render(params)).toBe(expected);
  });

  it('applies in every language', () => {
    expect(render({ number: 'REQ-1', about: 'SI-9' }, 'en-US')).toBe('Request REQ-1 (SI-9) is waiting');
    expect(render({ number: 'REQ-1' }, 'en-US')).toBe('Request REQ-1 is waiting');
  });

  it('a required parameter outside a part still shows "—" when missing', () => {
    expect(render({})).toBe('申请 —等待您审批');
  });
});

describe('what a notice says a request is about', () => {
  it.each([
    ['reference and title', { reference: 'SI-2026-0001', title: '年度预算', level: null }, 'SI-2026-0001 “年度预算”'],
    [
      'the reference only when the title is hidden',
      { reference: 'SI-2026-0001', title: null, level: null },
      'SI-2026-0001',
    ],
    ['nothing when the target is gone', undefined, null],
  ] as const)('%s', (_name, view, expected) => {
    expect(aboutText(view)).toBe(expected);
  });

  it('names the approval task by its request', () => {
    expect(approvalTaskKey('r-1')).toBe('approval:r-1');
  });
});
