/**
 * TOTP (RFC 6238, HMAC-SHA1, 30 s steps, 6 digits) and HOTP (RFC 4226) decisions. The HMAC is passed in so this
 * stays pure. A TOTP code is accepted for the current step or one step either side, and only for a step later than
 * the last one used: each code works once. Authenticator apps use the defaults; hardware tokens may show 8 digits
 * and step every 60 s, or count presses (HOTP).
 */
export type HmacSha1 = (key: Uint8Array, message: Uint8Array) => Uint8Array;

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** How an OTP generator makes its codes: 6 or 8 digits; TOTP steps of 30 or 60 seconds. */
export type OtpDigits = 6 | 8;

export function totpStep(now: Date, periodSeconds: number = TOTP_STEP_SECONDS): number {
  return Math.floor(now.getTime() / 1000 / periodSeconds);
}

export function hotp(key: Uint8Array, counter: number, hmac: HmacSha1, digits: OtpDigits = TOTP_DIGITS): string {
  const msg = new Uint8Array(8);
  let c = counter;
  for (let i = 7; i >= 0; i--) {
    msg[i] = c & 0xff;
    c = Math.floor(c / 256);
  }
  const mac = hmac(key, msg);
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** Returns the matched step, or null when the code is wrong or was already used. */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  now: Date,
  lastUsedStep: number,
  hmac: HmacSha1,
  opts: { digits?: OtpDigits; periodSeconds?: number } = {},
): number | null {
  const digits = opts.digits ?? TOTP_DIGITS;
  if (code.length !== digits || !/^\d+$/.test(code)) return null;
  const step = totpStep(now, opts.periodSeconds);
  for (const s of [step - 1, step, step + 1]) {
    if (s <= lastUsedStep) continue;
    if (constantTimeEqual(hotp(key, s, hmac, digits), code)) return s;
  }
  return null;
}

/** How many presses ahead of the expected counter an HOTP code is still accepted (presses made away from the PC). */
export const HOTP_LOOK_AHEAD = 10;
/** How far ahead a resynchronisation (two consecutive codes) searches. */
export const HOTP_RESYNC_WINDOW = 100;

/**
 * HOTP: the code must match a counter from the next one expected to `lookAhead` presses beyond it. Returns the
 * counter to expect next (the matched one plus one), or null. Counters already used never match again.
 */
export function verifyHotp(
  key: Uint8Array,
  code: string,
  nextCounter: number,
  hmac: HmacSha1,
  opts: { digits?: OtpDigits; lookAhead?: number } = {},
): number | null {
  const digits = opts.digits ?? TOTP_DIGITS;
  if (code.length !== digits || !/^\d+$/.test(code)) return null;
  const lookAhead = opts.lookAhead ?? HOTP_LOOK_AHEAD;
  for (let c = nextCounter; c <= nextCounter + lookAhead; c++) {
    if (constantTimeEqual(hotp(key, c, hmac, digits), code)) return c + 1;
  }
  return null;
}

/**
 * Resynchronises an HOTP token whose counter ran too far ahead (pressed away from the PC): two codes shown one after
 * the other must match consecutive counters within the resync window. Returns the counter to expect next, or null.
 */
export function resyncHotp(
  key: Uint8Array,
  first: string,
  second: string,
  nextCounter: number,
  hmac: HmacSha1,
  opts: { digits?: OtpDigits; window?: number } = {},
): number | null {
  const digits = opts.digits ?? TOTP_DIGITS;
  if (![first, second].every((c) => c.length === digits && /^\d+$/.test(c))) return null;
  const window = opts.window ?? HOTP_RESYNC_WINDOW;
  for (let c = nextCounter; c <= nextCounter + window; c++) {
    if (
      constantTimeEqual(hotp(key, c, hmac, digits), first) &&
      constantTimeEqual(hotp(key, c + 1, hmac, digits), second)
    )
      return c + 2;
  }
  return null;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

export function otpauthUrl(issuer: string, account: string, secretB32: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretB32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
