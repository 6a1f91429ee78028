/**
 * Reading the organisation workbook safely, and writing its template and error files.
 *
 * An .xlsx is a zip: before anything is inflated, its central directory is read and every entry's declared size
 * is checked (few entries, each and all together small); the local headers must follow each other with no bytes
 * between them (no entry the directory hides); then each entry is inflated with a cap on its output, so a
 * size that lies is caught too. Only then does ExcelJS read it, refused past a number of rows.
 * Formulas are never evaluated: a formula cell counts only when its cached value is plain text.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors.js';
import { csvField, neutraliseFormula } from '../../../kernel/spreadsheet-safety.js';
import {
  COLUMN_HEADERS,
  DEPARTMENT_COLUMNS,
  ERROR_COLUMN,
  IMPORT_LANGS,
  OPTIONAL_COLUMNS,
  PERSON_COLUMNS,
  SHEET_NAMES,
  type DepartmentColumn,
  type DepartmentRowResult,
  type ImportError,
  type ImportLang,
  type ImportSheet,
  type PersonColumn,
  type PersonRowResult,
} from '../contracts/import.js';
import { importError, type ImportCell, type RawRow } from './import-cells.js';

const MIB = 1024 * 1024;
/** The largest upload taken (the route refuses more with 413). */
export const IMPORT_MAX_BYTES = 5 * MIB;
export const IMPORT_MAX_ENTRIES = 200;
export const IMPORT_MAX_ENTRY_BYTES = 24 * MIB;
export const IMPORT_MAX_TOTAL_BYTES = 48 * MIB;
/** Data rows per sheet (the header not counted) and columns read per row. */
export const IMPORT_MAX_ROWS = 5000;
const MAX_COLUMNS = 32;

const unreadable = (why: string, problem = 'unreadable') =>
  new AppError('validation_failed', `The file cannot be read as an .xlsx workbook: ${why}`, { importProblem: problem });

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads the zip's central directory and checks every entry's size, inflating each with a cap. */
export function checkZip(buf: Buffer): void {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw unreadable('not a zip archive');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw unreadable('zip64 is not accepted');
  if (count > IMPORT_MAX_ENTRIES) throw unreadable(`more than ${IMPORT_MAX_ENTRIES} entries`, 'too_large');
  if (cdOffset + cdSize > eocd) throw unreadable('a broken zip directory');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable('a broken zip directory');
    const e: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + buf.readUInt16LE(p + 28)),
    };
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (e.method !== 0 && e.method !== 8) throw unreadable('an unknown compression method');
    if (e.flags & 1) throw unreadable('encrypted entries are not accepted');
    if (e.size > IMPORT_MAX_ENTRY_BYTES || (total += e.size) > IMPORT_MAX_TOTAL_BYTES)
      throw unreadable('it would inflate to more than the import takes', 'too_large');
    entries.push(e);
  }
  // Every byte before the directory belongs to an entry it lists: nothing hides between or before them.
  entries.sort((a, b) => a.localOffset - b.localOffset);
  let at = 0;
  for (const e of entries) {
    if (e.localOffset !== at || buf.readUInt32LE(at) !== 0x04034b50) throw unreadable('entries out of place');
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const end = start + e.compressedSize;
    if (end > cdOffset) throw unreadable('an entry runs past the directory');
    const data = buf.subarray(start, end);
    let out: Buffer;
    try {
      out = e.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: Math.max(e.size, 1) });
    } catch {
      throw unreadable('an entry inflates to more than it declares', 'too_large');
    }
    if (out.length !== e.size) throw unreadable('an entry inflates to another size than it declares', 'too_large');
    at = end;
    // A data descriptor follows when bit 3 is set: 12 bytes, or 16 with its signature.
    if (e.flags & 8) at += buf.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
  }
  if (at !== cdOffset) throw unreadable('bytes outside the listed entries');
}

