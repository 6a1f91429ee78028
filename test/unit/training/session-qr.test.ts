import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  QR_PREFIX,
  qrCodeOf,
  qrKey,
  qrSvgDataUrl,
  verifyQrCode,
} from '../../../src/modules/training/services/qr-code.js';

/**
 * The training QR code (src/modules/training/services/qr-code.ts): an HMAC over the user id under a key derived from
 * the master key, so it cannot be made from a user id alone; it verifies only under the installation's own key.
 */
const MASTER = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 8);
const USER = '0b8e3c1a-5d6f-4a2b-9c8d-1e2f3a4b5c6d';
const key = qrKey(MASTER);

describe('the training QR code [TRN-03]', () => {
  it('names the person and verifies under the same key', () => {
    const code = qrCodeOf(key, USER);
    expect(code.startsWith(`${QR_PREFIX}.${USER}.`)).toBe(true);
    expect(verifyQrCode(key, code)).toBe(USER);
    expect(qrCodeOf(qrKey(MASTER), USER)).toBe(code); // stable: a printed badge keeps working
  });

  it('the derived key is not the master key, and differs per installation', () => {
    expect(key.equals(MASTER)).toBe(false);
    expect(key.length).toBe(32);
    expect(qrKey(OTHER).equals(key)).toBe(false);
  });

  it('a code made without the master key does not verify', () => {
    const other = qrCodeOf(qrKey(OTHER), USER);
    const plainMac = crypto.createHmac('sha256', USER).update(USER).digest().subarray(0, 16).toString('base64url');
    const sha = crypto.createHash('sha256').update(USER).digest().subarray(0, 16).toString('base64url');
    for (const forged of [other, `${QR_PREFIX}.${USER}.${plainMac}`, `${QR_PREFIX}.${USER}.${sha}`])
      expect(verifyQrCode(key, forged)).toBeNull();
  });

  it("another person's tag on one's id does not verify", () => {
    const mine = qrCodeOf(key, USER).split('.')[2]!;
    expect(verifyQrCode(key, `${QR_PREFIX}.${crypto.randomUUID()}.${mine}`)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['a user id alone', USER],
    ['no tag', `${QR_PREFIX}.${USER}`],
    ['an empty tag', `${QR_PREFIX}.${USER}.`],
    ['a wrong prefix', qrCodeOf(key, USER).replace(QR_PREFIX, 'BAOMI-TRN2')],
    ['not a uuid', `${QR_PREFIX}.not-a-user.${qrCodeOf(key, USER).split('.')[2]}`],
    ['a short tag', qrCodeOf(key, USER).slice(0, -2)],
    ['an extra part', `${qrCodeOf(key, USER)}.x`],
    ['a non-canonical tag', `${qrCodeOf(key, USER)}A`],
    ['a flipped character', qrCodeOf(key, USER).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
  ])('refuses %s', (_, code) => {
    expect(verifyQrCode(key, code)).toBeNull();
  });

  it("takes what a keyboard-wedge scanner sends: blanks around it, the id's hex in upper case", () => {
    const code = qrCodeOf(key, USER);
    expect(verifyQrCode(key, ` ${code}\r\n`)).toBe(USER);
    expect(verifyQrCode(key, code.replace(USER, USER.toUpperCase()))).toBe(USER);
  });

  it('renders as an SVG data URL', async () => {
    const url = await qrSvgDataUrl(qrCodeOf(key, USER));
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString()).toContain('<svg');
  });
});
