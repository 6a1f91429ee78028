/**
 * Printing and exporting the ledgers (CAR-02, CAR-04, CAR-03): a ledger's PDF lists exactly the rows its list shows
 * the reader, marked with the highest level it lists; a department officer's department ledger shows the entries
 * above their clearance without titles and names the department's designated handlers; the CSV and XLSX exports
 * carry the list's rows with headers and words in the reader's language. Refusals are audited and print nothing.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, parseCsv } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { signInAll } from '../../helpers/classification-org.js';
import { designate, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { move, problemOf } from '../../helpers/carrier-movements.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfPages, pdfText } from '../../helpers/pdf.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';
import { carrierPrintTexts } from '../../../src/modules/carriers/contracts/print-texts.js';
import { exportHeader, exportLine } from '../../../src/modules/carriers/services/ledger-export.js';
import { todayOf } from '../../../src/platform/organisation.js';

const DAY = 86_400_000;
/** Register numbers as the default scheme writes them, with a copy suffix for numbered copies. */
const NUMBER = /\d{4}-(?:TS|S|C)-\d{5}(?:-\d+\/\d+)?/g;

function expectPdf(r: LightMyRequestResponse): Buffer {
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  expect(r.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (process.env.BAOMI_KEEP_PDF) fs.writeFileSync(process.env.BAOMI_KEEP_PDF, r.rawPayload);
  return r.rawPayload;
}

/** pdftotext drops the spaces between CJK characters and lays table cells out by column: compare without spaces. */
const squeeze = (s: string) => s.replace(/\s+/g, '');
const first = (units: CarrierSummary[]) => units[0]!;

describe.each(DB_KINDS)('carrier ledger printing and export on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;
  let paper: CarrierSummary; // 秘密, A, officer.a; lent to insider.a, overdue
  let chart: CarrierSummary; // 机密, A, officer.a
  let topSecret: CarrierSummary; // 绝密, A, senior.a: above officer.a's clearance
  let finance: CarrierSummary; // 秘密, B, head.b

  const list = async (a: Agent, query: string) =>
    json<{ items: CarrierSummary[] }>(await a.get(`/api/carriers?${query}&order=asc&limit=200`)).items;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
    await designate(org, org.headA, org.deptA, org.seniorA.userId, 'produce');
    paper = first(await registerCarrier(org, { title: '发动机试验报告' }));
    chart = first(
      await registerCarrier(org, {
        title: '主控板原理图',
        kind: 'chart',
        level: 'secret',
        period: { value: 10, unit: 'years' },
      }),
    );
    topSecret = first(
      await registerCarrier(
        org,
        {
          title: '绝密型号总体方案',
          level: 'top_secret',
          period: { value: 20, unit: 'years' },
          custodianId: org.seniorA.userId,
        },
        org.seniorA,
      ),
    );
    finance = first(
      await registerCarrier(
        org,
        {
          title: '年度决算底稿',
          departmentId: org.deptB,
          custodianId: org.headB.userId,
          locationId: org.safeB.id,
          scope: [{ kind: 'department', ref: org.deptB }],
        },
        org.headB,
      ),
    );
    // The paper document is lent to insider.a until today and is overdue two days later.
    const r = await move(t, org.officerA, paper.id, '/loans', {
      borrowerId: org.insiderA.userId,
      dueOn: await todayOf(t.ctx),
    });
    expect(r.statusCode, r.body).toBe(201);
    t.advance(2 * DAY);
    await signInAll(t, org.sec, org.officerA, org.insiderA, org.headA, org.headB, org.outsiderB, org.sys);
  });
  afterAll(() => t.close());

  it('[CAR-02][CAR-04] the personal ledger prints exactly the rows of the personal list, marked with its highest level', async () => {
    for (const [who, marking] of [
      [org.insiderA, '秘密★5年'],
      [org.officerA, '机密★10年'],
    ] as const) {
      const rows = await list(who, 'ledger=personal');
      const h = await t.auditHead();
      const pdf = expectPdf(await who.get('/api/carriers/ledger.pdf?ledger=personal'));
      const events = await auditRowsAfter(t, h);
      expect(events.map((e) => [e.action, e.result, e.target_type])).toEqual([
        ['carrier.print_ledger', 'success', 'carrier_ledger'],
      ]);
      expect(JSON.parse(events[0]!.details!)).toMatchObject({ ledger: 'personal', rows: rows.length, copy: 1 });
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const text = pdfText(pdf);
      expect(text.match(NUMBER) ?? []).toEqual(rows.map((r) => r.number));
      for (const p of pdfPages(pdf)) expect(p).toContain(marking);
      expect(squeeze(text)).toContain(`${who.username}的涉密载体台账`);
      for (const r of rows) expect(squeeze(text)).toContain(squeeze(r.title!));
    }
    // The borrower's row says who has it, until when, and that it is overdue.
    const text = squeeze(pdfText(expectPdf(await org.insiderA.get('/api/carriers/ledger.pdf?ledger=personal'))));
    if (PDF_TOOLS) expect(text).toContain('是');
  });

  it('[CAR-02][CAR-03] an officer’s department ledger lists entries above their clearance without titles, and the handlers', async () => {
    const rows = await list(org.officerA, 'ledger=department');
    expect(rows.map((r) => r.id)).toEqual([paper.id, chart.id, topSecret.id]);
    expect(rows.find((r) => r.id === topSecret.id)).toMatchObject({ particulars: false, title: null });
    const pdf = expectPdf(await org.officerA.get('/api/carriers/ledger.pdf?ledger=department'));
    if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
    const pages = pdfPages(pdf);
    // Marked 绝密: the highest level it lists, though its title is not shown.
    for (const p of pages) expect(p).toMatch(/^\s*(\d{6}\s+)?绝密★20年/m);
    const text = pages.join('\n');
    expect(text.match(NUMBER) ?? []).toEqual(rows.map((r) => r.number));
    const flat = squeeze(text);
    expect(flat).toContain('研发部涉密载体台账');
    expect(flat).toContain(squeeze('发动机试验报告'));
    expect(flat).not.toContain('绝密型号总体方案');
    expect(flat).not.toContain('年度决算底稿');
    // The Chinese title is drawn (ink in the landscape page's title area), not only extractable.
    expect(inkIn(pdf, 1, { x: 271, y: 70, width: 300, height: 40 })).toBeGreaterThan(200);
    expect(inkIn(pdf, 1, { x: 0, y: 0, width: 40, height: 40 })).toBe(0);
    // CAR-03: the department's designated handlers and their duties.
    expect(flat).toContain('指定人员');
    expect(flat).toContain('officer.a');
    expect(flat).toContain('senior.a');
    expect(flat).toContain('制作、收发、传递、外出携带');
  });

  it('[CAR-02] the unit ledger, in English, with filters in the subtitle', async () => {
    const rows = await list(org.sec, 'ledger=unit&level=confidential');
    expect(rows.map((r) => r.id)).toEqual([paper.id, finance.id]);
    const pdf = expectPdf(await org.sec.get('/api/carriers/ledger.pdf?ledger=unit&level=confidential&lang=en-US'));
    if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
    const pages = pdfPages(pdf);
    for (const p of pages) expect(p).toContain('Confidential★5 years');
    const text = pages.join('\n');
    expect(text).toContain('Ledger of classified carriers: the unit');
    expect(text).toContain('level Confidential');
    expect(text).toContain('Paper document');
    expect(text.match(NUMBER) ?? []).toEqual(rows.map((r) => r.number));
  });

  it('refuses a ledger the person does not keep (403, audited as a print) and the administrators without content', async () => {
    for (const [who, query] of [
      [org.insiderA, 'ledger=department'],
      [org.outsiderB, `ledger=department&departmentId=${org.deptA}`],
      [org.headB, `ledger=department&departmentId=${org.deptA}`],
      [org.insiderA, 'ledger=unit'],
      [org.sys, 'ledger=personal'],
    ] as const) {
      const h = await t.auditHead();
      expectError(await who.get(`/api/carriers/ledger.pdf?${query}`), 403, 'forbidden');
      const events = await auditRowsAfter(t, h);
      expect(
        events.map((e) => [e.action, e.result]),
        `${who.username} ${query}`,
      ).toEqual([['carrier.print_ledger', 'denied']]);
    }
    const h = await t.auditHead();
    expectError(await org.insiderA.get('/api/carriers/export?format=csv&ledger=unit'), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['carrier.export_ledger', 'denied'],
    ]);
  });

  it('refuses malformed ledger queries (400, nothing recorded)', async () => {
    for (const q of [
      'ledger.pdf?ledger=everything',
      'ledger.pdf?lang=fr-FR',
      'ledger.pdf?overdue=yes',
      'export?format=pdf',
      'export?ledger=unit',
      'export?format=csv&departmentId=nope',
    ]) {
      const h = await t.auditHead();
      const r = await org.sec.get(`/api/carriers/${q}`);
      expectError(r, 400, 'validation_failed');
      expect(problemOf(r)).toBeUndefined();
      expect(await t.auditHead(), q).toBe(h);
    }
  });

  it('[CAR-04] CSV exports carry the list’s rows, headers and words in the reader’s language', async () => {
    const timeZone = 'Asia/Shanghai';
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const words = carrierPrintTexts(lang);
      for (const [who, query] of [
        [org.officerA, 'ledger=department'],
        [org.insiderA, 'ledger=personal'],
        [org.sec, 'ledger=unit&overdue=true'],
      ] as const) {
        const rows = await list(who, query);
        const h = await t.auditHead();
        const r = await who.get(`/api/carriers/export?${query}&format=csv&lang=${lang}`);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(String(r.headers['content-disposition'])).toMatch(
          /^attachment; filename="baomi-carriers-\w+-[\d-]+\.csv"$/,
        );
        const [header, ...cells] = parseCsv(r.body);
        expect(header).toEqual(exportHeader(words));
        expect(cells).toEqual(
          rows.map((s) => exportLine(s, words, lang, timeZone).map((c) => (c === null ? '' : String(c)))),
        );
        const events = await auditRowsAfter(t, h);
        expect(events.map((e) => [e.action, e.result])).toEqual([['carrier.export_ledger', 'success']]);
      }
    }
    // The words themselves, not codes.
    const zh = parseCsv((await org.insiderA.get('/api/carriers/export?ledger=personal&format=csv')).body);
    expect(zh[0]!.slice(0, 9)).toEqual([
      '编号',
      '份号',
      '份数',
      '名称',
      '类型',
      '密级',
      '密级和保密期限',
      '保密期限至',
      '状态',
    ]);
    const row = zh.find((c) => c[0] === paper.number)!;
    expect(row.slice(3, 7)).toEqual(['发动机试验报告', '纸质文件', '秘密', '秘密★5年']);
    expect(row.slice(8)).toEqual(expect.arrayContaining(['借出', 'officer.a', '研发部', 'insider.a', '是']));
    const en = parseCsv((await org.insiderA.get('/api/carriers/export?ledger=personal&format=csv&lang=en-US')).body);
    expect(en[0]!.slice(0, 4)).toEqual(['Number', 'Copy', 'Copies', 'Title']);
    expect(en.find((c) => c[0] === paper.number)!.slice(4, 9)).toEqual([
      'Paper document',
      'Confidential',
      'Confidential★5 years',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      'On loan',
    ]);
    // The officer's row above their clearance: its entry only.
    const dept = parseCsv((await org.officerA.get('/api/carriers/export?ledger=department&format=csv')).body);
    const hidden = dept.find((c) => c[0] === topSecret.number)!;
    expect(hidden.slice(3, 8)).toEqual(['—', '纸质文件', '绝密', '—', '']);
  });

  it('[CAR-04] the XLSX export holds the same cells as the list', async () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const words = carrierPrintTexts(lang);
      const rows = await list(org.sec, 'ledger=unit');
      const r = await org.sec.get(`/api/carriers/export?ledger=unit&format=xlsx&lang=${lang}`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet(words.w.sheet)!;
      expect(ws).toBeDefined();
      const values: unknown[][] = [];
      ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      const trim = (cells: unknown[]) => {
        const out = [...cells];
        while (out.length && (out.at(-1) === null || out.at(-1) === undefined)) out.pop();
        return out.map((c) => (c === undefined ? null : c));
      };
      expect(values.map(trim)).toEqual([
        exportHeader(words),
        ...rows.map((s) => trim(exportLine(s, words, lang, 'Asia/Shanghai'))),
      ]);
    }
  });
});
