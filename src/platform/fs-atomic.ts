import fs from 'node:fs';
import path from 'node:path';

/** Write a file so readers see the old or the new content, never half: temp file, fsync, rename, fsync dir. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/**
 * Append a line durably (used for the signed audit-head log). A line left unfinished by a crash is closed
 * first, so it stays one bad line instead of swallowing the next record.
 */
export function appendLineDurable(file: string, line: string): void {
  const fd = fs.openSync(file, 'a+', 0o644);
  try {
    const size = fs.fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    fs.writeSync(fd, (torn ? '\n' : '') + (line.endsWith('\n') ? line : line + '\n'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot open directories for fsync; the rename is still atomic there.
  }
}
