/**
 * Audit search and exports (issue 9):
 * - the audit search ignores case the same way on both databases (SQLite's like did, PostgreSQL's did not), and
 *   the action filter takes exact codes;
 * - an export whose query fails at once answers an error, not a 200 with an empty or cut file; one that
 *   fails later ends the file with a visible "export incomplete" line (CSV and XLSX), never silently short.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { parseCsv } from '../../helpers/abuse.js';
import { incompleteNotice, streamTable, type Cell } from '../../../src/platform/export/table-export.js';

describe.each(DB_KINDS)('audit search and exports on %s', (kind) => {
  let t: TestApp;
  let aud: Agent;
  let reader: Agent;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.admin('sysadmin');
    aud = await t.admin('auditor');
    reader = await t.employee('reader');
  });
  afterAll(() => t.close());

  const totalOf = async (query: string) => {
    const r = await aud.get(`/api/audit/events?${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { total: number }).total;
  };

  it('the actor filter ignores case; the action filter takes exact codes', async () => {
    const byName = await totalOf('actor=sysadmin');
    expect(byName).toBeGreaterThan(0);
    expect(await totalOf('actor=SYSADMIN')).toBe(byName);
    expect(await totalOf('actor=SysAdm')).toBe(byName);
    // like-wildcards in the filter are literal characters.
    expect(await totalOf('actor=_')).toBe(0);
    // Actions are picked by name in the trail, so the filter matches codes exactly (several, comma-separated).
    const logins = await totalOf('action=auth.login');
    expect(logins).toBeGreaterThan(0);
    expect(await totalOf('action=auth.log')).toBe(0);
    expect(await totalOf('action=auth.login,auth.logout')).toBeGreaterThanOrEqual(logins);
  });

  it('an export with a hostile filter is refused before any file is sent', async () => {
    const r = await aud.get('/api/audit/export?format=csv&actor=a%00b');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['content-disposition']).toBeUndefined();
    expect(errorCode(r)).toBe('validation_failed');
  });

  it('an export whose first page fails answers an error, not a 200 with a cut file', async () => {
    await sql`alter table secret_items rename to secret_items_away`.execute(t.ctx.db);
    try {
      const r = await reader.get('/api/items/export?format=csv');
      expect(r.statusCode, r.body).toBe(500);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['content-disposition']).toBeUndefined();
      expect(errorCode(r)).toBe('internal');
    } finally {
      await sql`alter table secret_items_away rename to secret_items`.execute(t.ctx.db);
    }
    const ok = await reader.get('/api/items/export?format=csv');
    expect(ok.statusCode).toBe(200);
    expect(parseCsv(ok.body)).toHaveLength(1); // the header: the reader sees no items
  });
});

describe('a table export that fails part-way', () => {
  const log = pino({ level: 'silent' });
  async function* failingAfter(pages: number): AsyncGenerator<Cell[][]> {
    for (let i = 0; i < pages; i++) yield [[`row ${i}`, i]];
    throw new Error('connection terminated');
  }
  const collect = (s: Readable) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
      s.on('end', () => resolve(Buffer.concat(chunks)));
      s.on('error', reject);
    });

  it('fails at once, before any byte, when the first page fails', async () => {
    await expect(streamTable('csv', 'test', ['a', 'b'], failingAfter(0), log)).rejects.toThrow(/connection terminated/);
    await expect(streamTable('xlsx', 'test', ['a', 'b'], failingAfter(0), log)).rejects.toThrow(
      /connection terminated/,
    );
  });

  it('CSV: the rows sent, then a visible last line saying the export is incomplete', async () => {
    const text = (await collect(await streamTable('csv', 'test', ['a', 'b'], failingAfter(2), log))).toString('utf8');
    const rows = parseCsv(text);
    expect(rows.slice(0, 3)).toEqual([
      ['a', 'b'],
      ['row 0', '0'],
      ['row 1', '1'],
    ]);
    expect(rows[3]).toEqual([incompleteNotice(2)]);
    expect(rows[3]![0]).toMatch(/EXPORT INCOMPLETE/);
  });

  it('XLSX: a workbook that opens, ending with the same line', async () => {
    const buf = await collect(await streamTable('xlsx', 'test', ['a', 'b'], failingAfter(3), log));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(5);
    expect(ws.getRow(5).getCell(1).value).toBe(incompleteNotice(3));
  });

  it('a complete export has no such line', async () => {
    async function* two(): AsyncGenerator<Cell[][]> {
      yield [['x', 1]];
      yield [['y', 2]];
    }
    const text = (await collect(await streamTable('csv', 'test', ['a', 'b'], two(), log))).toString('utf8');
    expect(text).not.toMatch(/INCOMPLETE/);
    expect(parseCsv(text)).toHaveLength(3);
  });
});
