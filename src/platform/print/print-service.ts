import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../context.js';
import type { AuditAction } from '../contracts/audit-actions.js';
import { AppError } from '../errors.js';
import { nextCounter } from '../db/counters.js';
import { getClassificationPolicy } from '../organisation.js';
import { copyNumberApplies, localTime, markingText, type PrintLang } from './marking.js';
import { NoPrintFontError, printFont, renderPdf, type PrintDocument } from './render.js';

/** `?lang=`: the language of the printout's own words (labels, marking, footer); the content is as recorded. */
export const PRINT_LANGS = ['zh-CN', 'en-US'] as const satisfies readonly PrintLang[];
export const printQuery = z.strictObject({ lang: z.enum(PRINT_LANGS).default('zh-CN') });

/** The event a print records: the module's own action on its target (`item.print`, `approval.print`). */
export interface PrintAudit {
  action: AuditAction;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

export interface PrintedPdf {
  pdf: Buffer;
  pages: number;
  copy: number | null;
  filename: string;
}

const noFont = () =>
  new AppError('not_configured', 'Printing needs a CJK font on the server: install fonts-noto-cjk (see ADR 0020)');

/**
 * Prints a document for the person asking: the module has already authorized them and built `doc` from what
 * they may read. Every print is numbered where a copy number applies (classified content: a sequence per
 * target, `print_copy:<targetType>:<targetId>`) and recorded in the audit trail with its marking, copy and
 * page count, in one transaction, before anything is sent; the PDF is rendered after, so a copy that failed
 * to render still shows in the trail as the attempt it was.
 */
export async function printDocument(
  ctx: AppContext,
  rc: RequestContext,
  doc: PrintDocument,
  lang: PrintLang,
  event: PrintAudit,
): Promise<PrintedPdf> {
  const actor = actorOf(rc);
  if (!printFont()) throw noFont();
  const timeZone = (await getClassificationPolicy(ctx)).timeZone;
  const printedAt = localTime(ctx.now(), timeZone);
  const copy = await tx(ctx, async (trx) => {
    const n = copyNumberApplies(doc.marking)
      ? await nextCounter(trx, `print_copy:${event.targetType}:${event.targetId}`)
      : null;
    await audit(trx, ctx, rc, {
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      details: {
        ...event.details,
        level: doc.marking.level,
        marking: markingText(doc.marking, 'zh-CN'),
        copy: n,
        lang,
      },
    });
    return n;
  });
  try {
    const { pdf, pages } = await renderPdf(doc, { lang, printedBy: actor.displayName, printedAt, copy });
    return { pdf, pages, copy, filename: doc.filename };
  } catch (e) {
    if (e instanceof NoPrintFontError) throw noFont();
    throw e;
  }
}

/** `attachment; filename="<ASCII>"; filename*=UTF-8''<the name>` (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const file = `${name}.pdf`;
  const ascii = file.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRFC5987(file)}`;
}

function encodeRFC5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Answers with the PDF (`application/pdf`, a download named in UTF-8). */
export function sendPdf(reply: FastifyReply, printed: PrintedPdf): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(printed.filename))
    .header('x-print-pages', String(printed.pages))
    .send(printed.pdf);
}
