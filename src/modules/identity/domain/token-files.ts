import { base32Decode } from '../../../kernel/totp.js';

/**
 * Reading a hardware OTP token vendor's seed file (pure: text in, seeds out). Two formats: PSKC (RFC 6030 XML, the
 * secrets as plain values — an encrypted file is refused: decrypt it with the vendor's tool first) and the common CSV
 * `serial,secret,digits,period|counter`. A file is read whole or refused whole, naming the line and the reason.
 */
export interface TokenSeed {
  serial: string;
  secret: Uint8Array;
  kind: 'totp' | 'hotp';
  digits: 6 | 8;
  /** TOTP: 30 or 60 seconds; HOTP: null. */
  period: 30 | 60 | null;
  /** HOTP: the next counter; TOTP: 0. */
  counter: number;
}

export type TokenFileReason =
  | 'empty'
  | 'too_many'
  | 'columns'
  | 'header'
  | 'serial'
  | 'secret'
  | 'digits'
  | 'period'
  | 'counter'
  | 'duplicate_serial'
  | 'xml'
  | 'doctype'
  | 'encrypted'
  | 'algorithm';

export type TokenFileResult =
  { ok: true; tokens: TokenSeed[] } | { ok: false; line: number | null; reason: TokenFileReason };

/** A batch larger than this is split by the vendor's tool or imported in parts. */
export const MAX_TOKENS_PER_FILE = 2000;
const SERIAL = /^[A-Za-z0-9._-]{1,64}$/;

const refused = (reason: TokenFileReason, line: number | null = null): TokenFileResult => ({ ok: false, line, reason });

/**
 * A secret written as hex (an even number of hex digits) or base32 (RFC 4648, padding optional). Between 10 and 64
 * bytes (80-512 bits: RFC 4226 asks for at least 128, many tokens ship 160). Null when neither.
 */
export function parseSecret(text: string): Uint8Array | null {
  const t = text.trim().replace(/\s+/g, '');
  let bytes: Uint8Array;
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) bytes = new Uint8Array(Buffer.from(t, 'hex'));
  else if (/^[A-Za-z2-7]+=*$/.test(t)) {
    try {
      bytes = base32Decode(t);
    } catch {
      return null;
    }
  } else return null;
  return bytes.length >= 10 && bytes.length <= 64 ? bytes : null;
}

function checkUnique(tokens: TokenSeed[], lines: number[]): TokenFileResult {
  const seen = new Set<string>();
  for (const [i, t] of tokens.entries()) {
    if (seen.has(t.serial)) return refused('duplicate_serial', lines[i] ?? null);
    seen.add(t.serial);
  }
  if (tokens.length === 0) return refused('empty');
  if (tokens.length > MAX_TOKENS_PER_FILE) return refused('too_many');
  return { ok: true, tokens };
}

/**
 * CSV: one token a line, `serial,secret,digits,period|counter`. An optional first line names the columns; its fourth
 * says whether the file holds TOTP periods (`period`) or HOTP counters (`counter`). Without one, TOTP periods.
 * Blank lines and lines starting with `#` are skipped.
 */
