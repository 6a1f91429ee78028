import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { refuse } from '../../../platform/authorize.js';
import { notFound } from '../../../platform/errors.js';
import { INTERNAL_MARKING, type PrintLang } from '../../../platform/print/marking.js';
import { printDocument, type PrintedPdf } from '../../../platform/print/print-service.js';
import type { PrintBlock } from '../../../platform/print/render.js';
import { findSignature, withdrawalOf } from '../repositories/signature-repo.js';
import { assertMayViewPerson } from './obligation-service.js';
import { SIGNATURE_TARGET } from './signing-service.js';

/**
 * The signed copy of an agreement (签署件) as PDF through the platform's printing: the exact text signed, who signed,
 * when, which version, how (electronically or on paper), the hash and its algorithm — for the person, the office,
 * or a head or officer above them; audited as `agreement.print_signed`.
 */
const WORDS = {
  'zh-CN': {
    signedCopy: '签署件',
    text: '协议文本',
    record: '签署记录',
    signer: '签署人',
    username: '用户名',
    signedOn: '签署日期',
    recordedAt: '记录时间',
    version: '版本',
    method: '签署方式',
    electronic: '电子签署（密码确认）',
    paper: '纸质签署（保密办登记）',
    recordedBy: '登记人',
    hashAlg: '哈希算法',
    hash: '文本哈希',
    address: '客户端地址',
    withdrawn: '已撤销',
    status: '状态',
    valid: '有效',
    versionNo: (n: number) => `第 ${n} 版`,
  },
  'en-US': {
    signedCopy: 'Signed copy',
    text: 'Text of the agreement',
    record: 'Signature record',
    signer: 'Signed by',
    username: 'Username',
    signedOn: 'Signed on',
    recordedAt: 'Recorded at',
    version: 'Version',
    method: 'Method',
    electronic: 'Electronic (password confirmed)',
    paper: 'Paper (recorded by the security office)',
    recordedBy: 'Recorded by',
    hashAlg: 'Hash algorithm',
    hash: 'Text hash',
    address: 'Client address',
    withdrawn: 'Withdrawn',
    status: 'Status',
    valid: 'Valid',
    versionNo: (n: number) => `version ${n}`,
  },
} as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The signed HTML (markdown-it's sanitised output) as printable blocks: headings, paragraphs, list items. */
export function htmlToBlocks(html: string): PrintBlock[] {
  const decode = (s: string) =>
    s
      .replace(/<[^>]*>/g, '')
      .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!)
      .trim();
  const blocks: PrintBlock[] = [];
  const re = /<(h[1-6]|p|li|pre|blockquote)[^>]*>([\s\S]*?)<\/\1>/g;
  let pendingHeading: string | undefined;
  for (const m of html.matchAll(re)) {
    const tag = m[1]!;
    const text = decode(m[2]!.replace(/<br\s*\/?>\n?/g, '\n'));
    if (!text) continue;
    if (tag.startsWith('h')) {
      if (pendingHeading) blocks.push({ kind: 'paragraph', heading: pendingHeading, text: ' ' });
      pendingHeading = text;
      continue;
    }
    blocks.push({
      kind: 'paragraph',
      ...(pendingHeading ? { heading: pendingHeading } : {}),
      text: tag === 'li' ? `• ${text}` : text,
    });
    pendingHeading = undefined;
  }
  if (pendingHeading) blocks.push({ kind: 'paragraph', heading: pendingHeading, text: ' ' });
  return blocks;
}

export async function printSignedCopy(
  ctx: AppContext,
  rc: RequestContext,
  signatureId: string,
  lang: PrintLang,
): Promise<PrintedPdf> {
  actorOf(rc);
  const event = { action: 'agreement.print_signed' as const, targetType: SIGNATURE_TARGET, targetId: signatureId };
  const r = await findSignature(ctx.db, signatureId);
  if (!r) return refuse(ctx, rc, event, notFound());
  await assertMayViewPerson(ctx, rc, r.user_id, r.department_id, 'agreement.print_signed', {
    type: SIGNATURE_TARGET,
    id: signatureId,
  });
  // A withdrawal record has no text of its own: its signature is what prints.
  if (r.act !== 'signed' || r.rendered_html === null) throw notFound();
  const withdrawn = (await withdrawalOf(ctx.db, signatureId)) !== undefined;
  const w = WORDS[lang];
  const fields = [
    { label: w.signer, value: r.user_name },
    { label: w.username, value: r.username },
    { label: w.signedOn, value: r.signed_on },
    { label: w.recordedAt, value: r.recorded_at },
    { label: w.version, value: `${r.version_title}（${w.versionNo(r.version_no)}）` },
    { label: w.method, value: r.method === 'paper' ? w.paper : w.electronic },
    ...(r.method === 'paper' ? [{ label: w.recordedBy, value: r.recorder_name ?? '' }] : []),
    { label: w.hashAlg, value: (r.hash_alg ?? '').toUpperCase() },
    { label: w.hash, value: r.text_hash ?? '' },
    ...(r.client_ip ? [{ label: w.address, value: r.client_ip }] : []),
    { label: w.status, value: withdrawn ? w.withdrawn : w.valid },
  ];
  return printDocument(
    ctx,
    rc,
    {
      title: r.version_title,
      subtitle: `${WORDS['zh-CN'].signedCopy} / ${WORDS['en-US'].signedCopy}`,
      marking: INTERNAL_MARKING,
      blocks: [...htmlToBlocks(r.rendered_html), { kind: 'fields', heading: w.record, fields }],
      filename: `${r.version_title} ${r.user_name} ${r.signed_on}`,
    },
    lang,
    { ...event, details: { userId: r.user_id, templateId: r.template_id, versionNo: r.version_no } },
  );
}
