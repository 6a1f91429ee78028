import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';

/**
 * The deployment's key ring: every version of the master key (seals short secrets and blob keys) and of the
 * audit-signing key pair (signs chain-head checkpoints). All instances of a deployment must load the same ring,
 * from a directory they share (BAOMI_KEYS_DIR, read only) or, for one instance, from `<dataDir>/keys` (made at the
 * first start). Keys live outside the database, so a dump alone reveals neither sealed secrets nor the signing key.
 *
 * Layout of a key directory (version 1 keeps the file names of earlier releases):
 *   master.key                 version 1 of the master key (32 bytes, base64)
 *   master.<n>.key             version n (n >= 2)
 *   audit-signing.pem          version 1 of the Ed25519 signing key (PKCS#8), with audit-signing.pub.pem (SPKI)
 *   audit-signing.<n>.pem      version n, with audit-signing.<n>.pub.pem
 * The newest version seals and signs; every version opens and verifies. BAOMI_MASTER_KEY (base64) stands for
 * master.key. Key ids are the version numbers: values sealed or signed before key ids existed are version 1.
 */
export interface MasterKeyVersion {
  kid: string;
  key: Buffer;
  /** Where it was loaded from, for messages. */
  source: string;
}

export interface SigningKeyVersion {
  kid: string;
  signingKey: crypto.KeyObject;
  verifyKey: crypto.KeyObject;
  source: string;
}

/** The master key versions; `current` (the newest) seals, `get` finds the one a sealed value names. */
export class MasterKeys {
  readonly current: MasterKeyVersion;
  constructor(readonly versions: readonly MasterKeyVersion[]) {
    if (versions.length === 0) throw new Error('a key ring needs at least one master key');
    this.current = versions.at(-1)!;
  }
  get(kid: string): MasterKeyVersion | undefined {
    return this.versions.find((v) => v.kid === kid);
  }
}

export interface KeyRing {
  /** Seals and opens secrets (`seal`/`unseal`). */
  master: MasterKeys;
  /** The newest master key's bytes, for keys derived from it (attendance QR codes); sealing goes through `master`. */
  masterKey: Buffer;
  /** The newest signing key pair: signs every new checkpoint. */
  signingKid: string;
  signingKey: crypto.KeyObject;
  verifyKey: crypto.KeyObject;
  signing: readonly SigningKeyVersion[];
  /** Where the keys come from, for messages: 'BAOMI_KEYS_DIR /run/keys' or 'the data directory /data/keys'. */
  origin: string;
}

/** The key id of values sealed or signed before key ids existed. */
export const FIRST_KID = '1';

/** A key file that cannot be used; the message names the file and what to do, `purpose` which key it is. */
export class KeyFileError extends Error {
  constructor(
    message: string,
    readonly purpose?: 'master' | 'signing',
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** A sealed value that this key ring cannot open: the message says which key version it needs. */
export class SealedKeyError extends Error {
  constructor(
    message: string,
    readonly kid: string,
  ) {
    super(message);
    this.name = 'SealedKeyError';
  }
}

function readKey<T>(file: string, what: string, parse: (pem: Buffer) => T): T {
  try {
    return parse(fs.readFileSync(file));
  } catch (e) {
    throw new KeyFileError(
      `The ${what} ${file} cannot be read (${(e as Error).message}). Restore keys/ from a backup of this installation. ` +
        'If the key is lost for good, move the broken key files away and accept the audit chain as it stands with `baomi audit reanchor --new-signing-key --reason <why>` (it makes and records a new key pair).',
      'signing',
    );
  }
}

function masterKeyOf(text: string, what: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new KeyFileError(`${what} must be 32 bytes, base64-encoded`, 'master');
  return key;
}

/** Versions present in `dir` for a file pattern: version 1 is the unnumbered name. */
function versionsIn(dir: string, first: string, numbered: RegExp): { kid: string; file: string }[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const found = names.flatMap((n) => {
    if (n === first) return [{ kid: FIRST_KID, file: path.join(dir, n) }];
    const m = numbered.exec(n);
    return m && Number(m[1]) >= 2 ? [{ kid: String(Number(m[1])), file: path.join(dir, n) }] : [];
  });
  return found.sort((a, b) => Number(a.kid) - Number(b.kid));
}

function pairChecked(kid: string, privFile: string, pubFile: string): SigningKeyVersion {
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
      'signing',
    );
  }
  return { kid, signingKey, verifyKey, source: privFile };
}

function createFirstKeys(dir: string, master: boolean): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (master && versionsIn(dir, 'master.key', /^master\.(\d+)\.key$/).length === 0)
    writeFileAtomic(path.join(dir, 'master.key'), crypto.randomBytes(32).toString('base64') + '\n', 0o600);
  if (versionsIn(dir, 'audit-signing.pem', /^audit-signing\.(\d+)\.pem$/).length === 0) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    writeFileAtomic(
      path.join(dir, 'audit-signing.pub.pem'),
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      0o644,
    );
    writeFileAtomic(
      path.join(dir, 'audit-signing.pem'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      0o600,
    );
  }
}

