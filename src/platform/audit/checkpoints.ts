import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordMessage, type CheckpointRecord, type StoredCheckpoint } from '../../kernel/audit-chain.js';
import { appendLineDurable, writeFileAtomic } from '../fs-atomic.js';
import type { Config } from '../config.js';
import { FIRST_KID, verifyKeyOf, type KeyRing } from '../crypto/keys.js';

/**
 * Where signed chain-head checkpoints live, outside the database, so deleting the newest audit rows (and
 * rewinding the head row) is still detected. Verification reads through this interface only: today's
 * implementation is a file in a directory every instance of the deployment shares (BAOMI_CHECKPOINT_DIR, by
 * default the data directory's `audit/`); the object store can take its place.
 */
export interface CheckpointStore {
  /** Where the records are, for messages ("file /data/audit/head-checkpoints.jsonl"). */
  readonly location: string;
  /** Every record, oldest first, each with whether its signature verifies under the key version it names. */
  read(keys: KeyRing): Promise<StoredCheckpoint[]>;
  /** Appends one signed record durably. */
  append(record: SignedRecord): Promise<void>;
  /** The seq of the newest record (-1 when empty), without reading the whole store. */
  lastSeq(): Promise<number>;
}

/** A record with its signature and the version of the signing key that made it (`kid`). */
export type SignedRecord = CheckpointRecord & { signature: string; kid: string };

export function signRecord(keys: KeyRing, record: CheckpointRecord): SignedRecord {
  return {
    ...record,
    signature: crypto.sign(null, Buffer.from(recordMessage(record)), keys.signingKey).toString('base64'),
    kid: keys.signingKid,
  };
}

function parseLine(line: string, keys: KeyRing): StoredCheckpoint {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const kind = o.kind === undefined || o.kind === 'head' ? 'head' : o.kind === 'reanchor' ? 'reanchor' : null;
    if (
      !kind ||
      typeof o.seq !== 'number' ||
      typeof o.hash !== 'string' ||
      typeof o.at !== 'string' ||
      typeof o.signature !== 'string'
    )
      throw new Error('not a record');
    const record: CheckpointRecord = {
      kind,
      seq: o.seq,
      hash: o.hash,
      at: o.at,
      ...(kind === 'reanchor' ? { reason: String(o.reason ?? '') } : {}),
    };
    // Lines written before key ids existed were signed with the first key version.
    const verifyKey = verifyKeyOf(keys, typeof o.kid === 'string' ? o.kid : FIRST_KID);
    const signatureValid =
      verifyKey !== undefined &&
      crypto.verify(null, Buffer.from(recordMessage(record)), verifyKey, Buffer.from(o.signature, 'base64'));
    return { ...record, signatureValid };
  } catch {
    // An unreadable line is itself tampering: reported as a record whose signature fails.
    return { kind: 'head', seq: 0, hash: '', at: '', signatureValid: false, malformed: true };
  }
}

/** Records as JSON lines, appended with fsync; a head record keeps the line format of earlier versions. */
export class FileCheckpointStore implements CheckpointStore {
  readonly location: string;
  constructor(readonly file: string) {
    this.location = `file ${file}`;
  }

  async read(keys: KeyRing): Promise<StoredCheckpoint[]> {
    if (!fs.existsSync(this.file)) return [];
    return fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => parseLine(l, keys));
  }

  async append(record: SignedRecord): Promise<void> {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const { kind, ...rest } = record;
    appendLineDurable(this.file, JSON.stringify(kind === 'head' ? rest : record));
  }

  async lastSeq(): Promise<number> {
    if (!fs.existsSync(this.file)) return -1;
    // Only the end of the file: the store grows by a line per signing.
    const fd = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      const last = buf.toString('utf8').trim().split('\n').at(-1);
      const seq = last ? (JSON.parse(last) as { seq?: unknown }).seq : -1;
      return typeof seq === 'number' ? seq : -1;
    } catch {
      return -1;
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The checkpoint directory of a deployment: BAOMI_CHECKPOINT_DIR, or the data directory's `audit/`. */
export function checkpointDirOf(config: Pick<Config, 'dataDir' | 'checkpointDir'>): string {
  return config.checkpointDir ?? path.join(config.dataDir, 'audit');
}

/** The checkpoint file in the default place, `<dataDir>/audit` (a backup's copy keeps this layout). */
export function checkpointFile(dataDir: string): string {
  return path.join(checkpointDirOf({ dataDir, checkpointDir: undefined }), 'head-checkpoints.jsonl');
}

/** The store of a deployment, as configured: what every instance signs into and verifies against. */
export function checkpointStoreFor(config: Pick<Config, 'dataDir' | 'checkpointDir'>): CheckpointStore {
  return new FileCheckpointStore(path.join(checkpointDirOf(config), 'head-checkpoints.jsonl'));
}

/** The store in a data directory's default place (an installation without BAOMI_CHECKPOINT_DIR, a backup). */
export function checkpointStoreOf(dataDir: string): CheckpointStore {
  return new FileCheckpointStore(checkpointFile(dataDir));
}

/**
 * For a backup taken while the server runs: keeps only the records up to the copied chain's head, so the
 * copy never names an event the copied database lacks. Each line is signed on its own; dropping later
 * lines leaves the others valid. Unreadable lines are kept (they are evidence).
 */
export function trimCheckpointFile(file: string, maxSeq: number): void {
  if (!fs.existsSync(file)) return;
  const kept = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .filter((l) => {
      try {
        const seq = (JSON.parse(l) as { seq?: unknown }).seq;
        return typeof seq !== 'number' || seq <= maxSeq;
      } catch {
        return true;
      }
    });
  writeFileAtomic(file, kept.length ? kept.join('\n') + '\n' : '');
}
