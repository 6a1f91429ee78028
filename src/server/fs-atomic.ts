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

/** Append a line durably (used for the signed audit-head log). */
export function appendLineDurable(file: string, line: string): void {
  const fd = fs.openSync(file, 'a', 0o644);
  try {
    fs.writeSync(fd, line.endsWith('\n') ? line : line + '\n');
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
