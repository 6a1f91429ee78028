import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import { csvField, neutraliseFormula } from '../../kernel/spreadsheet-safety.js';

export type Cell = string | number | null;
export type ExportFormat = 'csv' | 'xlsx';

/** The last line of an export that failed part-way: a short file never passes for the whole list. */
export function incompleteNotice(rows: number): string {
  return `导出未完成 EXPORT INCOMPLETE: a server error stopped this export after ${rows} rows; the list is not complete. Export again.`;
}

/**
 * Streams a table as CSV (UTF-8 with BOM, CRLF) or XLSX, page by page, in constant memory. Every text cell is
 * neutralised against formula injection.
 *
 * The first page is read before anything is sent: a query that fails outright is answered as an error (4xx
 * or 5xx, as any request), not as a 200 with an empty or cut file. A failure after that ends the file with a
 * visible last line (`incompleteNotice`) instead of a dropped connection, and is logged; nothing internal
 * reaches the client.
 */
export async function streamTable(
  format: ExportFormat,
  sheet: string,
  header: readonly string[],
  pages: AsyncIterable<Cell[][]>,
  log: Logger,
): Promise<Readable> {
  const it = pages[Symbol.asyncIterator]();
  const first = await it.next();
  const out = new PassThrough();
  let written = 0;
  async function* rest(): AsyncGenerator<Cell[][]> {
    if (first.done) return;
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (format === 'csv') {
    const run = async () => {
      out.write('\uFEFF' + header.map(csvField).join(',') + '\r\n');
      for await (const rows of rest()) {
        if (rows.length) out.write(rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
        written += rows.length;
      }
    };
    run().then(
      () => out.end(),
      (e: unknown) => {
        log.error({ err: e }, `${sheet} export failed after ${written} rows`);
        out.end(csvField(incompleteNotice(written)) + '\r\n');
      },
    );
    return out;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet);
  const run = async () => {
    ws.addRow([...header]).commit();
    for await (const rows of rest()) {
      for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v))).commit();
      written += rows.length;
    }
  };
  run()
    .catch((e: unknown) => {
      log.error({ err: e }, `${sheet} export failed after ${written} rows`);
      ws.addRow([incompleteNotice(written)]).commit();
    })
    .then(async () => {
      ws.commit();
      await wb.commit();
    })
    .catch((e: unknown) => {
      log.error({ err: e }, `${sheet} export could not be finished`);
      out.destroy(e as Error);
    });
  return out;
}

export function contentTypeOf(format: ExportFormat): string {
  return format === 'csv'
    ? 'text/csv; charset=utf-8'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}
