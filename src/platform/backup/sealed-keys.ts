import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import { BackupError } from './failures.js';

/**
 * The key files of a `--with-keys` backup, sealed with a passphrase the operator keeps apart from the backup:
 * scrypt derives a 16-byte SM4 key and a 32-byte HMAC key from the passphrase and a random salt; the files are
 * encrypted with SM4-CTR and everything (parameters, IV, ciphertext) is authenticated with HMAC-SM3 before anything
 * is decrypted. A wrong passphrase and an edited file give the same refusal: neither reveals which it was.
 */
const FORMAT = 'baomi-sealed-keys';
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

/** Key files as they are in a key directory: name to content. */
export type KeyFiles = Record<string, Buffer>;

interface SealedKeysFile {
  format: typeof FORMAT;
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'sm4-ctr';
  mac: 'hmac-sm3';
  iv: string;
  ciphertext: string;
  tag: string;
}

function derive(passphrase: string, kdf: SealedKeysFile['kdf']): { enc: Buffer; mac: Buffer } {
  const out = crypto.scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 48, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r,
  });
  return { enc: out.subarray(0, 16), mac: out.subarray(16) };
}

function macOf(key: Buffer, f: Omit<SealedKeysFile, 'tag'>): Buffer {
  const h = crypto.createHmac('sm3', key);
  h.update(JSON.stringify([f.format, f.version, f.kdf, f.cipher, f.mac, f.iv]));
  h.update(Buffer.from(f.ciphertext, 'base64'));
  return h.digest();
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.trim().length < MIN_PASSPHRASE_LENGTH)
    throw new Error(
      `The backup passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters: it alone protects the keys in the backup.`,
    );
}

/** Every key file in a key directory (master*.key, audit-signing*.pem), plus BAOMI_MASTER_KEY as master.key. */
export function readKeyFiles(keysDir: string, masterKeyBase64: string | undefined): KeyFiles {
  const files: KeyFiles = {};
  if (fs.existsSync(keysDir))
    for (const n of fs.readdirSync(keysDir))
      if (/^(master(\.\d+)?\.key|audit-signing(\.\d+)?(\.pub)?\.pem)$/.test(n))
        files[n] = fs.readFileSync(path.join(keysDir, n));
  if (masterKeyBase64) files['master.key'] = Buffer.from(masterKeyBase64.trim() + '\n');
  return files;
}

export function sealKeyFiles(files: KeyFiles, passphrase: string): string {
  checkPassphrase(passphrase);
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: crypto.randomBytes(16).toString('base64') };
  const { enc, mac } = derive(passphrase, kdf);
  const iv = crypto.randomBytes(16);
  const plain = Buffer.from(
    JSON.stringify(Object.fromEntries(Object.entries(files).map(([n, b]) => [n, b.toString('base64')]))),
  );
  const c = crypto.createCipheriv('sm4-ctr', enc, iv);
  const body: Omit<SealedKeysFile, 'tag'> = {
    format: FORMAT,
    version: 1,
    kdf,
    cipher: 'sm4-ctr',
    mac: 'hmac-sm3',
    iv: iv.toString('base64'),
    ciphertext: Buffer.concat([c.update(plain), c.final()]).toString('base64'),
  };
  return JSON.stringify({ ...body, tag: macOf(mac, body).toString('base64') }) + '\n';
}

export function openSealedKeys(text: string, passphrase: string): KeyFiles {
  let f: SealedKeysFile;
  try {
    f = JSON.parse(text) as SealedKeysFile;
  } catch {
    throw new BackupError('sealed_keys_unusable', 'The sealed keys of the backup are damaged (not JSON).');
  }
  if (f.format !== FORMAT || f.version !== 1 || f.kdf?.name !== 'scrypt' || f.cipher !== 'sm4-ctr')
    throw new BackupError(
      'sealed_keys_unusable',
      'The sealed keys of the backup are in a format this Baomi does not read.',
    );
  // Bounds keep an edited file from asking for gigabytes of memory before the MAC can refuse it.
  if (![1 << 14, 1 << 15, 1 << 16, 1 << 17].includes(f.kdf.N) || f.kdf.r !== 8 || f.kdf.p !== 1)
    throw new BackupError(
      'sealed_keys_unusable',
      'The sealed keys of the backup name key derivation parameters outside the allowed range.',
    );
  const { enc, mac } = derive(passphrase, f.kdf);
  const { tag, ...body } = f;
  const expected = macOf(mac, body);
  const given = Buffer.from(String(tag), 'base64');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    throw new BackupError(
      'sealed_keys_unusable',
      'The passphrase does not open the keys in this backup (wrong passphrase, or keys.sealed was altered). ' +
        'Give the passphrase used with "baomi backup --with-keys" (--passphrase-file or BAOMI_BACKUP_PASSPHRASE).',
    );
  const d = crypto.createDecipheriv('sm4-ctr', enc, Buffer.from(f.iv, 'base64'));
  const plain = Buffer.concat([d.update(Buffer.from(f.ciphertext, 'base64')), d.final()]);
  const named = JSON.parse(plain.toString('utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(named).map(([n, b]) => [n, Buffer.from(b, 'base64')]));
}

/** Whether two sets of key files hold the same keys (names and contents; a key file's trailing newline aside). */
export function sameKeyFiles(a: KeyFiles, b: KeyFiles): boolean {
  const names = Object.keys(a).sort();
  if (names.join('/') !== Object.keys(b).sort().join('/')) return false;
  return names.every((n) => a[n]!.toString('utf8').trim() === b[n]!.toString('utf8').trim());
}

/** The public signing keys among key files, by key id (version 1 is the unnumbered name). */
export function verifyKeysOfFiles(files: KeyFiles): Map<string, crypto.KeyObject> {
  const out = new Map<string, crypto.KeyObject>();
  for (const [n, b] of Object.entries(files)) {
    const m = /^audit-signing(?:\.(\d+))?\.pub\.pem$/.exec(n);
    if (m) out.set(m[1] ?? '1', crypto.createPublicKey(b));
  }
  return out;
}

/** The public signing keys of a key directory, without the private keys or the master key. */
export function verifyKeysInDir(keysDir: string): Map<string, crypto.KeyObject> {
  const files: KeyFiles = {};
  if (fs.existsSync(keysDir))
    for (const n of fs.readdirSync(keysDir))
      if (/^audit-signing(\.\d+)?\.pub\.pem$/.test(n)) files[n] = fs.readFileSync(path.join(keysDir, n));
  return verifyKeysOfFiles(files);
}

/** Writes key files into a directory with owner-only permissions (private files 0600). */
export function writeKeyFiles(dir: string, files: KeyFiles): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [n, b] of Object.entries(files))
    writeFileAtomic(path.join(dir, n), b, n.endsWith('.pub.pem') ? 0o644 : 0o600);
}
