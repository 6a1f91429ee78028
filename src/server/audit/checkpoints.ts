import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkpointMessage, type HeadCheckpoint } from '../../domain/audit-chain.js';
import { appendLineDurable } from '../fs-atomic.js';
import type { KeyRing } from '../crypto/keys.js';

/**
 * Signed chain-head checkpoints, one JSON line each, in `<dataDir>/audit/head-checkpoints.jsonl`: outside
 * the database, so deleting the newest audit rows (and rewinding the head row) is still detected.
 */
export function checkpointFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'head-checkpoints.jsonl');
}

export function writeCheckpoint(dataDir: string, keys: KeyRing, cp: HeadCheckpoint): void {
  const file = checkpointFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const signature = crypto.sign(null, Buffer.from(checkpointMessage(cp)), keys.signingKey).toString('base64');
  appendLineDurable(file, JSON.stringify({ ...cp, signature }));
}

export function readCheckpoints(dataDir: string, keys: KeyRing): (HeadCheckpoint & { signatureValid: boolean })[] {
  const file = checkpointFile(dataDir);
  if (!fs.existsSync(file)) return [];
  const out: (HeadCheckpoint & { signatureValid: boolean })[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as HeadCheckpoint & { signature: string };
      const cp = { seq: Number(o.seq), hash: String(o.hash), at: String(o.at) };
      const signatureValid = crypto.verify(
        null,
        Buffer.from(checkpointMessage(cp)),
        keys.verifyKey,
        Buffer.from(String(o.signature), 'base64'),
      );
      out.push({ ...cp, signatureValid });
    } catch {
      // An unparseable line is itself tampering: report it as an unsigned checkpoint.
      out.push({ seq: 0, hash: '', at: '', signatureValid: false });
    }
  }
  return out;
}

/** The newest checkpoint's seq, to avoid writing the same head twice. */
export function lastCheckpointSeq(dataDir: string): number {
  const file = checkpointFile(dataDir);
  if (!fs.existsSync(file)) return -1;
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const last = lines[lines.length - 1];
  if (!last) return -1;
  try {
    return Number((JSON.parse(last) as { seq: number }).seq);
  } catch {
    return -1;
  }
}
