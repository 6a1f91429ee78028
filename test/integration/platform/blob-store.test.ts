import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/platform/blobs/blob-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-blobs-'));
const store = new BlobStore(dir, crypto.randomBytes(32));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('encrypted blob store', () => {
  it.each([0, 1, 65_536, 65_537, 300_000])('round-trips %i bytes, stored encrypted', async (n) => {
    const data = crypto.randomBytes(n);
    const b = await store.put(Readable.from([data]));
    expect(b.size).toBe(n);
    expect(b.sha256).toBe(crypto.createHash('sha256').update(data).digest('hex'));
    const raw = fs.readFileSync(path.join(store.dir, b.id.slice(0, 2), b.id));
    if (n > 16) expect(raw.includes(data.subarray(0, 16))).toBe(false);
    const out = path.join(dir, `out-${n}`);
    await store.getToFile(b.id, out);
    expect(fs.readFileSync(out).equals(data)).toBe(true);
  });

  it.each([
    [
      'flipped byte',
      (buf: Buffer) => {
        buf[buf.length - 20]! ^= 1;
        return buf;
      },
    ],
    ['truncated tail chunk', (buf: Buffer) => buf.subarray(0, buf.length - 65_552)],
    ['cut mid-chunk', (buf: Buffer) => buf.subarray(0, buf.length - 7)],
  ])('refuses a tampered blob (%s) and leaves no output file', async (_name, tamper) => {
    const data = crypto.randomBytes(200_000);
    const b = await store.put(Readable.from([data]));
    const file = path.join(store.dir, b.id.slice(0, 2), b.id);
    fs.writeFileSync(file, tamper(fs.readFileSync(file)));
    const out = path.join(dir, `tampered-${b.id}`);
    await expect(store.getToFile(b.id, out)).rejects.toThrow(/failed authentication/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
