/**
 * Leavers and the departure NDA (PER-04, PER-06): the security office asks a leaver for the departure NDA (they are
 * told; it shows among their obligations); the departure is refused until its current version is signed —
 * electronically or on paper — and the signatures and the leaver row stay after the departure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { notificationsOf, problemOf } from '../../helpers/classification-org.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import type { ObligationDto } from '../../../src/modules/people/contracts/signatures.js';

const PDF = Buffer.from('%PDF-1.4\n% a scanned paper agreement\n%%EOF\n');

describe.each(DB_KINDS)('leavers and the departure NDA on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let departureNda: PublishResult;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    departureNda = await createAndPublish(org, {
      kind: 'departure_nda',
      title: '离职保密协议',
      body: '# 离职保密协议\n\n{{name}} 离职后仍须保守所知悉的秘密，脱密期满后亦同。',
    });
  });
  afterAll(() => t.close());

  const mine = async (a: PeopleOrg['sec']) =>
    json<{ items: ObligationDto[] }>(await a.get('/api/agreements/mine')).items;
  const depart = async (userId: string) => {
    const u = json<{ version: number }>(await org.sys.get(`/api/users/${userId}`));
    return org.sys.post(`/api/users/${userId}/depart`, { version: u.version, separationMonths: 6 });
  };

  it('[PER-04] only leavers are asked: the departure NDA is not among anyone else’s obligations', async () => {
    expect((await mine(org.clerkB)).map((o) => o.kind)).not.toContain('departure_nda');
  });

  it('[PER-04] the security office asks a leaver; the person is told and must sign it', async () => {
    const h = await t.auditHead();
    const r = await org.sec.post('/api/agreements/leavers', { userId: org.clerkB.userId });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ userId: org.clerkB.userId, departureNda: 'due', requestedOn: '2026-11-23' });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['agreement.ask_leaver', 'success', org.clerkB.userId],
    ]);
    expect((await notificationsOf(t, org.clerkB.userId)).map((n) => n.kind)).toContain('departureNdaRequested');
    const nda = (await mine(org.clerkB)).find((o) => o.kind === 'departure_nda')!;
    expect(nda).toMatchObject({ templateId: departureNda.template.id, state: 'due', enforced: false });

    const list = json<{ items: { userId: string; departureNda: string | null }[] }>(
      await org.sec.get('/api/agreements/leavers'),
    );
    expect(list.items).toEqual([expect.objectContaining({ userId: org.clerkB.userId, departureNda: 'due' })]);

    const h2 = await t.auditHead();
    const twice = await org.sec.post('/api/agreements/leavers', { userId: org.clerkB.userId });
    await expectRefusedQuietly(t, h2, twice, 409, 'conflict');
    expect(problemOf(twice)).toBe('already_leaver');
    await expectRefusedQuietly(
      t,
      h2,
      await org.sec.post('/api/agreements/leavers', { userId: 'x' }),
      400,
      'validation_failed',
    );
  });

  it('[PER-04] only the security office asks leavers and reads the leaver list (403 audited)', async () => {
    for (const who of [org.headB, org.sys]) {
      const h = await t.auditHead();
      await expectDenied(t, h, await who.post('/api/agreements/leavers', { userId: org.testerA.userId }), {
        action: 'agreement.ask_leaver',
        actorName: who.username,
      });
      const h2 = await t.auditHead();
      await expectDenied(t, h2, await who.get('/api/agreements/leavers'), {
        action: 'agreement.view_leavers',
        actorName: who.username,
      });
    }
    // Never on one's own record.
    const h = await t.auditHead();
    await expectDenied(t, h, await org.sec.post('/api/agreements/leavers', { userId: org.sec.userId }), {
      action: 'agreement.ask_leaver',
      actorName: 'secadmin',
      targetId: org.sec.userId,
    });
  });

  it('[PER-04] [PER-06] the departure is refused until the departure NDA is signed; afterwards its records stay', async () => {
    const refused = await depart(org.clerkB.userId);
    expectError(refused, 409, 'conflict');
    expect(problemOf(refused)).toBe('departure_nda_unsigned');
    expect(json<{ status: string }>(await org.sys.get(`/api/users/${org.clerkB.userId}`)).status).toBe('active');
    // The departure page lists it (not something to hand over).
    const holdings = json<{ modules: { module: string; holdings: { kind: string; blocking: boolean }[] }[] }>(
      await org.sys.get(`/api/users/${org.clerkB.userId}/holdings`),
    );
    expect(holdings.modules.find((m) => m.module === 'people')?.holdings).toEqual([
      expect.objectContaining({ kind: 'departure_nda_unsigned', reference: '离职保密协议', transferable: false }),
    ]);

    const s = await org.clerkB.post('/api/agreements/sign', {
      versionId: departureNda.version.id,
      password: STRONG_PASSWORD,
    });
    expect(s.statusCode, s.body).toBe(201);
    const signatureId = (s.json() as { signature: { id: string; renderedHtml: string } }).signature.id;
    const departed = await depart(org.clerkB.userId);
    expect(departed.statusCode, departed.body).toBe(200);
    expect((departed.json() as { status: string }).status).toBe('departed');

    // The obligation continues after the departure: the signature, the text and the leaver row are kept.
    const after = json<{
      person: { status: string; leavingSince: string };
      signatures: { id: string; withdrawn: boolean }[];
    }>(await org.sec.get(`/api/agreements/people/${org.clerkB.userId}`));
    expect(after.person).toMatchObject({ status: 'departed', leavingSince: '2026-11-23' });
    expect(after.signatures).toEqual([expect.objectContaining({ id: signatureId, withdrawn: false })]);
    const list = json<{ items: { userId: string; status: string; departureNda: string | null }[] }>(
      await org.sec.get('/api/agreements/leavers'),
    );
    expect(list.items).toEqual([
      expect.objectContaining({ userId: org.clerkB.userId, status: 'departed', departureNda: 'signed' }),
    ]);
    // Nothing new is asked of a departed person.
    const h = await t.auditHead();
    const again = await org.sec.post('/api/agreements/leavers', { userId: org.clerkB.userId });
    await expectRefusedQuietly(t, h, again, 409, 'conflict');
    expect(problemOf(again)).toBe('person_inactive');
  });

  it('[PER-04] a paper departure NDA counts; a person not yet asked is refused the departure too', async () => {
    const refused = await depart(org.testerA.userId);
    expect(problemOf(refused)).toBe('departure_nda_unsigned');
    expect((await org.sec.post('/api/agreements/leavers', { userId: org.testerA.userId })).statusCode).toBe(201);
    const paper = await org.sec.request(
      'POST',
      `/api/agreements/paper?userId=${org.testerA.userId}&versionId=${departureNda.version.id}&signedOn=2026-11-23`,
      PDF,
      { 'content-type': 'application/pdf' },
    );
    expect(paper.statusCode, paper.body).toBe(201);
    expect(paper.json()).toMatchObject({ method: 'paper', hasScan: true, signedOn: '2026-11-23' });
    const departed = await depart(org.testerA.userId);
    expect(departed.statusCode, departed.body).toBe(200);
  });
});
