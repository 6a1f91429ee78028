import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';

/**
 * Key material lives in `<dataDir>/keys`, outside the database, so a database dump alone reveals neither
 * sealed secrets nor the audit signing key. BAOMI_MASTER_KEY (base64, 32 bytes) overrides the file.
 */
export interface KeyRing {
  masterKey: Buffer;
  signingKey: crypto.KeyObject;
  verifyKey: crypto.KeyObject;
}

/** A key file that cannot be used; the message names the file and what to do. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

function readKey<T>(file: string, what: string, parse: (pem: Buffer) => T): T {
  try {
    return parse(fs.readFileSync(file));
  } catch (e) {
    throw new KeyFileError(
      `The ${what} ${file} cannot be read (${(e as Error).message}). Restore keys/ from a backup of this installation. ` +
        'If the key is lost for good, move the broken key files away (a new key pair is made at the next start) and accept the audit chain as it stands with `baomi audit reanchor --reason <why>`.',
    );
  }
}

export function loadOrCreateKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyRing {
  const dir = path.join(dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let masterKey: Buffer;
  if (env.BAOMI_MASTER_KEY) {
    masterKey = Buffer.from(env.BAOMI_MASTER_KEY, 'base64');
    if (masterKey.length !== 32) throw new Error('BAOMI_MASTER_KEY must be 32 bytes, base64-encoded');
  } else {
    const file = path.join(dir, 'master.key');
    if (!fs.existsSync(file)) writeFileAtomic(file, crypto.randomBytes(32).toString('base64') + '\n', 0o600);
    masterKey = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  }
  const privFile = path.join(dir, 'audit-signing.pem');
  const pubFile = path.join(dir, 'audit-signing.pub.pem');
  if (!fs.existsSync(privFile)) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    writeFileAtomic(pubFile, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
    writeFileAtomic(privFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  }
  const signingKey = readKey(privFile, 'audit-signing key', (pem) => crypto.createPrivateKey(pem));
  const verifyKey = readKey(pubFile, 'audit-signing public key', (pem) => crypto.createPublicKey(pem));
  // The two files must be one pair, or every signature made now would fail verification later.
  const probe = Buffer.from('baomi-key-pair-check');
  let paired = false;
  try {
    paired = crypto.verify(null, probe, verifyKey, crypto.sign(null, probe, signingKey));
  } catch {
    paired = false;
  }
  if (!paired) {
    throw new KeyFileError(
      `${privFile} and ${pubFile} are not one Ed25519 key pair. Restore keys/ from a backup of this installation.`,
    );
  }
  return { masterKey, signingKey, verifyKey };
}

/** Seals short secrets (TOTP keys) with AES-256-GCM under the master key: v1.iv.tag.ciphertext (base64url). */
export function seal(masterKey: Buffer, plaintext: Buffer, context: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', masterKey, iv);
  c.setAAD(Buffer.from(context));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function unseal(masterKey: Buffer, sealed: string, context: string): Buffer {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown sealed format');
  const d = crypto.createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(context));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]);
}

export function hashFn(alg: 'sha256' | 'sm3'): (data: string) => string {
  // crypto.hash (Node >= 20.12) is the one-shot form: about twice as fast as createHash for short inputs.
  return (data) => crypto.hash(alg, data, 'hex');
}

export function sha256Hex(data: string): string {
  return crypto.hash('sha256', data, 'hex');
}

export function hmacSha1(key: Uint8Array, msg: Uint8Array): Uint8Array {
  return crypto.createHmac('sha1', key).update(msg).digest();
}
