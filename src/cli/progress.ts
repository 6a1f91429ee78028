/** A small progress bar on stderr (only when it is a terminal), so piped output stays clean. */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(done: number, total: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(pct * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
