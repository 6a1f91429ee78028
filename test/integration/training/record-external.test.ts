/**
 * External courses and certificates (TRN-11): the person records their own, with the certificate file; the security
 * office records them for anyone (the person is told); the file is read by whoever may read the person's training.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { PDF_FILE, PNG_FILE, myRecord, recordExternalAs } from '../../helpers/training-record.js';
import type { ExternalDto } from '../../../src/modules/training/contracts/records.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('external certificates on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  it('[TRN-11] a person records their own external certificate with its file; it is on their record', async () => {
    const h = await t.auditHead();
    const r = await recordExternalAs(org.testerA, org.testerA.userId, {
      title: '保密管理专业能力培训',
      provider: '国家保密教育培训基地',
      completedOn: '2026-09-01',
      expiresOn: '2029-09-01',
      certificateNo: 'BM-2026-0815',
      fileName: '证书.pdf',
    });
    expect(r.statusCode, r.body).toBe(201);
    const x = r.json() as ExternalDto;
    expect(x).toMatchObject({
      userId: org.testerA.userId,
      title: '保密管理专业能力培训',
      provider: '国家保密教育培训基地',
      completedOn: '2026-09-01',
      expiresOn: '2029-09-01',
      certificateNo: 'BM-2026-0815',
      fileName: '证书.pdf',
      mediaType: 'application/pdf',
      size: PDF_FILE.length,
      recordedByName: 'tester.a 同志',
    });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['training.record_external', 'success', x.id],
    ]);
    expect((await myRecord(org.testerA)).external.map((e) => e.id)).toEqual([x.id]);
    // Recorded by oneself: no notice to oneself.
    const n = await t.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', org.testerA.userId)
      .where('kind', '=', 'trainingExternalRecorded')
      .execute();
    expect(n).toEqual([]);

    // Downloadable by who may view the person: themself, the office, the head and officer above them.
    for (const a of [org.testerA, org.sec, org.headA, org.officerA]) {
      const f = await a.get(`/api/training/external/${x.id}/file`);
      expect(f.statusCode, f.body).toBe(200);
      expect(f.headers['content-type']).toBe('application/pdf');
      expect(f.rawPayload.equals(PDF_FILE)).toBe(true);
    }
    const h2 = await t.auditHead();
    expectError(await org.clerkB.get(`/api/training/external/${x.id}/file`), 404, 'not_found');
    expectError(await org.headB.get(`/api/training/external/${x.id}/file`), 404, 'not_found');
    expectError(await org.memberSubA.get(`/api/training/external/${randomId()}/file`), 404, 'not_found');
    expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual(
      Array(3).fill(['training.view_external', 'denied']),
    );
  });

  it('[TRN-11] the office records one for a person (a PNG scan); the person is told', async () => {
    const r = await recordExternalAs(
      org.sec,
      org.clerkB.userId,
      { title: '财务保密专题', provider: '行业协会' },
      PNG_FILE,
      'image/png',
    );
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      mediaType: 'image/png',
      fileName: 'certificate.png',
      expiresOn: null,
      certificateNo: null,
    });
    const n = await t.ctx.db
      .selectFrom('notifications')
      .select(['kind', 'link'])
      .where('user_id', '=', org.clerkB.userId)
      .where('kind', '=', 'trainingExternalRecorded')
      .execute();
    expect(n).toEqual([{ kind: 'trainingExternalRecorded', link: '/training' }]);
  });

  it("nobody else records on someone's record: 403 to a head who may read it, 404 to others (audited)", async () => {
    const h = await t.auditHead();
    expectError(await recordExternalAs(org.headA, org.testerA.userId), 403, 'forbidden');
    expectError(await recordExternalAs(org.clerkB, org.testerA.userId), 404, 'not_found');
    expectError(await recordExternalAs(org.clerkB, randomId()), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual(
      Array(3).fill(['training.record_external', 'denied']),
    );
    expectError(await recordExternalAs(org.sec, randomId()), 404, 'not_found');
    expect((await myRecord(org.headA)).external).toEqual([]);
  });

  it('bad input changes nothing (400, nothing audited)', async () => {
    const uid = org.engineerA.userId;
    const h = await t.auditHead();
    const cases: [Record<string, string>, Buffer, string, string, string | undefined][] = [
      [{ completedOn: '2026-11-24' }, PDF_FILE, 'application/pdf', 'bad_request', 'completed_on_future'],
      [
        { completedOn: '2026-05-01', expiresOn: '2026-04-30' },
        PDF_FILE,
        'application/pdf',
        'bad_request',
        'external_expiry_before',
      ],
      [{}, Buffer.from('hello'), 'application/pdf', 'bad_request', 'record_file_type'],
      [{}, PNG_FILE, 'application/pdf', 'bad_request', 'record_file_type'],
      [{ title: '  ' }, PDF_FILE, 'application/pdf', 'validation_failed', undefined],
      [{ completedOn: '2026-02-29' }, PDF_FILE, 'application/pdf', 'validation_failed', undefined],
    ];
    for (const [q, file, type, code, problem] of cases) {
      const r = await recordExternalAs(org.engineerA, uid, q, file, type);
      await expectRefusedQuietly(t, h, r, 400, code);
      if (problem) expect(problemOf(r), JSON.stringify(q)).toBe(problem);
    }
    const empty = await org.engineerA.request(
      'POST',
      `/api/training/people/${uid}/external?title=x&provider=y&completedOn=2026-01-01`,
      Buffer.alloc(0),
      { 'content-type': 'application/pdf' },
    );
    expect(empty.statusCode).toBe(400);
    expect(await t.auditHead()).toBe(h);
    expect((await myRecord(org.engineerA)).external).toEqual([]);
  });

  it('a file over 10 MiB is refused (413) before anything is stored or audited', async () => {
    const h = await t.auditHead();
    const big = Buffer.concat([PDF_FILE, Buffer.alloc(10 * 1024 * 1024)]);
    const r = await recordExternalAs(org.engineerA, org.engineerA.userId, {}, big);
    await expectRefusedQuietly(t, h, r, 413, 'payload_too_large');
    expect((await myRecord(org.engineerA)).external).toEqual([]);
  });

  it('[TRN-11] the same upload sent again (its idempotency key) records it once', async () => {
    const key = randomId();
    const first = await recordExternalAs(org.memberSubA, org.memberSubA.userId, { title: '重复上传', key });
    expect(first.statusCode, first.body).toBe(201);
    const h = await t.auditHead();
    const again = await recordExternalAs(org.memberSubA, org.memberSubA.userId, { title: '重复上传', key });
    expect(again.statusCode, again.body).toBe(201);
    expect((again.json() as ExternalDto).id).toBe(key);
    expect(await t.auditHead()).toBe(h);
    expect((await myRecord(org.memberSubA)).external.map((x) => x.id)).toEqual([key]);
    // Another person's key is not theirs to reuse.
    expectError(await recordExternalAs(org.sec, org.clerkB.userId, { key }), 409, 'conflict');
  });
});
