/**
 * The signed text's hash (SHA-256, or SM3 where the organisation uses 国密) and the signed HTML laid out for the
 * printed signed copy (headings, paragraphs, list items; entities decoded, no tags).
 */
import { describe, expect, it } from 'vitest';
import { textHash } from '../../../src/modules/people/services/signing-service.js';
import { htmlToBlocks } from '../../../src/modules/people/services/signed-copy.js';
import { renderAgreement } from '../../../src/modules/people/services/render.js';

describe('the hash of a signed text', () => {
  it.each([
    ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sm3', 'abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ] as const)('[PER-01] %s of %s', (alg, text, hex) => {
    expect(textHash(alg, text)).toBe(hex);
  });

  it('[PER-01] hashes the UTF-8 bytes of the exact HTML', () => {
    expect(textHash('sha256', '<p>保密</p>')).not.toBe(textHash('sha256', '<p>保密 </p>'));
  });
});

describe('the signed HTML as printed blocks', () => {
  it.each([
    ['<p>甲方 &amp; 乙方</p>\n', [{ kind: 'paragraph', text: '甲方 & 乙方' }]],
    ['<h1>保密协议</h1>\n<p>一、保守秘密</p>\n', [{ kind: 'paragraph', heading: '保密协议', text: '一、保守秘密' }]],
    [
      '<ul>\n<li>保管载体</li>\n<li>不得 &lt;外传&gt;</li>\n</ul>\n',
      [
        { kind: 'paragraph', text: '• 保管载体' },
        { kind: 'paragraph', text: '• 不得 <外传>' },
      ],
    ],
    ['<p><strong>重要</strong>：<em>离职后</em>仍须保密</p>', [{ kind: 'paragraph', text: '重要：离职后仍须保密' }]],
    ['<h2>只有标题</h2>', [{ kind: 'paragraph', heading: '只有标题', text: ' ' }]],
    ['<p>第一行<br>\n第二行</p>', [{ kind: 'paragraph', text: '第一行\n第二行' }]],
  ])('%s', (html, blocks) => {
    expect(htmlToBlocks(html)).toEqual(blocks);
  });

  it('[PER-01] a rendered agreement prints every paragraph and its raw HTML as text', () => {
    const { html } = renderAgreement('# 协议\n\n乙方 {{name}}\n\n<script>x</script>', null, {
      name: '张三<b>',
      username: 'zhang',
      department: '',
      post: '',
      level: '',
      date: '2026-11-23',
      organisation: '',
      duties: '',
    });
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'paragraph', heading: '协议', text: '乙方 张三<b>' },
      { kind: 'paragraph', text: '<script>x</script>' },
    ]);
  });
});
