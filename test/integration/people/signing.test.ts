/**
 * Signing agreements (PER-01, PER-02, PER-08): a person reads the current version rendered for them and signs it
 * with their password (and a code from their authenticator where enrolled); the signature keeps the exact text, its
 * hash, the day and the address. Signing twice, a superseded version, a version one need not sign, a wrong password
 * or code are refused; someone else's signature is not found (audited).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { problemOf } from '../../helpers/classification-org.js';
import { createAndPublish, publishNewVersion, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult, RenderedVersion } from '../../../src/modules/people/contracts/templates.js';
import type { ObligationDto, SignatureDetail } from '../../../src/modules/people/contracts/signatures.js';
import { doneStates } from '../../helpers/notifications.js';

type Agent = PeopleOrg['sec'];
interface Mine {
  items: ObligationDto[];
  held: boolean;
}

describe.each(DB_KINDS)('signing agreements on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  let letterA: PublishResult;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议' });
    letterA = await createAndPublish(org, {
      kind: 'responsibility',
      title: '研发部保密责任书',
      departmentId: org.deptA,
      body: '# 保密责任书\n\n{{name}}，{{department}}：\n\n{{duties}}',
      duties: '- 妥善保管涉密载体\n- 不在互联网计算机上处理涉密信息',
    });
  });
  afterAll(() => t.close());

  const mine = async (a: Agent) => json<Mine>(await a.get('/api/agreements/mine'));
  const sign = (a: Agent, versionId: string, extra: Record<string, unknown> = {}) =>
    a.post('/api/agreements/sign', { versionId, password: STRONG_PASSWORD, ...extra });

  it('[PER-01] [PER-08] a person lists what they must sign, reads it rendered for them and signs it with their password', async () => {
    const before = await mine(org.testerA);
    expect(before.held).toBe(false);
    expect(before.items.map((o) => [o.kind, o.title, o.state, o.versionNo])).toEqual([
      ['nda', '员工保密协议', 'due', 1],
      ['responsibility', '研发部保密责任书', 'due', 1],
    ]);
    const letter = before.items[1]!;
    expect(letter.duties).toContain('妥善保管涉密载体');
    expect(letter.enforced).toBe(true);
    expect(letter.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const text = json<RenderedVersion>(await org.testerA.get(`/api/agreements/mine/${letterA.template.id}/text`));
    expect(text).toMatchObject({ id: letterA.version.id, current: true });
    expect(text.html).toContain('tester.a 同志');
    expect(text.html).toContain('研发部');
    expect(text.html).toContain('<li>妥善保管涉密载体</li>');

    // Asked to sign both, by notices that name the task.
    expect(await doneStates(t, org.testerA.userId, 'agreementToSign')).toEqual([false, false]);
    const h = await t.auditHead();
    const r = await sign(org.testerA, letterA.version.id);
    expect(r.statusCode, r.body).toBe(201);
    // Signed: the letter's notice is done, the agreement's still asks (sent at one instant: order undefined).
    expect((await doneStates(t, org.testerA.userId, 'agreementToSign')).sort()).toEqual([false, true]);
    const { signature: s, stage } = r.json() as { signature: SignatureDetail; stage: string };
    expect(stage).toBe('full');
    expect(s).toMatchObject({
      userId: org.testerA.userId,
      templateId: letterA.template.id,
      versionId: letterA.version.id,
      versionNo: 1,
      act: 'signed',
      method: 'electronic',
      withdrawn: false,
      hashAlg: 'sha256',
      clientIp: '127.0.0.1',
      hasScan: false,
    });
    expect(s.renderedHtml).toContain('<li>妥善保管涉密载体</li>');
    expect(s.renderedHtml).toContain('tester.a 同志');
    expect(s.textHash).toBe(crypto.createHash('sha256').update(s.renderedHtml!, 'utf8').digest('hex'));
    expect(s.signedOn).toBe('2026-11-23');
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([['agreement.sign', 'success', s.id]]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ method: 'electronic', hash: s.textHash, hashAlg: 'sha256' });

    const after = await mine(org.testerA);
    expect(after.items.find((o) => o.templateId === letterA.template.id)).toMatchObject({
      state: 'signed',
      signatureId: s.id,
      dueOn: null,
    });
    // The person reads their own signature back.
    expect(json<SignatureDetail>(await org.testerA.get(`/api/agreements/signatures/${s.id}`)).textHash).toBe(
      s.textHash,
    );
  });

  it('[PER-01] signing the same version twice is refused and changes nothing', async () => {
    expect((await sign(org.engineerA, nda.version.id)).statusCode).toBe(201);
    const h = await t.auditHead();
    const again = await sign(org.engineerA, nda.version.id);
    await expectRefusedQuietly(t, h, again, 409, 'conflict');
    expect(problemOf(again)).toBe('already_signed');
  });

  it('[PER-01] two signatures sent at once: one is recorded, the other refused', async () => {
    const both = await Promise.all([sign(org.memberSubA, nda.version.id), sign(org.memberSubA, nda.version.id)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await t.ctx.db
      .selectFrom('agreement_signatures')
      .select('id')
      .where('user_id', '=', org.memberSubA.userId)
      .where('template_id', '=', nda.template.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('[PER-01] a wrong password is refused, audited and counted toward the lockout', async () => {
    const h = await t.auditHead();
    const r = await sign(org.clerkB, nda.version.id, { password: 'Not-The-Password-1' });
    expectError(r, 403, 'forbidden');
    expect(problemOf(r)).toBe('wrong_password');
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.actor_name])).toEqual([['agreement.sign', 'denied', 'clerk.b']]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ reason: 'wrong_password' });
    const user = await t.ctx.db
      .selectFrom('users')
      .select('failed_logins')
      .where('id', '=', org.clerkB.userId)
      .executeTakeFirstOrThrow();
    expect(Number(user.failed_logins)).toBe(1);
    expect((await mine(org.clerkB)).items.find((o) => o.kind === 'nda')!.state).toBe('due');
  });

  it('[PER-01] with an authenticator enrolled the code is needed too: missing, wrong, then right', async () => {
    const h = await t.auditHead();
    const missing = await sign(org.sec, nda.version.id);
    await expectRefusedQuietly(t, h, missing, 400, 'validation_failed');
    expect(problemOf(missing)).toBe('wrong_totp');

    const wrong = await sign(org.sec, nda.version.id, { totpCode: org.sec.totp(-20) });
    expectError(wrong, 403, 'forbidden');
    expect(problemOf(wrong)).toBe('wrong_totp');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['agreement.sign', 'denied']]);

    t.advance(30_000);
    const right = await sign(org.sec, nda.version.id, { totpCode: org.sec.totp() });
    expect(right.statusCode, right.body).toBe(201);
    // The code is used: it confirms once.
    const h2 = await t.auditHead();
    const replay = await sign(org.sec, letterA.version.id, { totpCode: org.sec.totp() });
    // (the letter is not the security administrator's to sign: refused before the code is looked at)
    await expectRefusedQuietly(t, h2, replay, 400, 'bad_request');
    expect(problemOf(replay)).toBe('not_required');
  });

  it('[PER-02] signing an agreement one need not sign is refused', async () => {
    const h = await t.auditHead();
    const r = await sign(org.clerkB, letterA.version.id);
    await expectRefusedQuietly(t, h, r, 400, 'bad_request');
    expect(problemOf(r)).toBe('not_required');
    const unknown = await sign(org.clerkB, crypto.randomUUID());
    await expectRefusedQuietly(t, h, unknown, 400, 'bad_request');
    expect(problemOf(unknown)).toBe('version_unknown');
    // Bad input: nothing recorded.
    const bad = await org.clerkB.post('/api/agreements/sign', { versionId: 'x', password: STRONG_PASSWORD });
    await expectRefusedQuietly(t, h, bad, 400, 'validation_failed');
    const extra = await org.clerkB.post('/api/agreements/sign', {
      versionId: nda.version.id,
      password: STRONG_PASSWORD,
      userId: org.testerA.userId,
    });
    await expectRefusedQuietly(t, h, extra, 400, 'validation_failed');
  });

  it('[PER-01] a new version supersedes the old: the old one cannot be signed, signers must re-sign', async () => {
    const other = await createAndPublish(org, { title: '网络使用保密协议' });
    expect((await sign(org.testerA, other.version.id)).statusCode).toBe(201);
    const v2 = await publishNewVersion(org, other.template.id, { body: '# 网络使用保密协议（第二版）\n\n{{name}}' });
    expect(v2.version.versionNo).toBe(2);
    const h = await t.auditHead();
    const old = await sign(org.headB, other.version.id);
    await expectRefusedQuietly(t, h, old, 409, 'conflict');
    expect(problemOf(old)).toBe('superseded_version');
    const tester = (await mine(org.testerA)).items.find((o) => o.templateId === other.template.id)!;
    expect(tester).toMatchObject({ state: 'resign_due', versionNo: 2, versionId: v2.version.id });
    const resigned = await sign(org.testerA, v2.version.id);
    expect(resigned.statusCode).toBe(201);
    expect((resigned.json() as { signature: SignatureDetail }).signature.renderedHtml).toContain('第二版');
  });

  it("[PER-01] someone else's signature and agreements are not found, audited; heads see their department's", async () => {
    const s = (await mine(org.testerA)).items.find((o) => o.kind === 'responsibility')!.signatureId!;
    const h = await t.auditHead();
    const r = await org.clerkB.get(`/api/agreements/signatures/${s}`);
    expectError(r, 404, 'not_found');
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toEqual([['agreement.view_person', 'denied', s]]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ reason: 'not_found_or_no_access' });

    const h2 = await t.auditHead();
    expectError(await org.headB.get(`/api/agreements/people/${org.testerA.userId}`), 404, 'not_found');
    expectError(await org.clerkB.get(`/api/agreements/people/${org.testerA.userId}`), 404, 'not_found');
    expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([
      ['agreement.view_person', 'denied'],
      ['agreement.view_person', 'denied'],
    ]);
    // A head or officer of the department (or a parent), and the security office, may read them.
    for (const reader of [org.headA, org.officerA, org.sec]) {
      expect((await reader.get(`/api/agreements/signatures/${s}`)).statusCode).toBe(200);
      const p = json<{ obligations: ObligationDto[]; signatures: { id: string }[] }>(
        await reader.get(`/api/agreements/people/${org.testerA.userId}`),
      );
      expect(p.signatures.map((x) => x.id)).toContain(s);
      expect(p.obligations.length).toBeGreaterThanOrEqual(2);
    }
    expect((await org.headA.get(`/api/agreements/people/${org.memberSubA.userId}`)).statusCode).toBe(200);
    // Nobody by that id: not found either way.
    expectError(await org.sec.get(`/api/agreements/people/${crypto.randomUUID()}`), 404, 'not_found');
    expectError(await org.sec.get(`/api/agreements/signatures/${crypto.randomUUID()}`), 404, 'not_found');
  });

  it('[PER-01] wrong passwords at signing reach the lockout: the account is locked and signed out', async () => {
    const v = (await mine(org.memberSubA)).items.find((o) => o.kind === 'responsibility')!.versionId;
    for (let n = 1; n < 5; n++) {
      const r = await sign(org.memberSubA, v, { password: `Wrong-Password-${n}` });
      expect(problemOf(r)).toBe('wrong_password');
    }
    const locked = await sign(org.memberSubA, v, { password: 'Wrong-Password-5' });
    expectError(locked, 423, 'account_locked');
    expectError(await org.memberSubA.get('/api/agreements/mine'), 401, 'unauthenticated');
    const user = await t.ctx.db
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', org.memberSubA.userId)
      .executeTakeFirstOrThrow();
    expect(user.locked_until).not.toBeNull();
  });
});
