import fs from 'node:fs';
import pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { markingLines, pageText, printedByText, type PrintLang, type PrintMarking } from './marking.js';
import { findPrintFont, type FontFace, type PrintFont } from './fonts.js';

/**
 * A printout as a module describes it: a title, the marking of its highest content, and blocks of fields,
 * tables and paragraphs. The platform lays it out (A4, the marking block top left on every page, who printed
 * it and when, page x of y) and renders it with pdfmake in the CJK font (ADR 0020).
 */
export interface PrintField {
  label: string;
  value: string;
}

export type PrintBlock =
  | { kind: 'fields'; heading?: string; fields: readonly PrintField[] }
  | {
      kind: 'table';
      heading?: string;
      header: readonly string[];
      rows: readonly (readonly string[])[];
      empty?: string;
      /** Column widths (points, `auto`: as wide as its longest cell, `*`: a share of the rest); all `*` by default. */
      widths?: readonly (number | 'auto' | '*')[];
      /** A smaller size for wide tables (a ledger); the document's 10.5 by default. */
      fontSize?: number;
    }
  | { kind: 'paragraph'; heading?: string; text: string };

export interface PrintDocument {
  title: string;
  subtitle?: string | null;
  /** The highest level and term of what the document shows (`highestMarking` for mixed content). */
  marking: PrintMarking;
  blocks: readonly PrintBlock[];
  /** The download's name without `.pdf` (any characters: sent as a UTF-8 filename). */
  filename: string;
  /** Landscape for wide tables (a ledger); portrait by default. */
  orientation?: 'portrait' | 'landscape';
}

/** What the platform adds to every page. */
export interface PrintStamp {
  lang: PrintLang;
  printedBy: string;
  /** Local time in the organisation's time zone. */
  printedAt: string;
  copy: number | null;
}

export class NoPrintFontError extends Error {
  constructor() {
    super('No CJK font for printing: install fonts-noto-cjk, or set BAOMI_PRINT_FONT_DIR');
  }
}

const FAMILY = 'BaomiCJK';
const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } }).virtualfs;
let font: PrintFont | null | undefined;

/** Reads the font files once into pdfmake's in-memory file system; nothing is read from disk or the network later. */
function loadFont(): PrintFont | null {
  if (font !== undefined) return font;
  font = findPrintFont();
  if (font) {
    vfs.writeFileSync('baomi-print/regular', fs.readFileSync(font.regular.file));
    vfs.writeFileSync('baomi-print/bold', fs.readFileSync(font.bold.file));
  }
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return font;
}

/** The font the server prints with (`source` for the health of printing), or null. */
export function printFont(): PrintFont | null {
  return loadFont();
}

function face(name: string, f: FontFace): string | [string, string] {
  // A collection's face is chosen by its PostScript name; pdfmake takes [file, name] for it.
  return f.postscriptName ? [name, f.postscriptName] : name;
}

function blockContent(b: PrintBlock): Content[] {
  const heading: Content[] = b.heading ? [{ text: b.heading, style: 'heading' }] : [];
  switch (b.kind) {
    case 'fields':
      return [
        ...heading,
        {
          table: {
            widths: [120, '*'],
            body: b.fields.map((f): TableCell[] => [{ text: f.label, style: 'label' }, { text: f.value || '—' }]),
          },
          margin: [0, 0, 0, 10],
        },
      ];
    case 'table': {
      const rows = b.rows.length ? b.rows : [[b.empty ?? '—', ...b.header.slice(1).map(() => '')]];
      return [
        ...heading,
        {
          table: {
            headerRows: 1,
            widths: b.widths ? [...b.widths] : b.header.map(() => '*'),
            body: [b.header.map((h): TableCell => ({ text: h, style: 'label' })), ...rows.map((r) => [...r])],
          },
          ...(b.fontSize ? { fontSize: b.fontSize } : {}),
          margin: [0, 0, 0, 10],
        },
      ];
    }
    case 'paragraph':
      return [...heading, { text: b.text, margin: [0, 0, 0, 10] }];
  }
}

/** Renders the document; `pages` is how many pages it has (each says so). Throws NoPrintFontError without a font. */
export async function renderPdf(doc: PrintDocument, stamp: PrintStamp): Promise<{ pdf: Buffer; pages: number }> {
  const f = loadFont();
  if (!f) throw new NoPrintFontError();
  // Fresh descriptors per document: pdfmake replaces a descriptor's file name by the file's bytes in place.
  pdfmake.setFonts({
    [FAMILY]: {
      normal: face('baomi-print/regular', f.regular) as string,
      bold: face('baomi-print/bold', f.bold) as string,
    },
  });
  let pages = 0;
  const lines = markingLines(doc.marking, stamp.copy, stamp.lang);
  const created = pdfmake.createPdf({
    pageSize: 'A4',
    pageOrientation: doc.orientation ?? 'portrait',
    pageMargins: [56, 40 + lines.length * 18, 56, 56],
    info: { title: doc.title, creator: 'Baomi', producer: 'Baomi' },
    defaultStyle: { font: FAMILY, fontSize: 10.5, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 18, bold: true, alignment: 'center', margin: [0, 4, 0, 4] },
      subtitle: { fontSize: 11, alignment: 'center', margin: [0, 0, 0, 12] },
      heading: { fontSize: 12, bold: true, margin: [0, 6, 0, 4] },
      label: { bold: true },
      marking: { fontSize: 12, bold: true },
      foot: { fontSize: 9 },
    },
    header: (currentPage: number, pageCount: number) => {
      pages = Math.max(pages, pageCount);
      return { stack: lines.map((text) => ({ text, style: 'marking' })), margin: [56, 24, 56, 0] };
    },
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: printedByText(stamp.printedBy, stamp.printedAt, stamp.lang), style: 'foot' },
        { text: pageText(currentPage, pageCount, stamp.lang), style: 'foot', alignment: 'right', width: 'auto' },
      ],
      margin: [56, 20, 56, 0],
    }),
    content: [
      { text: doc.title, style: 'title' },
      ...(doc.subtitle ? [{ text: doc.subtitle, style: 'subtitle' }] : [{ text: ' ', margin: [0, 0, 0, 8] }]),
      ...doc.blocks.flatMap(blockContent),
    ] as Content[],
  });
  const pdf = await created.getBuffer();
  return { pdf, pages };
}
