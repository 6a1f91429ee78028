import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TOTP_DIGITS,
  TOTP_STEP_SECONDS,
  base32Decode,
  base32Encode,
  hotp,
  otpauthUrl,
  totpStep,
  verifyTotp,
  type HmacSha1,
} from '../../../src/kernel/totp.js';

const hmacSha1: HmacSha1 = (key, msg) => new Uint8Array(crypto.createHmac('sha1', key).update(msg).digest());
const RFC_KEY = new TextEncoder().encode('12345678901234567890');
const at = (seconds: number) => new Date(seconds * 1000);

describe('hotp / RFC 6238 appendix B (SHA-1)', () => {
  // 8-digit codes from the RFC; ours are 6 digits, i.e. the last 6 of each (the value mod 10^6).
  it.each<[number, string, string]>([
    [59, '0000000000000001', '94287082'],
    [1111111109, '00000000023523EC', '07081804'],
    [1111111111, '00000000023523ED', '14050471'],
    [1234567890, '000000000273EF07', '89005924'],
    [2000000000, '0000000003F940AA', '69279037'],
    [20000000000, '0000000027BC86AA', '65353130'],
  ])('T=%i (step %s) -> %s', (t, stepHex, rfc8) => {
    const step = totpStep(at(t));
    expect(step).toBe(Number.parseInt(stepHex, 16));
    expect(hotp(RFC_KEY, step, hmacSha1)).toBe(rfc8.slice(-6));
  });

  it('RFC 4226 appendix D HOTP values for counters 0..9', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, c) => hotp(RFC_KEY, c, hmacSha1))).toEqual(expected);
  });

  it('codes are always 6 digits, zero-padded', () => {
    expect(TOTP_DIGITS).toBe(6);
    expect(TOTP_STEP_SECONDS).toBe(30);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 32 }), fc.nat(2 ** 40), (key, counter) => {
        expect(hotp(key, counter, hmacSha1)).toMatch(/^\d{6}$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('verifyTotp', () => {
  const T = 1111111111; // step 37037037
  const step = totpStep(at(T));
  const code = (s: number) => hotp(RFC_KEY, s, hmacSha1);

  it.each<[string, string, number, number | null]>([
    ['current step', code(step), -1, step],
    ['previous step (window -1)', code(step - 1), -1, step - 1],
    ['next step (window +1)', code(step + 1), -1, step + 1],
    ['two steps old', code(step - 2), -1, null],
    ['two steps ahead', code(step + 2), -1, null],
    ['already used (lastUsedStep = step)', code(step), step, null],
    ['older than the last used step', code(step - 1), step, null],
    ['newer than the last used step', code(step + 1), step, step + 1],
    ['previous step when an older one was used', code(step - 1), step - 2, step - 1],
    ['wrong code', code(step) === '000000' ? '000001' : '000000', -1, null],
    ['5 digits', code(step).slice(1), -1, null],
    ['7 digits', `${code(step)}0`, -1, null],
    ['with spaces', ` ${code(step)}`, -1, null],
    ['non-digits', 'abcdef', -1, null],
    ['empty', '', -1, null],
  ])('%s', (_label, c, lastUsed, result) => {
    expect(verifyTotp(RFC_KEY, c, at(T), lastUsed, hmacSha1)).toBe(result);
  });

  it('a code works once: replaying it after success fails', () => {
    const c = code(step);
    const used = verifyTotp(RFC_KEY, c, at(T), 0, hmacSha1);
    expect(used).toBe(step);
    expect(verifyTotp(RFC_KEY, c, at(T), used!, hmacSha1)).toBeNull();
    // ... also 29 s later, still inside the window
    expect(verifyTotp(RFC_KEY, c, at(T + 29), used!, hmacSha1)).toBeNull();
  });

  it('after the +1 step was used, the current code no longer works', () => {
    const used = verifyTotp(RFC_KEY, code(step + 1), at(T), 0, hmacSha1)!;
    expect(verifyTotp(RFC_KEY, code(step), at(T), used, hmacSha1)).toBeNull();
  });

  it('step boundaries: a code is valid from one step before to one step after its own', () => {
    const t0 = step * 30; // first second of `step`
    const c = code(step);
    expect(verifyTotp(RFC_KEY, c, at(t0 - 31), -1, hmacSha1)).toBeNull(); // step-2
    expect(verifyTotp(RFC_KEY, c, at(t0 - 30), -1, hmacSha1)).toBe(step); // step-1
    expect(verifyTotp(RFC_KEY, c, at(t0 + 59), -1, hmacSha1)).toBe(step); // step+1
    expect(verifyTotp(RFC_KEY, c, at(t0 + 60), -1, hmacSha1)).toBeNull(); // step+2
  });

  it('another key does not verify', () => {
    const other = new TextEncoder().encode('09876543210987654321');
    expect(verifyTotp(other, code(step), at(T), -1, hmacSha1)).toBeNull();
  });
});

describe('base32', () => {
  // RFC 4648 section 10 vectors (we omit padding on encode and accept it on decode).
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j <-> %s', (text, b32) => {
    const bytes = new TextEncoder().encode(text);
    expect(base32Encode(bytes)).toBe(b32);
    expect(base32Decode(b32)).toEqual(bytes);
    expect(base32Decode(b32 + '='.repeat((8 - (b32.length % 8)) % 8))).toEqual(bytes);
    expect(base32Decode(b32.toLowerCase())).toEqual(bytes);
  });

  it('the RFC seed encodes to the well-known authenticator secret', () => {
    expect(base32Encode(RFC_KEY)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('roundtrips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const enc = base32Encode(bytes);
        expect(enc).toMatch(/^[A-Z2-7]*$/);
        expect(base32Decode(enc)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['MZXW6!', 'MZ XW', 'MZXW1', 'MZXW0', 'MZXW8'])('rejects invalid input %j', (s) => {
    expect(() => base32Decode(s)).toThrow('invalid base32');
  });
});

describe('otpauthUrl', () => {
  it('builds a standard key URI with an encoded label and issuer', () => {
    const url = otpauthUrl('Baomi 保密', 'alice@example.org', 'GEZDGNBV');
    expect(url).toBe(
      'otpauth://totp/Baomi%20%E4%BF%9D%E5%AF%86%3Aalice%40example.org?secret=GEZDGNBV&issuer=Baomi%20%E4%BF%9D%E5%AF%86&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get('issuer')).toBe('Baomi 保密');
    expect(parsed.searchParams.get('secret')).toBe('GEZDGNBV');
  });
});
