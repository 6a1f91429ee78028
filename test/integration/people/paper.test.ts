/**
 * The security office's records (PER-01, PER-02): a paper agreement signed by hand is recorded for the person with
 * its scan and counts as a signature (marked paper); a signature is withdrawn with a reason (a record of its own: the
 * person is due again); the signed copy prints as PDF with the text, who, when, the version, the method and the hash.
 */
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, problemOf } from '../../helpers/classification-org.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, pdfText } from '../../helpers/pdf.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import type { ObligationDto, SignatureDetail } from '../../../src/modules/people/contracts/signatures.js';
import { printFont } from '../../../src/platform/print/render.js';

const PDF_SCAN = Buffer.from('%PDF-1.4\n% the signed paper agreement, scanned\n%%EOF\n');
const PNG_SCAN = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png')]);
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe.each(DB_KINDS)('paper signatures, withdrawals and signed copies on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  let letterA: PublishResult;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, {
      title: '员工保密协议',
      body: '# 员工保密协议\n\n乙方 {{name}} 承诺保守 {{organisation}} 的国家秘密和工作秘密。',
    });
    letterA = await createAndPublish(org, {
      kind: 'responsibility',
      title: '研发部保密责任书',
      departmentId: org.deptA,
      body: '# 保密责任书\n\n{{name}}',
      duties: '保管好载体',
    });
  });
  afterAll(() => t.close());

  const paper = (
    as: PeopleOrg['sec'],
    q: { userId: string; versionId: string; signedOn?: string },
    scan: Buffer = PDF_SCAN,
    type = 'application/pdf',
  ) =>
    as.request(
      'POST',
      `/api/agreements/paper?userId=${q.userId}&versionId=${q.versionId}&signedOn=${q.signedOn ?? '2026-11-23'}`,
      scan,
      { 'content-type': type },
    );
  const mine = async (a: PeopleOrg['sec']) =>
    json<{ items: ObligationDto[] }>(await a.get('/api/agreements/mine')).items;

  it('[PER-01] the security office records a paper NDA with its scan: it counts, marked paper', async () => {
    const h = await t.auditHead();
    const r = await paper(org.sec, { userId: org.clerkB.userId, versionId: nda.version.id });
    expect(r.statusCode, r.body).toBe(201);
    const s = r.json() as SignatureDetail;
    expect(s).toMatchObject({
      userId: org.clerkB.userId,
      method: 'paper',
      act: 'signed',
      hasScan: true,
      signedOn: '2026-11-23',
      recordedByName: '安全保密管理员',
      clientIp: null,
      hashAlg: 'sha256',
    });
    expect(s.renderedHtml).toContain('clerk.b 同志');
    expect(s.textHash).toBe(crypto.createHash('sha256').update(s.renderedHtml!).digest('hex'));
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([['agreement.record_paper', 'success', s.id]]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({
      userId: org.clerkB.userId,
      scan: { sha256: crypto.createHash('sha256').update(PDF_SCAN).digest('hex'), mediaType: 'application/pdf' },
    });
    expect((await mine(org.clerkB)).find((o) => o.kind === 'nda')).toMatchObject({
      state: 'signed',
      signatureId: s.id,
    });
    expect((await notificationsOf(t, org.clerkB.userId)).map((n) => n.kind)).toContain('paperSignatureRecorded');

    // The scan reads back for the person and the office; not for someone else (404 audited).
    for (const who of [org.clerkB, org.sec, org.headB]) {
      const scan = await who.get(`/api/agreements/signatures/${s.id}/scan`);
      expect(scan.statusCode).toBe(200);
      expect(scan.headers['content-type']).toBe('application/pdf');
      expect(scan.rawPayload.equals(PDF_SCAN)).toBe(true);
    }
    const h2 = await t.auditHead();
    expectError(await org.testerA.get(`/api/agreements/signatures/${s.id}/scan`), 404, 'not_found');
    expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([['agreement.view_scan', 'denied']]);
  });

  it('[PER-01] paper records refused: bad scans, dates, versions and people change nothing', async () => {
    const h = await t.auditHead();
    const q = { userId: org.headB.userId, versionId: nda.version.id };
    const cases: [LightMyRequestResponse, number, string, string | undefined][] = [
      [await paper(org.sec, q, Buffer.from('not a scan'), 'application/pdf'), 400, 'bad_request', 'scan_type'],
      [await paper(org.sec, q, PNG_SCAN, 'application/pdf'), 400, 'bad_request', 'scan_type'],
      [await paper(org.sec, q, Buffer.alloc(0)), 400, 'bad_request', 'scan_type'],
      [await paper(org.sec, { ...q, signedOn: '2026-12-24' }), 400, 'bad_request', 'signed_on_future'],
      [await paper(org.sec, { ...q, signedOn: '2026-01-01' }), 400, 'bad_request', 'signed_on_before_version'],
      [await paper(org.sec, { ...q, signedOn: '2026-13-45x' }), 400, 'validation_failed', undefined],
      [await paper(org.sec, { ...q, versionId: letterA.version.id }), 400, 'bad_request', 'not_required'],
      [await paper(org.sec, { ...q, versionId: crypto.randomUUID() }), 400, 'bad_request', 'version_unknown'],
      [await paper(org.sec, { ...q, userId: crypto.randomUUID() }), 400, 'bad_request', undefined],
      [
        await paper(org.sec, { userId: org.clerkB.userId, versionId: nda.version.id }),
        409,
        'conflict',
        'already_signed',
      ],
    ];
    for (const [r, status, code, p] of cases) {
      expectError(r, status, code);
      if (p) expect(problemOf(r)).toBe(p);
    }
    expect(await t.auditHead()).toBe(h);
    const after = await mine(org.headB);
    expect(after.find((o) => o.kind === 'nda')!.state).toBe('due');
  });

  it('[PER-01] only the security office records paper, never its own (403 audited)', async () => {
    for (const who of [org.headB, org.officerA, org.sys]) {
      const h = await t.auditHead();
      await expectDenied(t, h, await paper(who, { userId: org.testerA.userId, versionId: nda.version.id }), {
        action: 'agreement.record_paper',
        actorName: who.username,
      });
    }
    const h = await t.auditHead();
    await expectDenied(t, h, await paper(org.sec, { userId: org.sec.userId, versionId: nda.version.id }), {
      action: 'agreement.record_paper',
      actorName: 'secadmin',
    });
  });

  it('[PER-01] a withdrawn signature is a record of its own; the person is due again and told why', async () => {
    const r = await org.testerA.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD });
    const s = (r.json() as { signature: SignatureDetail }).signature;
    const h0 = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h0,
      await org.sec.post(`/api/agreements/signatures/${s.id}/withdraw`, { reason: '' }),
      400,
      'validation_failed',
    );
    for (const who of [org.headA, org.testerA]) {
      const h = await t.auditHead();
      await expectDenied(t, h, await who.post(`/api/agreements/signatures/${s.id}/withdraw`, { reason: '签错' }), {
        action: 'agreement.withdraw',
        actorName: who.username,
      });
    }
    const h = await t.auditHead();
    const w = await org.sec.post(`/api/agreements/signatures/${s.id}/withdraw`, { reason: '签署时身份核验有误' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ id: s.id, withdrawn: true, act: 'signed', textHash: s.textHash });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['agreement.withdraw', 'success', s.id],
    ]);
    expect((await mine(org.testerA)).find((o) => o.kind === 'nda')).toMatchObject({ state: 'due', signatureId: null });
    expect((await notificationsOf(t, org.testerA.userId)).map((n) => n.kind)).toContain('signatureWithdrawn');
    const history = json<{ signatures: { act: string; withdrawsId: string | null; reason: string | null }[] }>(
      await org.sec.get(`/api/agreements/people/${org.testerA.userId}`),
    ).signatures;
    const withdrawal = history.find((x) => x.act === 'withdrawn')!;
    expect(withdrawal).toMatchObject({ withdrawsId: s.id, reason: '签署时身份核验有误' });

    const h2 = await t.auditHead();
    const twice = await org.sec.post(`/api/agreements/signatures/${s.id}/withdraw`, { reason: '再撤' });
    await expectRefusedQuietly(t, h2, twice, 409, 'conflict');
    expect(problemOf(twice)).toBe('already_withdrawn');
    const withdrawalId = (history.find((x) => x.act === 'withdrawn') as unknown as { id: string }).id;
    const ofWithdrawal = await org.sec.post(`/api/agreements/signatures/${withdrawalId}/withdraw`, { reason: '再撤' });
    await expectRefusedQuietly(t, h2, ofWithdrawal, 409, 'conflict');
    expect(problemOf(ofWithdrawal)).toBe('not_a_signature');
    // Signed again, it counts again.
    const again = await org.testerA.post('/api/agreements/sign', {
      versionId: nda.version.id,
      password: STRONG_PASSWORD,
    });
    expect(again.statusCode).toBe(201);
  });

  it.skipIf(!printFont())(
    '[PER-01] the signed copy prints as PDF: the text, who, when, the version and the hash',
    async () => {
      const r = await org.engineerA.post('/api/agreements/sign', {
        versionId: nda.version.id,
        password: STRONG_PASSWORD,
      });
      const s = (r.json() as { signature: SignatureDetail }).signature;
      const h = await t.auditHead();
      const pdf = await org.engineerA.get(`/api/agreements/signatures/${s.id}/pdf`);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
        ['agreement.print_signed', 'success', s.id],
      ]);
      // Someone else's: not found, audited; the office and the head of the department may print it.
      const h2 = await t.auditHead();
      expectError(await org.clerkB.get(`/api/agreements/signatures/${s.id}/pdf`), 404, 'not_found');
      expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([
        ['agreement.print_signed', 'denied'],
      ]);
      expect((await org.headA.get(`/api/agreements/signatures/${s.id}/pdf?lang=en-US`)).statusCode).toBe(200);
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const text = squeeze(pdfText(pdf.rawPayload));
      expect(text).toContain('签署件');
      expect(text).toContain('员工保密协议');
      expect(text).toContain(squeeze('乙方 engineer.a 同志 承诺保守'));
      expect(text).toContain(s.textHash!);
      expect(text).toContain('SHA256');
      expect(text).toContain('电子签署');
      expect(text).toContain('2026-11-23');
    },
  );
});
