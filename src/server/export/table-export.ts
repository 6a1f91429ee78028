import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import { csvField, neutraliseFormula } from '../../domain/spreadsheet-safety.js';

export type Cell = string | number | null;
export type ExportFormat = 'csv' | 'xlsx';

/**
 * Streams a table as CSV (UTF-8 with BOM, CRLF) or XLSX, page by page, in constant memory. Every text cell is
 * neutralised against formula injection. Errors after the first byte end the stream (the client sees a cut
 * download) and are logged; nothing internal reaches the client.
 */
export function streamTable(format: ExportFormat, sheet: string, header: readonly string[], pages: AsyncIterable<Cell[][]>, log: Logger): Readable {
  const out = new PassThrough();
  const run = async () => {
    if (format === 'csv') {
      out.write('\uFEFF' + header.map(csvField).join(',') + '\r\n');
      for await (const rows of pages) {
        if (rows.length) out.write(rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n');
      }
      out.end();
      return;
    }
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet(sheet);
    ws.addRow([...header]).commit();
    for await (const rows of pages) {
      for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v))).commit();
    }
    ws.commit();
    await wb.commit();
  };
  run().catch((e: unknown) => {
    log.error({ err: e }, `${sheet} export failed`);
    out.destroy(e as Error);
  });
  return out;
}

export function contentTypeOf(format: ExportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}
