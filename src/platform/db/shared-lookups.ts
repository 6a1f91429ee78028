/**
 * Lookups by key that share round trips (PostgreSQL). Every statement is a round trip, and under load most of a
 * short read's server CPU goes to sending it and parsing its answer; so lookups that arrive while one read is on
 * its way queue, and go together in the next one (at most `maxBatch` keys). A lookup never waits for a timer and
 * never takes an answer read before it arrived: the statement that answers it starts after it was asked, so a
 * change committed before a request came in is seen by that request, as with a statement of its own.
 *
 * Only for reads outside any transaction: inside one, a read must see the transaction's own writes.
 */
export class SharedLookups<K, V> {
  private readonly waiting: { key: K; resolve(v: V | undefined): void; reject(e: unknown): void }[] = [];
  private reading = false;

  constructor(
    /** Reads the rows of these distinct keys in one statement; a key without a row is absent from the map. */
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 64,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (!this.reading) void this.readWaiting();
    });
  }

  private async readWaiting(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const found = await this.readMany([...new Set(batch.map((b) => b.key))]);
          for (const b of batch) b.resolve(found.get(b.key));
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.reading = false;
    }
  }
}