export interface KeySource {
  dataDir: string;
  /** A shared, read-only key directory (BAOMI_KEYS_DIR); unset: `<dataDir>/keys`. */
  keysDir?: string | undefined;
  /** BAOMI_MASTER_KEY: master key version 1, base64. */
  masterKeyBase64?: string | undefined;
  /**
   * Which keys to make in `<dataDir>/keys` when it has none (never in a shared directory): 'all' (the default: the
   * first start of a single instance), 'signing' (a lost signing key replaced by `audit reanchor`), 'none'.
   */
  create?: 'all' | 'signing' | 'none';
}

/** The directory keys are read from. */
export function keysDirOf(source: Pick<KeySource, 'dataDir' | 'keysDir'>): string {
  return source.keysDir ?? path.join(source.dataDir, 'keys');
}

/** Loads every key version from the configured source; makes the first keys of a single instance when allowed. */
export function loadKeyRing(source: KeySource): KeyRing {
  const dir = keysDirOf(source);
  const shared = source.keysDir !== undefined;
  const origin = shared ? `BAOMI_KEYS_DIR ${dir}` : `the data directory's ${dir}`;
  if (shared && !fs.existsSync(dir))
    throw new KeyFileError(`BAOMI_KEYS_DIR ${dir} does not exist: mount the deployment's key directory there.`);
  const create = source.create ?? 'all';
  if (!shared && create !== 'none') createFirstKeys(dir, create === 'all' && !source.masterKeyBase64);

  const masterFiles = versionsIn(dir, 'master.key', /^master\.(\d+)\.key$/);
  const master: MasterKeyVersion[] = masterFiles
    .filter((f) => !(source.masterKeyBase64 && f.kid === FIRST_KID))
    .map((f) => ({ kid: f.kid, key: masterKeyOf(fs.readFileSync(f.file, 'utf8'), f.file), source: f.file }));
  if (source.masterKeyBase64)
    master.unshift({
      kid: FIRST_KID,
      key: masterKeyOf(source.masterKeyBase64, 'BAOMI_MASTER_KEY'),
      source: 'BAOMI_MASTER_KEY',
    });
  if (master.length === 0)
    throw new KeyFileError(
      `No master key in ${origin}: put master.key there (32 bytes, base64) or set BAOMI_MASTER_KEY.`,
      'master',
    );

  const signing = versionsIn(dir, 'audit-signing.pem', /^audit-signing\.(\d+)\.pem$/).map((f) =>
    pairChecked(f.kid, f.file, f.file.replace(/\.pem$/, '.pub.pem')),
  );
  if (signing.length === 0)
    throw new KeyFileError(
      `No audit-signing key in ${origin}: put audit-signing.pem and audit-signing.pub.pem (an Ed25519 pair) there.`,
      'signing',
    );
  const newest = signing.at(-1)!;
  const ring = new MasterKeys(master);
  return {
    master: ring,
    masterKey: ring.current.key,
    signingKid: newest.kid,
    signingKey: newest.signingKey,
    verifyKey: newest.verifyKey,
    signing,
    origin,
  };
}

/** The ring of a single instance: `<dataDir>/keys` (made at the first start), or BAOMI_KEYS_DIR when set. */
export function loadOrCreateKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyRing {
  return loadKeyRing({
    dataDir,
    keysDir: env.BAOMI_KEYS_DIR || undefined,
    masterKeyBase64: env.BAOMI_MASTER_KEY || undefined,
  });
}

/** The public key that verifies signatures made with key `kid`, if this ring has it. */
export function verifyKeyOf(keys: KeyRing, kid: string): crypto.KeyObject | undefined {
  return keys.signing.find((s) => s.kid === kid)?.verifyKey;
}

/**
 * Seals short secrets (TOTP keys, blob keys) with AES-256-GCM under the newest master key:
 * v2.<kid>.iv.tag.ciphertext (base64url). Earlier releases wrote v1.iv.tag.ciphertext, read as key version 1.
 */
export function seal(keys: MasterKeys, plaintext: Buffer, context: string): string {
  const { kid, key } = keys.current;
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(context));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return ['v2', kid, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
    '.',
  );
}

/** The key id a sealed value names (version 1 for the v1 format), or null when it is no sealed value. */
export function sealedKid(sealed: string): string | null {
  const parts = sealed.split('.');
  if (parts[0] === 'v1' && parts.length === 4) return FIRST_KID;
  if (parts[0] === 'v2' && parts.length === 5 && /^\d+$/.test(parts[1]!)) return parts[1]!;
  return null;
}

export function unseal(keys: MasterKeys, sealed: string, context: string): Buffer {
  const kid = sealedKid(sealed);
  if (kid === null) throw new SealedKeyError('unknown sealed format', '');
  const [iv, tag, ct] = sealed.split('.').slice(sealed.startsWith('v1.') ? 1 : 2);
  const version = keys.get(kid);
  if (!version)
    throw new SealedKeyError(`sealed with master key version ${kid}, which this instance's key ring lacks`, kid);
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', version.key, Buffer.from(iv!, 'base64url'));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(Buffer.from(tag!, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct!, 'base64url')), d.final()]);
  } catch {
    // A different key under the same version number (an instance with keys of its own) or an edited value.
    throw new SealedKeyError(`master key version ${kid} (${version.source}) does not open this sealed value`, kid);
  }
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
