/**
 * Reading a PDF as a person would: its text (pdftotext -layout, page by page) and the ink a page region
 * shows when rasterised (pdftoppm at 72 dpi, so one pixel is one PDF point). Text alone is not enough: a
 * subset font can extract correctly and render blank. Both tools come with poppler-utils; where they are
 * missing, tests skip with `PDF_TOOLS_MISSING` as their reason (`it.skipIf(!PDF_TOOLS)`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function has(tool: string): boolean {
  const r = spawnSync(tool, ['-v'], { stdio: 'ignore' });
  return !r.error;
}

export const PDF_TOOLS = has('pdftotext') && has('pdftoppm');
export const PDF_TOOLS_MISSING =
  'pdftotext/pdftoppm (poppler-utils) are not installed: the PDF text and ink checks are skipped';
if (!PDF_TOOLS) console.warn(`[pdf] ${PDF_TOOLS_MISSING}`);

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  try {
    fs.writeFileSync(file, pdf);
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page (pdftotext separates pages by a form feed). */
export function pdfPages(pdf: Buffer): string[] {
  const text = withFile(pdf, (f) =>
    execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }),
  );
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pdfText(pdf: Buffer): string {
  return pdfPages(pdf).join('\n');
}

/** A rectangle of a page in PDF points from its top-left corner (A4 is 595 x 842). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A grey image: one byte per pixel, 0 black to 255 white. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Rasterises a region of page `page` (1-based) at 72 dpi in grey (pdftoppm's PGM output, parsed here). */
export function rasterise(pdf: Buffer, page: number, r: Region): GreyImage {
  const pgm = withFile(pdf, (f) =>
    execFileSync('pdftoppm', [
      '-r', '72', '-f', String(page), '-l', String(page), '-gray',
      '-x', String(r.x), '-y', String(r.y), '-W', String(r.width), '-H', String(r.height), f,
    ]),
  ); // prettier-ignore
  return parsePgm(pgm);
}

/** A binary PGM (P5, max value < 256): the header's three numbers, then the pixels. */
export function parsePgm(buf: Buffer): GreyImage {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
      if (buf[pos] !== 0x23) break; // '#': a comment to the end of the line
      while (buf[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    return buf.subarray(start, pos).toString('ascii');
  };
  if (token() !== 'P5') throw new Error('not a binary PGM');
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (max > 255) throw new Error('16-bit PGM not supported');
  pos++; // the one whitespace byte before the pixels
  return { width, height, pixels: buf.subarray(pos, pos + width * height) };
}

/** How many pixels of the region are dark (below mid-grey): the ink the region shows. */
export function inkIn(pdf: Buffer, page: number, r: Region): number {
  const img = rasterise(pdf, page, r);
  let dark = 0;
  for (const p of img.pixels) if (p < 128) dark++;
  return dark;
}
