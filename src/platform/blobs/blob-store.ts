import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { seal, unseal, type MasterKeys } from '../crypto/keys.js';
import { fsyncDir } from '../fs-atomic.js';

/**
 * Encrypted blob folder (`<dataDir>/blobs`). Envelope encryption: each blob has its own random data key,
 * sealed under the newest master key and stored in the blob's header (the sealed value names the key version, so
 * blobs written before a rotation still open). Content is encrypted in 64 KiB chunks with
 * AES-256-GCM, so files stream in constant memory. Each chunk's nonce and additional data bind its index and
 * whether it is the last chunk: reordering, dropping or truncating chunks fails authentication.
 *
 * Layout: "BMB1" | u16 header length | header JSON {key} | chunks: u32 length | ciphertext | 16-byte tag.
 */
const MAGIC = Buffer.from('BMB1');
const CHUNK = 64 * 1024;

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 4);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(id: string, index: number, last: boolean): Buffer {
  return Buffer.from(`${id}:${index}:${last ? 1 : 0}`);
}

export interface StoredBlob {
  id: string;
  size: number;
  sha256: string;
}

export class BlobStore {
  readonly dir: string;
  constructor(
    dataDir: string,
    private readonly masterKeys: MasterKeys,
  ) {
    this.dir = path.join(dataDir, 'blobs');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('invalid blob id');
    return path.join(this.dir, id.slice(0, 2), id);
  }

  /** Encrypts `source` into a new blob: temp file, fsync, rename — never a half-written blob. */
  async put(source: Readable): Promise<StoredBlob> {
    const id = crypto.randomUUID();
    const dest = this.file(id);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp`;
    const dataKey = crypto.randomBytes(32);
    const prefix = crypto.randomBytes(4);
    const header = Buffer.from(
      JSON.stringify({ key: seal(this.masterKeys, dataKey, `blob:${id}`), prefix: prefix.toString('base64') }),
    );
    const head = Buffer.alloc(6);
    MAGIC.copy(head);
    head.writeUInt16BE(header.length, 4);
    const digest = crypto.createHash('sha256');
    let size = 0;
    let index = 0;
    let pending = Buffer.alloc(0);
    const encryptChunk = (plain: Buffer, last: boolean): Buffer => {
      const c = crypto.createCipheriv('aes-256-gcm', dataKey, nonce(prefix, index));
      c.setAAD(aad(id, index, last));
      const ct = Buffer.concat([c.update(plain), c.final()]);
      index++;
      const len = Buffer.alloc(4);
      len.writeUInt32BE(ct.length);
      return Buffer.concat([len, ct, c.getAuthTag()]);
    };
    const encrypt = new Transform({
      transform(chunk: Buffer, _enc, done) {
        digest.update(chunk);
        size += chunk.length;
        pending = Buffer.concat([pending, chunk]);
        const out: Buffer[] = [];
        // Keep at least one byte back so the final chunk is always the one flagged "last".
        while (pending.length > CHUNK) {
          out.push(encryptChunk(pending.subarray(0, CHUNK), false));
          pending = pending.subarray(CHUNK);
        }
        done(null, out.length ? Buffer.concat(out) : undefined);
      },
      flush(done) {
        done(null, encryptChunk(pending, true));
      },
    });
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    out.write(Buffer.concat([head, header]));
    await pipeline(source, encrypt, out);
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, dest);
    fsyncDir(path.dirname(dest));
    return { id, size, sha256: digest.digest('hex') };
  }

  /**
   * Decrypts a blob to `destFile`. GCM authenticates per chunk and truncation shows only at the end, so the
   * plaintext goes to a temp file that is renamed into place only after the last chunk verified.
   */
  async getToFile(id: string, destFile: string): Promise<{ size: number }> {
    // Positional reads, one chunk at a time: constant memory whatever the blob size.
    const src = fs.openSync(this.file(id), 'r');
    const total = fs.fstatSync(src).size;
    const read = (at: number, n: number): Buffer => {
      const b = Buffer.alloc(Math.max(0, Math.min(n, total - at)));
      if (b.length) fs.readSync(src, b, 0, b.length, at);
      return b;
    };
    const first = read(0, 6);
    if (first.length < 6 || !first.subarray(0, 4).equals(MAGIC)) {
      fs.closeSync(src);
      throw new Error('not a Baomi blob');
    }
    const hlen = first.readUInt16BE(4);
    const header = JSON.parse(read(6, hlen).toString()) as { key: string; prefix: string };
    const dataKey = unseal(this.masterKeys, header.key, `blob:${id}`);
    const prefix = Buffer.from(header.prefix, 'base64');
    const tmp = `${destFile}.${process.pid}.partial`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    let off = 6 + hlen;
    let index = 0;
    let size = 0;
    try {
      for (;;) {
        if (off + 4 > total) throw new Error('blob is truncated');
        const len = read(off, 4).readUInt32BE(0);
        if (len > CHUNK + 16) throw new Error('chunk length is corrupt');
        const body = read(off + 4, len + 16);
        if (body.length !== len + 16) throw new Error('blob is truncated');
        const ct = body.subarray(0, len);
        const tag = body.subarray(len);
        off += 4 + len + 16;
        const last = off === total;
        const d = crypto.createDecipheriv('aes-256-gcm', dataKey, nonce(prefix, index));
        d.setAAD(aad(id, index, last));
        d.setAuthTag(tag);
        const plain = Buffer.concat([d.update(ct), d.final()]);
        fs.writeSync(fd, plain);
        size += plain.length;
        index++;
        if (last) break;
      }
      fs.fsyncSync(fd);
    } catch (e) {
      fs.closeSync(fd);
      fs.closeSync(src);
      fs.rmSync(tmp, { force: true });
      throw new Error(`blob ${id} failed authentication: ${(e as Error).message}`);
    }
    fs.closeSync(fd);
    fs.closeSync(src);
    fs.renameSync(tmp, destFile);
    return { size };
  }

  remove(id: string): void {
    fs.rmSync(this.file(id), { force: true });
  }
}