export function parseTokenCsv(text: string): TokenFileResult {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let fourth: 'period' | 'counter' = 'period';
  const tokens: TokenSeed[] = [];
  const lines: number[] = [];
  for (const [i, raw] of rows.entries()) {
    const line = i + 1;
    const row = raw.trim();
    if (row === '' || row.startsWith('#')) continue;
    const cols = row.split(/[,;\t]/).map((c) => c.trim());
    if (tokens.length === 0 && lines.length === 0 && /^serial/i.test(cols[0] ?? '')) {
      const h = (cols[3] ?? '').toLowerCase();
      if (cols.length !== 4 || (h !== 'period' && h !== 'counter')) return refused('header', line);
      fourth = h;
      lines.push(-1);
      continue;
    }
    if (cols.length !== 4) return refused('columns', line);
    const [serial, secretText, digitsText, last] = cols as [string, string, string, string];
    if (!SERIAL.test(serial)) return refused('serial', line);
    const secret = parseSecret(secretText);
    if (!secret) return refused('secret', line);
    if (digitsText !== '6' && digitsText !== '8') return refused('digits', line);
    const digits = Number(digitsText) as 6 | 8;
    if (fourth === 'period') {
      if (last !== '30' && last !== '60') return refused('period', line);
      tokens.push({ serial, secret, kind: 'totp', digits, period: Number(last) as 30 | 60, counter: 0 });
    } else {
      if (!/^\d{1,15}$/.test(last)) return refused('counter', line);
      tokens.push({ serial, secret, kind: 'hotp', digits, period: null, counter: Number(last) });
    }
    lines.push(line);
  }
  return checkUnique(
    tokens,
    lines.filter((l) => l > 0),
  );
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

function textOf(xml: string, path: string[]): string | null {
  let scope = xml;
  for (const name of path) {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(scope);
    if (!m) return null;
    scope = m[1]!;
  }
  return scope.trim();
}

/**
 * PSKC (RFC 6030): each `KeyPackage` with `DeviceInfo/SerialNo`, a `Key` whose `Algorithm` is the HOTP or TOTP URI,
 * `AlgorithmParameters/ResponseFormat@Length` (6 or 8 digits), `Data/Secret/PlainValue` (base64), and
 * `Data/Counter` (HOTP) or `Data/TimeInterval` (TOTP, 30 or 60). Namespace prefixes are ignored; a DOCTYPE (entities)
 * is refused outright.
 */
export function parsePskc(text: string): TokenFileResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return refused('doctype');
  // Drop namespace prefixes (pskc:, ds:, xenc:...) so element names read the same whatever the file declared.
  const xml = text.replace(/<(\/?)[A-Za-z_][\w.-]*:/g, '<$1');
  if (!/<KeyContainer[\s>]/.test(xml)) return refused('xml');
  const tokens: TokenSeed[] = [];
  const lines: number[] = [];
  const packages = /<KeyPackage(?:\s[^>]*)?>([\s\S]*?)<\/KeyPackage>/g;
  for (let m = packages.exec(xml); m; m = packages.exec(xml)) {
    const body = m[1]!;
    const line = lineAt(xml, m.index);
    const serial = textOf(body, ['DeviceInfo', 'SerialNo']) ?? '';
    if (!SERIAL.test(serial)) return refused('serial', line);
    const key = /<Key\s[^>]*Algorithm="([^"]+)"/.exec(body);
    const algorithm = key?.[1] ?? '';
    const kind = /[:#/]hotp$/i.test(algorithm) ? 'hotp' : /[:#/]totp$/i.test(algorithm) ? 'totp' : null;
    if (!kind) return refused('algorithm', line);
    const format = /<ResponseFormat\s[^>]*Length="(\d+)"/.exec(body);
    const digitsText = format?.[1] ?? '6';
    if (digitsText !== '6' && digitsText !== '8') return refused('digits', line);
    if (/<Secret(?:\s[^>]*)?>[\s\S]*?<EncryptedValue/.test(body)) return refused('encrypted', line);
    const plain = textOf(body, ['Data', 'Secret', 'PlainValue']);
    if (!plain || !/^[A-Za-z0-9+/=\s]+$/.test(plain)) return refused('secret', line);
    const secret = new Uint8Array(Buffer.from(plain.replace(/\s+/g, ''), 'base64'));
    if (secret.length < 10 || secret.length > 64) return refused('secret', line);
    const digits = Number(digitsText) as 6 | 8;
    if (kind === 'hotp') {
      const c = textOf(body, ['Data', 'Counter', 'PlainValue']) ?? '0';
      if (!/^\d{1,15}$/.test(c)) return refused('counter', line);
      tokens.push({ serial, secret, kind, digits, period: null, counter: Number(c) });
    } else {
      const p = textOf(body, ['Data', 'TimeInterval', 'PlainValue']) ?? '30';
      if (p !== '30' && p !== '60') return refused('period', line);
      tokens.push({ serial, secret, kind, digits, period: Number(p) as 30 | 60, counter: 0 });
    }
    lines.push(line);
  }
  return checkUnique(tokens, lines);
}
