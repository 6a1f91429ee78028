/**
 * What the bench's parts share: sizes and targets (from the environment), the result rows and notes, logging.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './report.js';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');

function envNum(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return n;
}

const SCALE = envNum('BENCH_SCALE', 1);
export const S = {
  scale: SCALE,
  batch: Math.round(envNum('BENCH_BATCH', 1000)),
  appendSqlite: Math.max(1000, Math.round(200_000 * SCALE)),
  appendPostgres: Math.max(1000, Math.round(100_000 * SCALE)),
  durableN: Math.max(100, Math.round(2000 * SCALE)),
  writers: 8,
  connections: Math.round(envNum('BENCH_CONNECTIONS', 64)),
  loadSeconds: envNum('BENCH_LOAD_SECONDS', Math.max(2, Math.round(10 * Math.min(1, SCALE)))),
  warmupSeconds: 2,
  /** HTTP measure: each route is loaded this many times, interleaved; the figures are the medians. */
  httpRuns: Math.round(envNum('BENCH_HTTP_RUNS', 5)),
};
export const WHICH = (process.env.BENCH_DB ?? 'both') as 'sqlite' | 'postgres' | 'both';

export const TARGET = {
  appendRatio: 0.6,
  verifyRate: 250_000,
  durableRatio: 0.5,
  /** Issue 19 (ADR 0028): the endpoint against hello world, per database, and its p99 at 64 connections. */
  httpRatio: { sqlite: 0.3, postgres: 0.2 },
  httpP99: { sqlite: 10, postgres: 12 },
  /** The endpoint against a bare route doing only the same session read and audit append. */
  httpReferenceRatio: 0.8,
};
export const BENCH_PASSWORD = 'Correct-Horse-42!';

export const rows: Row[] = [];
export const notes: string[] = [];
export const t0 = performance.now();

export function log(msg: string): void {
  console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}

export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
