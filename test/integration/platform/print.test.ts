import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter } from '../../helpers/abuse.js';
import { classify, propose, proposal, setupOrg, type Org } from '../../helpers/classification-org.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, inkIn, pdfPages } from '../../helpers/pdf.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

/** The title area of a printout's first page: below the two-line marking block, the centred title. */
const TITLE_AREA = { x: 150, y: 70, width: 295, height: 40 };

function expectPdf(r: LightMyRequestResponse): Buffer {
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''/);
  expect(r.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (process.env.BAOMI_KEEP_PDF) fs.writeFileSync(process.env.BAOMI_KEEP_PDF, r.rawPayload);
  return r.rawPayload;
}

/** Every page carries the marking block and 「第 i 页 共 n 页」. */
function expectEveryPageMarked(pdf: Buffer, marking: string): string[] {
  const pages = pdfPages(pdf);
  expect(pages.length).toBeGreaterThan(0);
  pages.forEach((p, i) => {
    expect(p).toContain(marking);
    // pdftotext drops the spaces between CJK characters: compare without spaces.
    expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages.length}页`);
  });
  return pages;
}

describe.each(DB_KINDS)('printing on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let item: ItemDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    item = await classify(org, org.officerA, {
      title: '新型号发动机试验方案',
      level: 'secret',
      period: { value: 10, unit: 'years' },
    });
  });
  afterAll(() => t.close());

  it('prints an item catalogue entry with a numbered, marked copy per print, each audited once', async () => {
    const h = await t.auditHead();
    const first = expectPdf(await org.insiderA.get(`/api/items/${item.id}/print`));
    const second = expectPdf(await org.insiderA.get(`/api/items/${item.id}/print`));
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
      ['item.print', 'success', 'insider.a', item.id],
      ['item.print', 'success', 'insider.a', item.id],
    ]);
    expect(events.map((e) => (JSON.parse(e.details!) as { copy: number }).copy)).toEqual([1, 2]);
    if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
    const pages = expectEveryPageMarked(first, '机密★10年');
    expect(pages[0]).toContain('000001');
    expect(pdfPages(second)[0]).toContain('000002');
    const text = pages.join('\n');
    expect(text).toContain('保密事项目录条目');
    expect(text).toContain('新型号发动机试验方案');
    expect(text).toContain(item.number);
    expect(text).toContain('本单位保密事项一览表第3条');
    expect(text).toMatch(/打印人 \S+ 打印时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it.skipIf(!PDF_TOOLS)('draws the Chinese title: ink in the title area, none in an empty margin', async () => {
    const pdf = expectPdf(await org.insiderA.get(`/api/items/${item.id}/print`));
    expect(inkIn(pdf, 1, TITLE_AREA)).toBeGreaterThan(200);
    expect(inkIn(pdf, 1, { x: 0, y: 0, width: 40, height: 40 })).toBe(0);
  });

  it('prints in English on request, with the English marking and page line', async () => {
    const pdf = expectPdf(await org.insiderA.get(`/api/items/${item.id}/print?lang=en-US`));
    if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
    const pages = pdfPages(pdf);
    pages.forEach((p, i) => {
      expect(p).toContain('Secret★10 years');
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    expect(pages.join('\n')).toContain('新型号发动机试验方案');
  });

  it('refuses whoever may not read the item (404, audited) and the sysadmin and auditor', async () => {
    for (const who of [org.outsiderB, org.sys, org.aud, org.plainA]) {
      const h = await t.auditHead();
      const r = await who.get(`/api/items/${item.id}/print`);
      expect(r.statusCode, who.username).toBe(404);
      const events = await auditRowsAfter(t, h);
      expect(events.map((e) => [e.action, e.result])).toEqual([['item.print', 'denied']]);
    }
  });

  it('prints the approval form for the requester and an approver, not for others', async () => {
    const { requestId } = await propose(
      org.officerA,
      proposal(org, { title: '待审批的绝密方案', level: 'secret', period: { value: 5, unit: 'years' } }),
    );
    const chain = (await t.ctx.db
      .selectFrom('approval_requests')
      .select('chain')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow()) as { chain: string };
    const approverId = (JSON.parse(chain.chain) as { approvers: string[] }[])[0]!.approvers[0]!;
    for (const who of [org.officerA, org.byId.get(approverId)!]) {
      const h = await t.auditHead();
      const pdf = expectPdf(await who.get(`/api/requests/${requestId}/print`));
      const events = await auditRowsAfter(t, h);
      expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([['approval.print', 'success', requestId]]);
      if (!PDF_TOOLS) continue;
      const text = expectEveryPageMarked(pdf, '机密').join('\n');
      expect(text).toContain('审批表');
      expect(text).toContain('定密');
      expect(text).toContain('待审批的绝密方案');
      expect(text).toContain('需要定密');
      expect(inkIn(pdf, 1, TITLE_AREA)).toBeGreaterThan(100);
    }
    for (const who of [org.outsiderB, org.sys]) {
      const h = await t.auditHead();
      expect((await who.get(`/api/requests/${requestId}/print`)).statusCode).toBe(404);
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['approval.print', 'denied']]);
    }
  });
});
