/**
 * The load generator, run as a separate process so it does not share the server's event loop:
 *
 *   node --import tsx bench/load.ts '{"url":"http://127.0.0.1:1234/x","connections":64,"duration":10,"cookies":[...]}'
 *
 * Prints one line of JSON: requests per second, latency percentiles (ms) and error counts.
 */
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  connections: number;
  duration: number;
  warmup?: number;
  headers?: Record<string, string>;
  /** Cookie headers sent in turn, one per request: the load of many signed-in people, not one. */
  cookies?: string[];
}

export interface LoadResult {
  url: string;
  connections: number;
  duration: number;
  reqPerSec: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
if (!spec.url || !spec.url.startsWith('http://127.0.0.1:')) {
  console.error('load.ts: expects a JSON spec with a loopback url (http://127.0.0.1:port/...)');
  process.exit(2);
}

const cookies = spec.cookies ?? [];
let turn = 0;
const r = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  headers: spec.headers ?? {},
  ...(cookies.length
    ? {
        requests: [
          {
            setupRequest: (req: { headers?: Record<string, string> }) => ({
              ...req,
              headers: { ...req.headers, cookie: cookies[turn++ % cookies.length]! },
            }),
          },
        ],
      }
    : {}),
  ...(spec.warmup ? { warmup: { connections: spec.connections, duration: spec.warmup } } : {}),
});

const out: LoadResult = {
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  // Total 2xx over the measured duration: non-2xx answers do not count as served requests.
  reqPerSec: r['2xx'] / r.duration,
  total2xx: r['2xx'],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
};
process.stdout.write(JSON.stringify(out) + '\n');
