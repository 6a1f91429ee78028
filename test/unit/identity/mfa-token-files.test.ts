import { describe, expect, it } from 'vitest';
import { parsePskc, parseSecret, parseTokenCsv } from '../../../src/modules/identity/domain/token-files.js';

const HEX = '3132333435363738393031323334353637383930';
const B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const bytes = Buffer.from(HEX, 'hex');

describe('token seed files: CSV', () => {
  it('reads TOTP periods without a header, hex or base32 secrets', () => {
    const r = parseTokenCsv(`A1,${HEX},6,30\n\n# comment\nA2,${B32},8,60\r\n`);
    expect(r).toEqual({
      ok: true,
      tokens: [
        { serial: 'A1', secret: new Uint8Array(bytes), kind: 'totp', digits: 6, period: 30, counter: 0 },
        { serial: 'A2', secret: new Uint8Array(bytes), kind: 'totp', digits: 8, period: 60, counter: 0 },
      ],
    });
  });

  it('reads HOTP counters when the header names the column', () => {
    const r = parseTokenCsv(`serial,secret,digits,counter\nH1,${HEX},6,17\n`);
    expect(r).toMatchObject({ ok: true, tokens: [{ serial: 'H1', kind: 'hotp', period: null, counter: 17 }] });
  });

  it.each<[string, string, string, number | null]>([
    ['an empty file', '\n\n', 'empty', null],
    ['a short line', `A1,${HEX},6\n`, 'columns', 1],
    ['a bad serial', `A 1,${HEX},6,30\n`, 'serial', 1],
    ['a bad secret', `A1,not-a-secret!,6,30\n`, 'secret', 1],
    ['a too short secret', `A1,31323334,6,30\n`, 'secret', 1],
    ['7 digits', `A1,${HEX},7,30\n`, 'digits', 1],
    ['a 45 s period', `A1,${HEX},6,30\nA2,${HEX},6,45\n`, 'period', 2],
    ['a bad counter', `serial,secret,digits,counter\nH1,${HEX},6,-1\n`, 'counter', 2],
    ['a bad header', `serial,secret,digits,interval\nH1,${HEX},6,1\n`, 'header', 1],
    ['a serial twice', `A1,${HEX},6,30\nA1,${HEX},6,30\n`, 'duplicate_serial', 2],
  ])('refuses %s', (_, text, reason, line) => {
    expect(parseTokenCsv(text)).toEqual({ ok: false, reason, line });
  });

  it('reads secrets as hex or base32 only', () => {
    expect(parseSecret(HEX)).toEqual(new Uint8Array(bytes));
    expect(parseSecret(B32.toLowerCase())).toEqual(new Uint8Array(bytes));
    expect(parseSecret('1234567')).toBeNull();
    expect(parseSecret('ab'.repeat(65))).toBeNull();
  });
});

const pkg = (inner: string, serial = 'P1', algorithm = 'urn:ietf:params:xml:ns:keyprov:pskc:hotp') => `
  <pskc:KeyPackage>
    <pskc:DeviceInfo><pskc:SerialNo>${serial}</pskc:SerialNo></pskc:DeviceInfo>
    <pskc:Key Id="k" Algorithm="${algorithm}">
      <pskc:AlgorithmParameters><pskc:ResponseFormat Length="8" Encoding="DECIMAL"/></pskc:AlgorithmParameters>
      <pskc:Data>${inner}</pskc:Data>
    </pskc:Key>
  </pskc:KeyPackage>`;
const container = (...packages: string[]) =>
  `<?xml version="1.0"?><pskc:KeyContainer Version="1.0" xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc">${packages.join('')}</pskc:KeyContainer>`;
const secret = `<pskc:Secret><pskc:PlainValue>${bytes.toString('base64')}</pskc:PlainValue></pskc:Secret>`;

describe('token seed files: PSKC (RFC 6030)', () => {
  it('reads HOTP with its counter and TOTP with its interval', () => {
    const r = parsePskc(
      container(
        pkg(`${secret}<pskc:Counter><pskc:PlainValue>42</pskc:PlainValue></pskc:Counter>`),
        pkg(
          `${secret}<pskc:TimeInterval><pskc:PlainValue>60</pskc:PlainValue></pskc:TimeInterval>`,
          'P2',
          'urn:ietf:params:xml:ns:keyprov:pskc:totp',
        ),
      ),
    );
    expect(r).toEqual({
      ok: true,
      tokens: [
        { serial: 'P1', secret: new Uint8Array(bytes), kind: 'hotp', digits: 8, period: null, counter: 42 },
        { serial: 'P2', secret: new Uint8Array(bytes), kind: 'totp', digits: 8, period: 60, counter: 0 },
      ],
    });
  });

  it.each<[string, string, string]>([
    ['not PSKC', '<html></html>', 'xml'],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "x">]>${container(pkg(secret))}`, 'doctype'],
    ['no key packages', container(), 'empty'],
    [
      'an encrypted secret',
      container(pkg('<pskc:Secret><pskc:EncryptedValue><xenc:CipherData/></pskc:EncryptedValue></pskc:Secret>')),
      'encrypted',
    ],
    ['an unknown algorithm', container(pkg(secret, 'P1', 'urn:example:ocra')), 'algorithm'],
    ['no serial', container(pkg(secret, '')), 'serial'],
    [
      'a secret that is not base64',
      container(pkg('<pskc:Secret><pskc:PlainValue>@@@</pskc:PlainValue></pskc:Secret>')),
      'secret',
    ],
    ['a serial twice', container(pkg(secret), pkg(secret)), 'duplicate_serial'],
  ])('refuses %s', (_, text, reason) => {
    expect(parsePskc(text)).toMatchObject({ ok: false, reason });
  });
});