/**
 * A date cell's calendar date. ExcelJS turns the cell's serial number into the instant of that date and time read
 * as UTC, so the UTC fields are the date the sheet shows; the server's own zone never enters.
 */
function calendarDateOf(d: Date): ImportCell {
  if (Number.isNaN(d.getTime())) return { refused: 'not_text' };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return { date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` };
}

/**
 * One cell as text, a date, a TRUE/FALSE, or why it is refused (the rules decide which column takes which).
 * Formulas never run: only a cached plain-text value is taken.
 */
export function cellOf(value: ExcelJS.CellValue): ImportCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value) } : { refused: 'not_text' };
  if (typeof value === 'boolean') return { yesNo: value };
  if (value instanceof Date) return calendarDateOf(value);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      return typeof result === 'string' ? { text: result } : { refused: 'formula' };
    }
    if ('richText' in value && Array.isArray(value.richText))
      return {
        text: value.richText.map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : '')).join(''),
      };
    if ('hyperlink' in value && typeof (value as { text?: unknown }).text === 'string')
      return { text: (value as { text: string }).text };
  }
  return { refused: 'not_text' };
}

export interface ImportFile {
  departments: RawRow<DepartmentColumn>[];
  people: RawRow<PersonColumn>[];
  fileErrors: ImportError[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

function sheetKind(name: string): ImportSheet | null {
  for (const kind of ['departments', 'people'] as const)
    if (IMPORT_LANGS.some((l) => norm(SHEET_NAMES[kind][l]) === norm(name))) return kind;
  return null;
}

/** The header row's columns: header text (either language) to the column key. */
function columnsOf<C extends string>(
  kind: ImportSheet,
  headers: Record<C, Record<ImportLang, string>>,
  row: ExcelJS.Row,
  errors: ImportError[],
): Map<number, C> {
  const cols = new Map<number, C>();
  const keys = Object.keys(headers) as C[];
  for (let c = 1; c <= Math.min(row.cellCount, MAX_COLUMNS); c++) {
    const cell = cellOf(row.getCell(c).value);
    if (!cell || !('text' in cell)) continue;
    const key = keys.find((k) => IMPORT_LANGS.some((l) => norm(headers[k][l]) === norm(cell.text)));
    if (key && ![...cols.values()].includes(key)) cols.set(c, key);
  }
  for (const k of keys)
    if (!OPTIONAL_COLUMNS.has(k) && ![...cols.values()].includes(k))
      errors.push(
        importError(null, 'missing_column', { value: `${SHEET_NAMES[kind]['zh-CN']}/${headers[k]['zh-CN']}` }),
      );
  return cols;
}

/**
 * Reads the two sheets (by name in either language, else the first two sheets in order). Either may be left out:
 * people into departments the directory has, or departments alone.
 */
export async function readImportFile(buf: Buffer): Promise<ImportFile> {
  checkZip(buf);
  const out: ImportFile = { departments: [], people: [], fileErrors: [] };
  const seen = new Set<ImportSheet>();
  // The whole workbook is read at once: checkZip has bounded every entry and their sum, and ExcelJS's streaming
  // reader parks sheets that come before the shared strings in temp files and, under load, now and then read one
  // back incomplete (CI saw "not a workbook" for good files).
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw unreadable('its contents are not a workbook');
  }
  let index = 0;
  for (const sheet of wb.worksheets) {
    const kind = sheetKind(sheet.name) ?? (['departments', 'people'] as const)[index];
    index++;
    if (!kind || seen.has(kind)) {
      // Another sheet (notes, a copy): nothing taken, still within the row limit.
      if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1) throw unreadable('too many rows', 'too_large');
      continue;
    }
    seen.add(kind);
    const headers = COLUMN_HEADERS[kind] as Record<string, Record<ImportLang, string>>;
    if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1)
      throw unreadable(`more than ${IMPORT_MAX_ROWS} rows in a sheet`, 'too_many_rows');
    let cols: Map<number, string> | null = null;
    sheet.eachRow((row) => {
      if (!cols) {
        cols = columnsOf(kind, headers, row, out.fileErrors);
        return;
      }
      const cells: Record<string, ImportCell> = {};
      let any = false;
      for (const [c, key] of cols) {
        const cell = cellOf(row.getCell(c).value);
        if (!cell) continue;
        if ('text' in cell && cell.text.trim() === '') continue;
        cells[key] = cell;
        any = true;
      }
      if (!any) return; // a blank row
      (kind === 'departments' ? out.departments : out.people).push({ row: row.number, cells });
    });
  }
  if (!out.fileErrors.length && !out.departments.length && !out.people.length)
    out.fileErrors.push(importError(null, 'empty'));
  return out;
}

async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template: the two sheets with their header rows in the reader's language. */
export async function importTemplate(lang: ImportLang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const kind of ['departments', 'people'] as const) {
    const ws = wb.addWorksheet(SHEET_NAMES[kind][lang]);
    const headers = Object.values(COLUMN_HEADERS[kind]) as Record<ImportLang, string>[];
    ws.addRow(headers.map((h) => h[lang]));
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 20));
    // A date typed into the hire-date column becomes a date cell shown as the reader reads it.
    if (kind === 'people') ws.getColumn(PERSON_COLUMNS.indexOf('hiredOn') + 1).numFmt = 'yyyy-mm-dd';
  }
  return workbookBuffer(wb);
}

type ResultRow = (DepartmentRowResult | PersonRowResult) & Record<string, unknown>;

/** The rows with errors, each with an error column; every text cell neutralised against formulas. */
export async function importErrorFile(
  format: 'xlsx' | 'csv',
  lang: ImportLang,
  fileErrors: readonly ImportError[],
  departments: readonly DepartmentRowResult[],
  people: readonly PersonRowResult[],
): Promise<Buffer> {
  const sheets = [
    { kind: 'departments' as const, columns: DEPARTMENT_COLUMNS as readonly string[], rows: departments },
    { kind: 'people' as const, columns: PERSON_COLUMNS as readonly string[], rows: people },
  ];
  const headerOf = (kind: ImportSheet, col: string) =>
    (COLUMN_HEADERS[kind] as Record<string, Record<ImportLang, string>>)[col]![lang];
  const describe = (kind: ImportSheet, errors: readonly ImportError[]) =>
    errors.map((e) => (e.column ? `${headerOf(kind, e.column)}: ${e.message[lang]}` : e.message[lang])).join('; ');
  const tables = sheets.map(({ kind, columns, rows }) => ({
    name: SHEET_NAMES[kind][lang],
    header: [lang === 'zh-CN' ? '行号' : 'Row', ...columns.map((c) => headerOf(kind, c)), ERROR_COLUMN[lang]],
    rows: (rows as readonly ResultRow[])
      .filter((r) => r.errors.length)
      .map((r) => [String(r.row), ...columns.map((c) => String(r[c] ?? '')), describe(kind, r.errors)]),
  }));
  if (fileErrors.length)
    tables.unshift({
      name: ERROR_COLUMN[lang],
      header: [ERROR_COLUMN[lang]],
      rows: fileErrors.map((e) => [e.message[lang]]),
    });
  if (format === 'csv') {
    const lines: string[] = [];
    for (const t of tables) {
      lines.push(csvField(t.name));
      lines.push(t.header.map(csvField).join(','));
      for (const r of t.rows) lines.push(r.map(csvField).join(','));
      lines.push('');
    }
    return Buffer.from('\uFEFF' + lines.join('\r\n'), 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name);
    ws.addRow(t.header.map(neutraliseFormula));
    for (const r of t.rows) ws.addRow(r.map(neutraliseFormula));
    ws.getRow(1).font = { bold: true };
  }
  return workbookBuffer(wb);
}
