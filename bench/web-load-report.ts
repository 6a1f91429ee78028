/**
 * The web cold-load section of docs/benchmarks.md: one table row per label ("before", "after", "latest"), replaced
 * when the same label is measured again. The section sits between two markers so the full bench, which rewrites the
 * file, carries it over (`keptWebLoadSection`).
 */
import fs from 'node:fs';

const START = '<!-- web-load:start -->';
const END = '<!-- web-load:end -->';
const HEADER = `## Cold load of the sign-in page

Produced by \`node --import tsx bench/web-load.ts --label <label>\` (bench/web-load.ts): Baomi on a fresh SQLite
database serves the built web app; headless Chromium opens \`/login\` 10 times (\`BENCH_WEB_LOADS\`), each in a fresh
context (empty cache), after one uncounted warm-up load. "Bytes" are what the browser received until the network
was idle (headers and bodies as sent; Chromium asks for gzip, not brotli, over plain HTTP); "decoded" are the same
bodies uncompressed; "ready" is the median time from navigation start until the sign-in button is enabled. Each
label's row is replaced when that label is measured again.

| Label | Date | Bytes | Decoded | Requests | Ready (median) | Loads | Load average at start | Note |
|---|---|---|---|---|---|---|---|---|`;

export interface WebLoadResult {
  label: string;
  date: string;
  bytes: number;
  decodedBytes: number;
  requests: number;
  medianMs: number;
  loads: number;
  load: string;
  note: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function rowOf(r: WebLoadResult): string {
  const cells = [r.label, r.date, fmt(r.bytes), fmt(r.decodedBytes), fmt(r.requests), `${fmt(r.medianMs)} ms`];
  return `| ${[...cells, String(r.loads), r.load, r.note.replace(/\|/g, '/')].join(' | ')} |`;
}

/** The section as it stands in `text` (markers included), or null when there is none. */
export function keptWebLoadSection(text: string): string | null {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a, b + END.length) : null;
}

/** Writes `r` into the section of `file` (creating the section at the end when missing), replacing its label's row. */
export function replaceWebLoadRow(file: string, r: WebLoadResult): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const kept = keptWebLoadSection(text);
  const rows = (kept ?? '')
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Label') && !l.startsWith(`| ${r.label} |`));
  const labelled = rows.filter((l) => /^\| \w/.test(l));
  const section = [START, HEADER, ...labelled, rowOf(r), END].join('\n');
  const next = kept ? text.replace(kept, section) : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
