/**
 * Hardware OTP tokens: the system administrator imports the vendor's seed file (CSV or PSKC), lists the tokens by
 * serial (never the seed), assigns them, takes them back, resynchronises a counter-based one, deletes one nobody
 * holds; a person signs in with the token's code like an app's, each code once.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { hotp, totpStep } from '../../../src/kernel/totp.js';
import { MasterKeys, seal } from '../../../src/platform/crypto/keys.js';
import { tokenSealContext } from '../../../src/modules/identity/services/second-factors/codes.js';

const hmac = (k: Uint8Array, m: Uint8Array) => crypto.createHmac('sha1', k).update(m).digest();
const TOTP_SEED = Buffer.from('3132333435363738393031323334353637383930', 'hex');
const HOTP_SEED = Buffer.from('0102030405060708090a0b0c0d0e0f1011121314', 'hex');
const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details?: { problem?: string; line?: number } } }).error.details;

type Token = { id: string; serial: string; version: number; assignedTo: { id: string } | null };

const pskc = (serial: string) => `<?xml version="1.0" encoding="UTF-8"?>
<pskc:KeyContainer Version="1.0" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">
  <pskc:KeyPackage>
    <pskc:DeviceInfo><pskc:Manufacturer>Vendor</pskc:Manufacturer><pskc:SerialNo>${serial}</pskc:SerialNo></pskc:DeviceInfo>
    <pskc:Key Id="1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp">
      <pskc:AlgorithmParameters><pskc:ResponseFormat Length="6" Encoding="DECIMAL"/></pskc:AlgorithmParameters>
      <pskc:Data>
        <pskc:Secret><pskc:PlainValue>${TOTP_SEED.toString('base64')}</pskc:PlainValue></pskc:Secret>
        <pskc:TimeInterval><pskc:PlainValue>60</pskc:PlainValue></pskc:TimeInterval>
      </pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>
</pskc:KeyContainer>`;

describe.each(DB_KINDS)('hardware OTP tokens [%s]', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let fay: Agent & { userId: string };
  let gus: Agent & { userId: string };
  const tokens = async () => ((await sys.get('/api/admin/otp-tokens')).json() as { items: Token[] }).items;
  const bySerial = async (serial: string) => (await tokens()).find((x) => x.serial === serial)!;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    fay = await t.employee('fay');
    gus = await t.employee('gus');
  });
  afterAll(async () => t?.close());

  it('imports CSV and PSKC files whole or not at all, only by the system administrator, never showing seeds', async () => {
    const csv = `serial,secret,digits,period\nT-0001,${TOTP_SEED.toString('hex')},6,30\n`;
    expectError(await sec.post('/api/admin/otp-tokens/import', { format: 'csv', content: csv }), 403, 'forbidden');
    expectError(await fay.get('/api/admin/otp-tokens'), 403, 'forbidden');
    const bad = await sys.post('/api/admin/otp-tokens/import', {
      format: 'csv',
      content: `T-0002,${TOTP_SEED.toString('hex')},6,30\nT-0003,zz,6,30\n`,
    });
    expectError(bad, 400, 'bad_request');
    expect(problemOf(bad)).toMatchObject({ problem: 'token_file_invalid', reason: 'secret', line: 2 });
    expect(await tokens()).toEqual([]);
    expectError(
      await sys.post('/api/admin/otp-tokens/import', { format: 'xml', content: csv }),
      400,
      'validation_failed',
    );
    expect((await sys.post('/api/admin/otp-tokens/import', { format: 'csv', content: csv })).json()).toEqual({
      imported: 1,
      serials: ['T-0001'],
    });
    const hotpCsv = `serial,secret,digits,counter\nH-0001,${HOTP_SEED.toString('hex')},8,0\n`;
    expect((await sys.post('/api/admin/otp-tokens/import', { format: 'csv', content: hotpCsv })).statusCode).toBe(200);
    const again = await sys.post('/api/admin/otp-tokens/import', { format: 'csv', content: csv });
    expectError(again, 409, 'conflict');
    expect(problemOf(again)).toMatchObject({ problem: 'token_serial_exists', serials: ['T-0001'] });
    expect(
      (await sys.post('/api/admin/otp-tokens/import', { format: 'pskc', content: pskc('P-0001') })).statusCode,
    ).toBe(200);
    const doctype = await sys.post('/api/admin/otp-tokens/import', {
      format: 'pskc',
      content: `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${pskc('P-0002')}`,
    });
    expect(problemOf(doctype)).toMatchObject({ problem: 'token_file_invalid', reason: 'doctype' });
    const list = await sys.get('/api/admin/otp-tokens');
    expect((list.json() as { items: Token[] }).items.map((x) => x.serial)).toEqual(['H-0001', 'P-0001', 'T-0001']);
    expect(list.body).not.toContain(TOTP_SEED.toString('hex'));
    expect(list.body).not.toMatch(/seed|secret/i);
    const stored = await t.ctx.db.selectFrom('otp_tokens').select('seed').execute();
    // Sealed under the master key, naming its version (1).
    for (const s of stored) expect(s.seed).toMatch(/^v2\.1\./);
  });

  it('assigns a TOTP token; its code signs in once; admins and assigned tokens are refused', async () => {
    const tok = await bySerial('T-0001');
    expectError(
      await sec.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: fay.userId, version: tok.version }),
      403,
      'forbidden',
    );
    const secId = ((await sec.get('/api/auth/me')).json() as { user: { id: string } }).user.id;
    expectError(
      await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: secId, version: tok.version }),
      403,
      'forbidden',
    );
    expectError(
      await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: fay.userId, version: tok.version + 5 }),
      409,
      'stale_version',
    );
    const r = await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: fay.userId, version: tok.version });
    expect(r.json()).toMatchObject({ token: { serial: 'T-0001', assignedTo: { id: fay.userId } } });
    const again = await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, {
      userId: gus.userId,
      version: tok.version + 1,
    });
    expect(problemOf(again)).toMatchObject({ problem: 'token_assigned' });
    expectError(await sys.delete(`/api/admin/otp-tokens/${tok.id}`), 409, 'conflict');

    const a = t.agent();
    expect((await a.login('fay', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'mfa' });
    expect((await a.get('/api/auth/mfa/methods')).json()).toMatchObject({ token: true, app: false });
    const code = hotp(TOTP_SEED, totpStep(t.ctx.now()), hmac);
    expect((await a.post('/api/auth/mfa/verify', { code })).json()).toMatchObject({ stage: 'full' });
    const b = t.agent();
    await b.login('fay', STRONG_PASSWORD);
    expectError(await b.post('/api/auth/mfa/verify', { code }), 400, 'mfa_invalid');
    expect((await fay.get('/api/me/factors')).json()).toMatchObject({ items: [{ kind: 'token', label: 'T-0001' }] });
  });

  it('an HOTP token: look-ahead, each counter once, resynchronisation by two consecutive codes', async () => {
    const tok = await bySerial('H-0001');
    await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: gus.userId, version: tok.version });
    const at = (c: number) => hotp(HOTP_SEED, c, hmac, 8);
    const a = t.agent();
    await a.login('gus', STRONG_PASSWORD);
    expect((await a.post('/api/auth/mfa/verify', { code: at(3) })).json()).toMatchObject({ stage: 'full' });
    for (const c of [3, 2, 40]) {
      const b = t.agent();
      await b.login('gus', STRONG_PASSWORD);
      expectError(await b.post('/api/auth/mfa/verify', { code: at(c) }), 400, 'mfa_invalid');
    }
    const totpTok = await bySerial('T-0001');
    const notHotp = await sys.post(`/api/admin/otp-tokens/${totpTok.id}/resync`, { code1: '123456', code2: '234567' });
    expect(problemOf(notHotp)).toMatchObject({ problem: 'token_not_hotp' });
    expectError(
      await sys.post(`/api/admin/otp-tokens/${tok.id}/resync`, { code1: at(40), code2: at(42) }),
      400,
      'mfa_invalid',
    );
    expect(
      (await sys.post(`/api/admin/otp-tokens/${tok.id}/resync`, { code1: at(40), code2: at(41) })).statusCode,
    ).toBe(200);
    const c = t.agent();
    await c.login('gus', STRONG_PASSWORD);
    expectError(await c.post('/api/auth/mfa/verify', { code: at(41) }), 400, 'mfa_invalid');
    expect((await c.post('/api/auth/mfa/verify', { code: at(42) })).json()).toMatchObject({ stage: 'full' });
  });

  it('takes a token back, deletes it, and a person may hand their own back', async () => {
    const tok = await bySerial('H-0001');
    const back = await sys.post(`/api/admin/otp-tokens/${tok.id}/unassign`, { version: tok.version });
    expect(back.json()).toMatchObject({ token: { assignedTo: null } });
    expect((await gus.get('/api/auth/me')).json()).toMatchObject({ user: { mfaEnabled: false } });
    expect((await sys.delete(`/api/admin/otp-tokens/${tok.id}`)).statusCode).toBe(200);
    expectError(await sys.delete(`/api/admin/otp-tokens/${tok.id}`), 404, 'not_found');
    const fays = await bySerial('T-0001');
    expectError(
      await gus.post('/api/me/factors/remove', { kind: 'token', id: fays.id, password: STRONG_PASSWORD }),
      404,
      'not_found',
    );
    expect(
      (await fay.post('/api/me/factors/remove', { kind: 'token', id: fays.id, password: STRONG_PASSWORD })).statusCode,
    ).toBe(200);
    expect((await bySerial('T-0001')).assignedTo).toBeNull();
  });
  it('an administrator’s reset of the second factors hands the person’s tokens back', async () => {
    const tok = await bySerial('P-0001');
    await sys.post(`/api/admin/otp-tokens/${tok.id}/assign`, { userId: gus.userId, version: tok.version });
    const user = (await sys.get(`/api/users/${gus.userId}`)).json() as { version: number; mfaEnabled: boolean };
    expect(user.mfaEnabled).toBe(true);
    const r = await sys.post(`/api/users/${gus.userId}/reset-mfa`, { version: user.version });
    expect(r.statusCode, r.body).toBe(200);
    expect((await bySerial('P-0001')).assignedTo).toBeNull();
    expect((r.json() as { mfaEnabled: boolean }).mfaEnabled).toBe(false);
  });
  it('a token seed this server cannot open is audited and answered with a problem on resync, not a bare 500', async () => {
    const csv = `serial,secret,digits,counter\nH-9001,${HOTP_SEED.toString('hex')},8,0\n`;
    expect((await sys.post('/api/admin/otp-tokens/import', { format: 'csv', content: csv })).statusCode).toBe(200);
    const tok = await bySerial('H-9001');
    const stranger = new MasterKeys([{ kid: '1', key: crypto.randomBytes(32), source: 'another instance' }]);
    await t.ctx.db
      .updateTable('otp_tokens')
      .set({ seed: seal(stranger, HOTP_SEED, tokenSealContext(tok.id)) })
      .where('id', '=', tok.id)
      .execute();
    const before = await t.auditHead();
    const at = (c: number) => hotp(HOTP_SEED, c, hmac, 8);
    const res = await sys.post(`/api/admin/otp-tokens/${tok.id}/resync`, { code1: at(5), code2: at(6) });
    expectError(res, 503, 'unavailable');
    expect(problemOf(res)).toMatchObject({ problem: 'mfa_secret_unreadable' });
    const events = await auditRowsAfter(t, before);
    expect(events.map((e) => [e.action, e.result, e.target_id])).toContainEqual([
      'auth.mfa_secret_unreadable',
      'failure',
      tok.id,
    ]);
    expect((await bySerial('H-9001')).version).toBe(tok.version);
  });
});
