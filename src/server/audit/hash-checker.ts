import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '../../domain/audit-chain.js';

/**
 * Re-hashes canonical texts on another thread while the caller keeps reading and linking rows
 * (`ChainVerifier.feedDeferred`), and reports the rows whose hash does not match.
 *
 * The worker is a few lines of plain JavaScript started with `eval: true`: it loads the same from the build
 * and from TypeScript sources (tests, bench), and it only compares; the canonical texts are the domain's.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { hash } = require('node:crypto');
parentPort.on('message', ({ id, alg, texts, hashes }) => {
  const bad = [];
  for (let i = 0; i < texts.length; i++) if (hash(alg, texts[i], 'hex') !== hashes[i]) bad.push(i);
  parentPort.postMessage({ id, bad });
});
`;

const BATCH_ROWS = 1000;
/** Batches in flight before the reader should wait: bounds memory when the worker falls behind. */
const MAX_BACKLOG = 16;

export interface HashMismatch {
  seq: number;
  prevHash: string;
}

interface Batch {
  seqs: number[];
  prevHashes: string[];
  texts: string[];
  hashes: string[];
}

export class HashChecker {
  private readonly worker: Worker;
  private current: Batch = HashChecker.empty();
  private readonly inFlight = new Map<number, Batch>();
  private readonly mismatches: HashMismatch[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly alg: HashAlgorithm) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.on('message', ({ id, bad }: { id: number; bad: number[] }) => {
      const b = this.inFlight.get(id);
      this.inFlight.delete(id);
      if (b) for (const i of bad) this.mismatches.push({ seq: b.seqs[i]!, prevHash: b.prevHashes[i]! });
      this.notify();
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      this.notify();
    });
  }

  private static empty(): Batch {
    return { seqs: [], prevHashes: [], texts: [], hashes: [] };
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private send(): void {
    const b = this.current;
    if (b.texts.length === 0) return;
    this.current = HashChecker.empty();
    const id = this.nextId++;
    this.inFlight.set(id, b);
    this.worker.postMessage({ id, alg: this.alg, texts: b.texts, hashes: b.hashes });
  }

  add(seq: number, prevHash: string, text: string, hash: string): void {
    const b = this.current;
    b.seqs.push(seq);
    b.prevHashes.push(prevHash);
    b.texts.push(text);
    b.hashes.push(hash);
    if (b.texts.length === BATCH_ROWS) this.send();
  }

  /** A promise to wait on before reading more, or undefined when the worker is keeping up. */
  backpressure(): Promise<void> | undefined {
    if (this.inFlight.size < MAX_BACKLOG) return undefined;
    return this.until(() => this.inFlight.size < MAX_BACKLOG / 2);
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done()) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Every mismatch, lowest seq first, once all rows added are checked. Stops the worker. */
  async finish(): Promise<HashMismatch[]> {
    try {
      this.send();
      await this.until(() => this.inFlight.size === 0);
      return [...this.mismatches].sort((a, b) => a.seq - b.seq);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
