import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './failures.js';

/**
 * A backup's manifest: what the folder holds (size and sha256 of every file), what it was made from (database kind,
 * applied migrations, audit head, key versions) and an Ed25519 signature over all of it by the deployment's
 * audit-signing key. A restore trusts nothing in the folder until the signature verifies with a key it already
 * holds (the configured key ring, or the passphrase-sealed keys of a `--with-keys` backup), and then every file is
 * checked against the signed list: a changed byte, a missing file or an added file refuses the restore.
 */
export const BACKUP_FORMAT = 'baomi-backup';
/** 1: unsigned, keys in clear (before issue 20); 2: signed manifest, PostgreSQL dumps, sealed keys. */
export const BACKUP_FORMAT_VERSION = 2;
export const MANIFEST = 'manifest.json';
export const SQLITE_FILE = 'baomi.sqlite';
export const DUMP_DIR = 'database';
export const SEALED_KEYS_FILE = 'keys.sealed';
/** Top-level folders a backup may hold besides the database and the sealed keys. */
export const DATA_DIRS = ['audit', 'blobs', 'audit-archive'] as const;

export interface BackupFileEntry {
  path: string; // relative, '/'-separated
  size: number;
  sha256: string;
}

export interface DumpTable {
  name: string;
  rows: number;
  columns: { name: string; type: string }[];
}

export type BackupDatabase =
  { kind: 'sqlite'; file: typeof SQLITE_FILE } | { kind: 'postgres'; dir: typeof DUMP_DIR; tables: DumpTable[] };

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  baomiVersion: string;
  database: BackupDatabase;
  /** The applied migrations, oldest first: a restore rebuilds exactly this schema. */
  migrations: string[];
  auditHead: { seq: number; hash: string; alg: string };
  /** The key versions the data needs, and whether a passphrase-sealed copy of them is in the backup. */
  keys: { included: boolean; master: string[]; signing: string[] };
  files: BackupFileEntry[];
  signature: { alg: 'ed25519'; kid: string; value: string };
}

export interface BackupProgress {
  phase: 'audit' | 'database' | 'blobs' | 'keys' | 'checksums' | 'verify' | 'restore' | 'drill';
  done: number;
  total: number;
}
export type ProgressFn = (p: BackupProgress) => void;

/** What an operator does about a damaged or incomplete backup: every refusal of one ends with it. */
export const DAMAGED_NEXT_STEP = 'Restore an earlier backup; check the others with `baomi restore --drill`.';

/** Leftovers of a crashed backup (`.baomi-<stamp>.partial`) or drill (`.drill-<random>`) in a backups folder. */
const LEFTOVER = /^\.(baomi-.+\.partial|drill-[0-9a-f]+)$/;
/** Older than this, a leftover belongs to no running backup or drill (the scheduled jobs' leases last 6 hours). */
export const LEFTOVER_AGE_MS = 6 * 60 * 60 * 1000;

/** Removes the leftovers in a backups folder last changed more than 6 hours before `now`; returns their names. */
export function removeLeftovers(dir: string, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const stale = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && LEFTOVER.test(e.name))
    .filter((e) => now.getTime() - fs.statSync(path.join(dir, e.name)).mtimeMs > LEFTOVER_AGE_MS)
    .map((e) => e.name);
  for (const n of stale) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  return stale;
}

export function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Files under dir, as '/'-separated paths relative to base. */
export function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** JSON with keys sorted at every level: the signed bytes do not depend on how the manifest was written. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function signedBytes(m: Omit<BackupManifest, 'signature'>): Buffer {
  return Buffer.from(`${BACKUP_FORMAT}:${canonicalJson(m)}`);
}

export function signManifest(
  m: Omit<BackupManifest, 'signature'>,
  kid: string,
  signingKey: crypto.KeyObject,
): BackupManifest {
  return {
    ...m,
    signature: { alg: 'ed25519', kid, value: crypto.sign(null, signedBytes(m), signingKey).toString('base64') },
  };
}

/** A path the manifest may list: relative, normalised, under a known top-level name. */
function allowedPath(rel: string): boolean {
  const norm = path.posix.normalize(rel);
  const top = norm.split('/')[0] ?? '';
  if (norm !== rel || path.posix.isAbsolute(rel) || rel.includes('\\') || norm.startsWith('..')) return false;
  if (norm === SQLITE_FILE || norm === SEALED_KEYS_FILE) return true;
  if (top === DUMP_DIR) return /^database\/[a-z0-9_]+\.jsonl$/.test(norm);
  return (DATA_DIRS as readonly string[]).includes(top) && norm !== top;
}

