import crypto from 'node:crypto';
import QRCode from 'qrcode';

/**
 * The person's training QR code, shown at the door of an offline session and scanned by the organiser (TRN-03):
 * `BAOMI-TRN1.<user id>.<tag>`, where the tag is an HMAC-SHA256 over the user id under a key derived (HKDF) from the
 * installation's master key for this one use. Without the master key nobody makes a valid code from a user id (ids
 * are not secret: they appear in links); a code of another installation does not verify here. The code does not
 * change (a printed badge keeps working); it says nothing but who the person is.
 */
export const QR_PREFIX = 'BAOMI-TRN1';
const TAG_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key of the training codes: derived from the master key, bound to this purpose (never the master key itself). */
export function qrKey(masterKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'baomi:training:attendance-qr:v1', 32));
}

function tagOf(key: Buffer, userId: string): Buffer {
  return crypto.createHmac('sha256', key).update(`training-qr\u0000${userId}`).digest().subarray(0, TAG_BYTES);
}

/** The person's code. */
export function qrCodeOf(key: Buffer, userId: string): string {
  return `${QR_PREFIX}.${userId}.${tagOf(key, userId).toString('base64url')}`;
}

/**
 * The user id a scanned code names, or null when it is not a valid code of this installation. Tolerant of what a
 * keyboard-wedge scanner adds (surrounding blanks, upper-case hex).
 */
export function verifyQrCode(key: Buffer, scanned: string): string | null {
  const parts = scanned.trim().split('.');
  if (parts.length !== 3 || parts[0] !== QR_PREFIX) return null;
  const userId = parts[1]!.toLowerCase();
  if (!UUID.test(userId)) return null;
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== TAG_BYTES || given.toString('base64url') !== parts[2]) return null;
  return crypto.timingSafeEqual(given, tagOf(key, userId)) ? userId : null;
}

/** The code as an SVG image (a data URL the page shows as is). */
export async function qrSvgDataUrl(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
