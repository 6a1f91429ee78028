/**
 * Printing the department ledger from the browser (issue 14): 何俊, confidentiality officer of 软件部 in the demo
 * organisation, opens the department ledger and clicks 「打印台账」. The PDF the browser downloads lists what the list
 * shows — the same numbers (in register order), their titles, the count — under the department's title, marked with
 * the highest level it lists on every page, with the department's designated handlers; and its title is drawn (ink in
 * the title area of the rasterised landscape page), not only extractable.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startDemoE2EServer, type E2EServer } from '../../helpers/browser.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfPages } from '../../helpers/pdf.js';
import { CARRIER_PRINT_WORDS } from '../../../src/modules/carriers/contracts/print-texts.js';
import { W, allRows, fill, personPage, signInDemo, step } from './support.js';

/** Register numbers as the default scheme writes them, with a copy suffix for numbered copies. */
const NUMBER = /\d{4}-(?:TS|S|C)-\d{5}(?:-\d+\/\d+)?/g;
/** pdftotext drops the spaces between CJK characters and lays table cells out by column: compare without spaces. */
const squeeze = (s: string) => s.replace(/\s+/g, '');
const P = CARRIER_PRINT_WORDS['zh-CN'];

let browser: Browser;
let server: E2EServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDemoE2EServer()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('carriers: printing a ledger', () => {
  test('[CAR-02][CAR-03][CAR-04] the department ledger printed from the UI lists what the list shows, marked, with its title drawn', async (t) => {
    const page = await personPage(t, browser, server, 'hejun');
    const shown: { number: string; title: string; text: string }[] = [];
    let pdf = Buffer.alloc(0);

    await step('the officer opens the department ledger', async () => {
      await signInDemo(page, 'hejun');
      await page.getByTestId('nav-carriers').click();
      await page.waitForURL('**/carriers');
      await page.getByTestId('carrier-ledger-department').click();
      await page.waitForURL((u) => u.searchParams.get('ledger') === 'department');
      shown.push(...(await allRows(page, 'department')));
      expect(shown.length).toBeGreaterThan(0);
      // 软件部's own register: its documents, media and laptops, at 秘密 and 机密.
      expect(shown.some((r) => r.title.startsWith('软件需求规格说明'))).toBe(true);
      expect(shown.some((r) => r.title.startsWith('密码模块设计说明'))).toBe(true);
    });

    await step('it prints: the browser downloads a PDF', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('carrier-print').click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      pdf = fs.readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (process.env.BAOMI_KEEP_PDF) fs.writeFileSync(process.env.BAOMI_KEEP_PDF, pdf);
    });

    await step('the PDF lists what the list shows, marked, with the handlers; its title is drawn', async () => {
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const pages = pdfPages(pdf);
      const text = pages.join('\n');
      // The same rows: the list shows the newest first, the paper ledger reads in register order (oldest first).
      expect(text.match(NUMBER) ?? []).toEqual(shown.map((r) => r.number).reverse());
      const flat = squeeze(text);
      for (const r of shown) expect(flat).toContain(squeeze(r.title));
      expect(flat).toContain(fill(P.departmentTitle, { department: '软件部' }));
      expect(flat).toContain(squeeze(fill(P.entries, { n: shown.length })));
      // Marked with the highest level it lists (机密), on every page, with its page count.
      pages.forEach((p, i) => {
        const f = squeeze(p);
        expect(f).toContain(W.level.secret);
        expect(f).toContain(`第${i + 1}页共${pages.length}页`);
      });
      // CAR-03: the department's designated handlers, with their duties.
      expect(flat).toContain(P.handlers);
      expect(flat).toContain('何俊');
      // Landscape A4 (842 x 595 points): ink where the title is, none in the empty corner.
      expect(inkIn(pdf, 1, { x: 271, y: 70, width: 300, height: 40 })).toBeGreaterThan(200);
      expect(inkIn(pdf, 1, { x: 0, y: 0, width: 40, height: 40 })).toBe(0);
    });
  }, 120_000);
});