/** Reads the manifest; throws with what is wrong when the folder is no (complete, current) Baomi backup. */
export function readManifest(backupDir: string): BackupManifest {
  const file = path.join(backupDir, MANIFEST);
  if (!fs.existsSync(file))
    throw new BackupError(
      'backup_incomplete',
      `${backupDir} is not a Baomi backup (no ${MANIFEST}; an interrupted backup has none). ${DAMAGED_NEXT_STEP}`,
    );
  let m: BackupManifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(
      'manifest_invalid',
      `The backup manifest ${file} is not valid JSON: the backup is damaged. ${DAMAGED_NEXT_STEP}`,
    );
  }
  if (m?.format !== BACKUP_FORMAT || typeof m.formatVersion !== 'number' || !Array.isArray(m.files))
    throw new BackupError('manifest_invalid', `${file} is not a Baomi backup manifest`);
  if (m.formatVersion > BACKUP_FORMAT_VERSION)
    throw new BackupError(
      'version_mismatch',
      `This backup has format ${m.formatVersion}; this Baomi reads up to ${BACKUP_FORMAT_VERSION}. Upgrade Baomi first.`,
    );
  if (m.formatVersion < BACKUP_FORMAT_VERSION || !m.signature)
    throw new BackupError(
      'version_mismatch',
      `This backup (format ${m.formatVersion}, Baomi ${String(m.baomiVersion)}) predates signed backups: restore it ` +
        'with the Baomi version that made it, then upgrade and take a new backup.',
    );
  return m;
}

/**
 * Checks the signature with `verifyKeyOf(kid)`, then the folder against the signed list: every listed file present
 * with its size and checksum, and nothing else. Throws on the first difference; reads only.
 */
export async function verifyManifest(
  backupDir: string,
  m: BackupManifest,
  verifyKeyOf: (kid: string) => crypto.KeyObject | undefined,
  onProgress?: ProgressFn,
): Promise<void> {
  const { signature, ...unsigned } = m;
  const key = verifyKeyOf(String(signature.kid));
  if (!key)
    throw new BackupError(
      'signing_key_missing',
      `The backup is signed with audit-signing key version ${signature.kid}, which the keys at hand lack: cannot check it.`,
    );
  let valid = false;
  try {
    valid =
      signature.alg === 'ed25519' &&
      crypto.verify(null, signedBytes(unsigned), key, Buffer.from(String(signature.value), 'base64'));
  } catch {
    valid = false;
  }
  if (!valid)
    throw new BackupError(
      'manifest_invalid',
      `The backup's manifest signature does not verify with audit-signing key version ${signature.kid}: ` +
        `the manifest was altered, or the backup belongs to another deployment. Refusing to restore. ${DAMAGED_NEXT_STEP}`,
    );
  const listed = new Set<string>();
  for (const f of m.files) {
    if (!allowedPath(String(f.path)))
      throw new BackupError(
        'manifest_invalid',
        `The backup manifest lists an unexpected path "${String(f.path)}": refusing to restore. ${DAMAGED_NEXT_STEP}`,
      );
    listed.add(f.path);
  }
  const extra = listFiles(backupDir).filter((rel) => rel !== MANIFEST && !listed.has(rel));
  if (extra.length > 0)
    throw new BackupError(
      'checksum_mismatch',
      `The backup holds ${extra.length} file(s) its manifest does not list (${extra[0]}): refusing. ${DAMAGED_NEXT_STEP}`,
    );
  for (const [i, f] of m.files.entries()) {
    const full = path.join(backupDir, ...f.path.split('/'));
    if (!fs.existsSync(full))
      throw new BackupError(
        'backup_incomplete',
        `The backup is incomplete: ${f.path} is missing. ${DAMAGED_NEXT_STEP}`,
      );
    if (fs.statSync(full).size !== f.size || (await sha256File(full)) !== f.sha256)
      throw new BackupError(
        'checksum_mismatch',
        `The backup is damaged or was altered: ${f.path} does not match its checksum in ${MANIFEST}. ${DAMAGED_NEXT_STEP}`,
      );
    onProgress?.({ phase: 'verify', done: i + 1, total: m.files.length });
  }
}
