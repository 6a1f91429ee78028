import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/platform/blobs/blob-store.js';
import { MasterKeys } from '../../../src/platform/crypto/keys.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-blobs-'));
const firstKey = { kid: '1', key: crypto.randomBytes(32), source: 'test' };
const store = new BlobStore(dir, new MasterKeys([firstKey]));
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

  it('names the master key version in the header: a blob written before a new key version still opens', async () => {
    const data = crypto.randomBytes(1000);
    const b = await store.put(Readable.from([data]));
    const raw = fs.readFileSync(path.join(store.dir, b.id.slice(0, 2), b.id));
    const header = JSON.parse(raw.subarray(6, 6 + raw.readUInt16BE(4)).toString()) as { key: string };
    expect(header.key).toMatch(/^v2\.1\./);
    const rotated = new BlobStore(
      dir,
      new MasterKeys([firstKey, { kid: '2', key: crypto.randomBytes(32), source: 'test' }]),
    );
    const out = path.join(dir, `rotated-${b.id}`);
    await rotated.getToFile(b.id, out);
    expect(fs.readFileSync(out).equals(data)).toBe(true);
    const newer = await rotated.put(Readable.from([data]));
    const newRaw = fs.readFileSync(path.join(store.dir, newer.id.slice(0, 2), newer.id));
    expect(newRaw.subarray(6, 6 + newRaw.readUInt16BE(4)).toString()).toMatch(/"key":"v2\.2\./);
    // The ring without version 2 says which version it lacks.
    await expect(store.getToFile(newer.id, path.join(dir, `old-ring-${newer.id}`))).rejects.toThrow(
      /master key version 2/,
    );
  });
});
