import type pg from 'pg';

/**
 * `COPY ... TO STDOUT` (text format) on a pg client, one call per line, without a stream library. pg hands
 * CopyData messages to the active query object (its "submittable" interface, as pg-copy-streams uses it).
 * Lines are split on \n, which COPY's text format always escapes inside values, and a message may carry
 * several lines or part of one. onLine runs synchronously while the socket is read, so a slow consumer slows
 * the read instead of piling rows up in memory.
 */
class CopyOut {
  private rest: Buffer | null = null;
  private failed: Error | null = null;
  readonly done: Promise<void>;
  private settle!: { resolve: () => void; reject: (e: Error) => void };

  constructor(
    readonly text: string,
    private readonly onLine: (line: string) => void,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.failed) return;
    try {
      let buf = this.rest ? Buffer.concat([this.rest, msg.chunk]) : msg.chunk;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        this.onLine(buf.toString('utf8', start, nl));
        start = nl + 1;
      }
      buf = buf.subarray(start);
      this.rest = buf.length ? Buffer.from(buf) : null;
    } catch (e) {
      // Keep draining the stream; the error is reported once the server has finished.
      this.failed = e instanceof Error ? e : new Error(String(e));
    }
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.failed) this.settle.reject(this.failed);
    else if (this.rest) this.settle.reject(new Error('COPY output ended in the middle of a line'));
    else this.settle.resolve();
  }

  handleError(err: Error): void {
    this.settle.reject(err);
  }

  // Not expected for COPY; present so pg never calls a missing method.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(msg: string): void }): void {
    connection.sendCopyFail('COPY FROM is not supported here');
  }
}

export async function copyOut(
  client: pg.PoolClient | pg.Client,
  sql: string,
  onLine: (line: string) => void,
): Promise<void> {
  const q = new CopyOut(sql, onLine);
  (client as unknown as { query(q: CopyOut): void }).query(q);
  await q.done;
}
