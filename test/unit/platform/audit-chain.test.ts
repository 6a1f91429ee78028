import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  CANONICAL_ORDER,
  canonicalEvent,
  canonicalText,
  chainEvents,
  checkCheckpoints,
  judgeCheckpoints,
  reanchorMessage,
  type AnchorProblem,
  type CheckpointRecord,
  type StoredCheckpoint,
  checkpointMessage,
  serializeDetails,
  type AuditEventInput,
  type ChainBreak,
  type HashFn,
  type HeadCheckpoint,
  type StoredAuditRow,
} from '../../../src/kernel/audit-chain.js';

const HASHES: [string, HashFn][] = [
  ['sha256', (d) => crypto.createHash('sha256').update(d, 'utf8').digest('hex')],
  ['sm3', (d) => crypto.createHash('sm3').update(d, 'utf8').digest('hex')],
];

function event(i: number, over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    actorId: `u${i % 3}`,
    actorName: i % 2 ? '张三' : 'Alice',
    actorRole: i % 2 ? 'sysadmin' : 'auditor',
    action: i % 2 ? 'user.create' : 'auth.login',
    targetType: i % 2 ? 'user' : null,
    targetId: i % 2 ? `t${i}` : null,
    result: (['success', 'failure', 'denied'] as const)[i % 3]!,
    ip: '127.0.0.1',
    requestId: `r${i}`,
    details: i % 2 ? { n: i, note: '保密', nested: { a: [1, 2] } } : null,
    ...over,
  };
}

/** Build a stored chain of `n` rows as the repository would persist it. */
function storedChain(n: number, hash: HashFn): StoredAuditRow[] {
  const events = Array.from({ length: n }, (_, i) => event(i + 1));
  const { chained } = chainEvents({ seq: 0, hash: GENESIS_HASH }, events, hash);
  return chained.map(({ details: _details, ...row }) => row);
}

function verify(rows: readonly StoredAuditRow[], hash: HashFn): { breakAt: ChainBreak | null; count: number } {
  const v = new ChainVerifier(hash);
  for (const r of rows) if (!v.feed(r)) break;
  return { breakAt: v.firstBreak, count: v.count };
}

describe.each(HASHES)('audit chain with %s', (_name, hash) => {
  it('hashes are 64 hex chars and the genesis is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(hash('abc')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('chainEvents links every event to the previous one and returns the new head', () => {
    const events = [event(1), event(2), event(3)];
    const { chained, head } = chainEvents({ seq: 0, hash: GENESIS_HASH }, events, hash);
    expect(chained.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chained[0]!.prevHash).toBe(GENESIS_HASH);
    expect(chained[1]!.prevHash).toBe(chained[0]!.hash);
    expect(chained[2]!.prevHash).toBe(chained[1]!.hash);
    expect(head).toEqual({ seq: 3, hash: chained[2]!.hash });
    for (const e of chained) {
      expect(e.hash).toBe(hash(canonicalEvent(e.seq, e.prevHash, e, serializeDetails(e.details))));
      expect(e.detailsJson).toBe(serializeDetails(e.details));
    }
  });

  it.each([
    ['a lone high surrogate', 'x\ud800y', 'x\ufffdy'],
    ['a lone low surrogate', '\udc00', '\ufffd'],
    ['a pair split at the end', 'name\ud83d', 'name\ufffd'],
    ['a whole pair (emoji)', '😀', '😀'],
    ['CJK', '保密', '保密'],
  ])('hashes what a UTF-8 column stores: %s', (_label, typed, stored) => {
    const { chained } = chainEvents(
      { seq: 0, hash: GENESIS_HASH },
      [event(1, { actorName: typed, targetId: typed })],
      hash,
    );
    const e = chained[0]!;
    expect([e.actorName, e.targetId]).toEqual([stored, stored]);
    // Verification of the row as the database returns it succeeds.
    const row = {
      ...e,
      actorName: Buffer.from(typed, 'utf8').toString('utf8'),
      targetId: Buffer.from(typed, 'utf8').toString('utf8'),
    };
    expect(hash(canonicalEvent(e.seq, e.prevHash, row, e.detailsJson))).toBe(e.hash);
  });

  it('chaining in batches gives the same chain as chaining at once', () => {
    const events = Array.from({ length: 7 }, (_, i) => event(i + 1));
    const all = chainEvents({ seq: 0, hash: GENESIS_HASH }, events, hash);
    const first = chainEvents({ seq: 0, hash: GENESIS_HASH }, events.slice(0, 3), hash);
    const second = chainEvents(first.head, events.slice(3), hash);
    expect([...first.chained, ...second.chained]).toEqual(all.chained);
    expect(second.head).toEqual(all.head);
  });

  it('an empty batch leaves the head unchanged', () => {
    const head = { seq: 5, hash: 'a'.repeat(64) };
    expect(chainEvents(head, [], hash)).toEqual({ chained: [], head });
  });

  it('the verifier accepts an intact chain, fed whole or in pages from a head', () => {
    const rows = storedChain(10, hash);
    expect(verify(rows, hash)).toEqual({ breakAt: null, count: 10 });

    const v1 = new ChainVerifier(hash);
    rows.slice(0, 4).forEach((r) => expect(v1.feed(r)).toBe(true));
    const v2 = new ChainVerifier(hash, v1.head);
    rows.slice(4).forEach((r) => expect(v2.feed(r)).toBe(true));
    expect(v2.head).toEqual({ seq: 10, hash: rows[9]!.hash });
    expect(v2.firstBreak).toBeNull();
  });

  it('an empty chain verifies with the genesis head', () => {
    const v = new ChainVerifier(hash);
    expect(v.head).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(v.count).toBe(0);
  });

  type Tamper = [string, (rows: StoredAuditRow[]) => StoredAuditRow[], ChainBreak];
  const tampers: Tamper[] = [
    ['edit action', (r) => r.map((x) => (x.seq === 4 ? { ...x, action: 'user.delete' } : x)), { kind: 'hash', seq: 4 }],
    [
      'edit result',
      (r) => r.map((x) => (x.seq === 2 ? { ...x, result: 'success' as const } : x)),
      { kind: 'hash', seq: 2 },
    ],
    ['edit actor', (r) => r.map((x) => (x.seq === 1 ? { ...x, actorId: null } : x)), { kind: 'hash', seq: 1 }],
    [
      'edit time',
      (r) => r.map((x) => (x.seq === 6 ? { ...x, at: '2030-01-01T00:00:00.000Z' } : x)),
      { kind: 'hash', seq: 6 },
    ],
    [
      'edit details text',
      (r) => r.map((x) => (x.seq === 5 ? { ...x, detailsJson: x.detailsJson.replace('保密', '公开') } : x)),
      { kind: 'hash', seq: 5 },
    ],
    [
      'reformat details (same JSON value, other bytes)',
      (r) =>
        r.map((x) => (x.seq === 3 ? { ...x, detailsJson: JSON.stringify(JSON.parse(x.detailsJson), null, 1) } : x)),
      { kind: 'hash', seq: 3 },
    ],
    [
      'edit and re-hash a row',
      (r) => r.map((x) => (x.seq === 4 ? rehash({ ...x, ip: '10.0.0.1' }) : x)),
      { kind: 'prev_hash', seq: 5 },
    ],
    ['delete a middle row', (r) => r.filter((x) => x.seq !== 5), { kind: 'gap', seq: 6, expectedSeq: 5 }],
    ['delete the first row', (r) => r.slice(1), { kind: 'gap', seq: 2, expectedSeq: 1 }],
    [
      'delete and renumber',
      (r) => r.filter((x) => x.seq !== 5).map((x) => (x.seq > 5 ? { ...x, seq: x.seq - 1 } : x)),
      { kind: 'prev_hash', seq: 5 },
    ],
    ['swap two rows (reorder)', (r) => swap(r, 3, 4), { kind: 'gap', seq: 5, expectedSeq: 4 }],
    [
      'swap rows and their seq numbers',
      (r) => swap(r, 3, 4).map((x, i) => ({ ...x, seq: i + 1 })),
      { kind: 'prev_hash', seq: 4 },
    ],
    // A forged row that correctly follows row 4 verifies; the chain breaks at the row it displaced.
    ['insert a forged row', (r) => insertForged(r, 3), { kind: 'gap', seq: 5, expectedSeq: 6 }],
    [
      'insert a forged row and renumber',
      (r) => insertForged(r, 3).map((x, i) => ({ ...x, seq: i + 1 })),
      { kind: 'prev_hash', seq: 6 },
    ],
    [
      'replace a row hash',
      (r) => r.map((x) => (x.seq === 7 ? { ...x, hash: 'f'.repeat(64) } : x)),
      { kind: 'hash', seq: 7 },
    ],
    [
      'change the first prevHash',
      (r) => r.map((x) => (x.seq === 1 ? { ...x, prevHash: '1'.repeat(64) } : x)),
      { kind: 'prev_hash', seq: 1 },
    ],
  ];

  function rehash(row: StoredAuditRow): StoredAuditRow {
    return { ...row, hash: hash(canonicalEvent(row.seq, row.prevHash, { ...row, details: null }, row.detailsJson)) };
  }
  function swap(rows: StoredAuditRow[], i: number, j: number): StoredAuditRow[] {
    const out = [...rows];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  }
  /** A self-consistent row claiming to follow row index `after` (seq after+1 already taken). */
  function insertForged(rows: StoredAuditRow[], after: number): StoredAuditRow[] {
    const prev = rows[after]!;
    const { chained } = chainEvents({ seq: prev.seq, hash: prev.hash }, [event(99, { action: 'forged' })], hash);
    const { details: _d, ...forged } = chained[0]!;
    return [...rows.slice(0, after + 1), forged, ...rows.slice(after + 1)];
  }

  it.each(tampers)('detects: %s', (_label, tamper, expected) => {
    const rows = tamper(storedChain(10, hash));
    const { breakAt, count } = verify(rows, hash);
    expect(breakAt).toEqual(expected);
    // everything before the break verified
    expect(count).toBe(expected.kind === 'gap' ? expected.expectedSeq - 1 : expected.seq - 1);
  });

  it('cannot detect truncation of the tail by itself (that is what checkpoints are for)', () => {
    expect(verify(storedChain(10, hash).slice(0, 7), hash)).toEqual({ breakAt: null, count: 7 });
  });

  const canonicalOf = (r: StoredAuditRow) => canonicalEvent(r.seq, r.prevHash, r, r.detailsJson);
  type CanonicalCase = [
    string,
    (r: StoredAuditRow) => [number, string, string, string],
    boolean | 'recheck',
    ChainBreak | null,
  ];
  const canonicalCases: CanonicalCase[] = [
    ['the canonical text of the row', (r) => [r.seq, r.prevHash, r.hash, canonicalOf(r)], true, null],
    [
      'another serialisation of the same fields (spaces)',
      (r) => [r.seq, r.prevHash, r.hash, canonicalOf(r).replace(/","/g, '", "')],
      'recheck',
      null,
    ],
    [
      'the text of an edited row',
      (r) => [r.seq, r.prevHash, r.hash, canonicalOf({ ...r, action: 'x.edited' })],
      'recheck',
      null,
    ],
    ['a gap', (r) => [r.seq + 1, r.prevHash, r.hash, canonicalOf(r)], false, { kind: 'gap', seq: 4, expectedSeq: 3 }],
    ['a broken link', (r) => [r.seq, 'e'.repeat(64), r.hash, canonicalOf(r)], false, { kind: 'prev_hash', seq: 3 }],
  ];

  it.each(canonicalCases)('feedCanonical with %s', (_label, make, result, breakAt) => {
    const rows = storedChain(5, hash);
    const v = new ChainVerifier(hash);
    v.feed(rows[0]!);
    v.feed(rows[1]!);
    expect(v.feedCanonical(...make(rows[2]!))).toBe(result);
    expect(v.firstBreak).toEqual(breakAt);
    // Only a match moves the verifier; after a recheck the row's fields decide.
    expect(v.count).toBe(result === true ? 3 : 2);
    if (result === 'recheck') {
      expect(v.feed(rows[2]!)).toBe(true);
      expect(v.feedCanonical(rows[3]!.seq, rows[3]!.prevHash, rows[3]!.hash, canonicalOf(rows[3]!))).toBe(true);
      expect(v.count).toBe(4);
    }
  });

  it('stops at the first break and refuses further rows', () => {
    const rows = storedChain(5, hash);
    const v = new ChainVerifier(hash);
    expect(v.feed(rows[0]!)).toBe(true);
    expect(v.feed(rows[2]!)).toBe(false);
    expect(v.feed(rows[1]!)).toBe(false); // even the right row is refused after a break
    expect(v.firstBreak).toEqual({ kind: 'gap', seq: 3, expectedSeq: 2 });
    expect(v.count).toBe(1);
  });
});

describe('sha256 and sm3 chains differ', () => {
  it('the same events give different hashes per algorithm', () => {
    const [a, b] = HASHES.map(([, h]) => storedChain(3, h));
    expect(a![0]!.hash).not.toBe(b![0]!.hash);
    // and a chain written with one algorithm does not verify with the other
    expect(verify(a!, HASHES[1]![1]).breakAt).toEqual({ kind: 'hash', seq: 1 });
  });

  it('sm3 is the standard GB/T 32905 SM3 (test vector "abc")', () => {
    expect(HASHES[1]![1]('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describe('canonical serialisation', () => {
  it('is unambiguous: moving text between adjacent fields changes the hash input', () => {
    const a = canonicalEvent(1, GENESIS_HASH, event(1, { actorName: 'ab', actorRole: 'c' }), 'null');
    const b = canonicalEvent(1, GENESIS_HASH, event(1, { actorName: 'a', actorRole: 'bc' }), 'null');
    expect(a).not.toBe(b);
  });

  it.each([1, 2, 3])('canonicalText over CANONICAL_ORDER is canonicalEvent (event %i)', (i) => {
    const [row] = storedChain(i, HASHES[0]![1]).slice(-1);
    const r = row! as unknown as Record<string, unknown>;
    expect(
      canonicalText(
        CANONICAL_ORDER.map((f) => r[f]),
        row!.detailsJson,
      ),
    ).toBe(canonicalEvent(row!.seq, row!.prevHash, row!, row!.detailsJson));
  });

  it('null and the string "null" differ', () => {
    const a = canonicalEvent(1, GENESIS_HASH, event(2, { targetId: null }), 'null');
    const b = canonicalEvent(1, GENESIS_HASH, event(2, { targetId: 'null' }), 'null');
    expect(a).not.toBe(b);
  });

  it.each([
    [null, 'null'],
    [{}, '{}'],
    [{ a: 1, b: '保密' }, '{"a":1,"b":"保密"}'],
  ])('serializeDetails(%j) = %s', (details, text) => {
    expect(serializeDetails(details)).toBe(text);
  });
});

describe('checkCheckpoints', () => {
  const hash = HASHES[0]![1];
  const rows = storedChain(10, hash);
  const head = { seq: 10, hash: rows[9]!.hash };
  const hashAt = (seq: number) => rows.find((r) => r.seq === seq)?.hash;
  const cp = (seq: number, h = hashAt(seq) ?? 'x'.repeat(64), signatureValid = true) => ({
    seq,
    hash: h,
    at: '2025-01-02T00:00:00.000Z',
    signatureValid,
  });

  it.each<[string, ReturnType<typeof cp>[], ReturnType<typeof checkCheckpoints>]>([
    ['no checkpoints', [], null],
    ['checkpoint at the head', [cp(10)], null],
    ['checkpoints inside the chain', [cp(3), cp(7), cp(10)], null],
    ['a checkpoint of the empty chain', [cp(0, GENESIS_HASH)], null],
    [
      'truncated: checkpoint beyond the head',
      [cp(3), cp(12, 'a'.repeat(64))],
      { kind: 'truncated', checkpointSeq: 12, chainSeq: 10 },
    ],
    ['mismatch: chain rewritten below a checkpoint', [cp(5, 'b'.repeat(64))], { kind: 'checkpoint_mismatch', seq: 5 }],
    [
      'mismatch: checkpoint at head with another hash',
      [cp(10, rows[8]!.hash)],
      { kind: 'checkpoint_mismatch', seq: 10 },
    ],
    ['bad signature', [cp(4, undefined, false)], { kind: 'bad_signature', seq: 4 }],
    [
      'bad signature is reported before anything else about that checkpoint',
      [cp(20, 'c'.repeat(64), false)],
      { kind: 'bad_signature', seq: 20 },
    ],
    [
      'first problem in checkpoint order wins',
      [cp(2), cp(6, 'd'.repeat(64)), cp(11, 'e'.repeat(64))],
      { kind: 'checkpoint_mismatch', seq: 6 },
    ],
  ])('%s', (_label, checkpoints, expected) => {
    expect(checkCheckpoints(head, checkpoints, hashAt)).toEqual(expected);
  });

  it('detects a truncated tail that the chain verifier alone accepts', () => {
    const truncated = rows.slice(0, 6);
    const v = new ChainVerifier(hash);
    truncated.forEach((r) => v.feed(r));
    expect(v.firstBreak).toBeNull();
    expect(checkCheckpoints(v.head, [cp(8)], hashAt)).toEqual({ kind: 'truncated', checkpointSeq: 8, chainSeq: 6 });
  });

  it('checkpointMessage is the signed text and covers seq, hash and time', () => {
    const c: HeadCheckpoint = { seq: 3, hash: 'ab'.repeat(32), at: '2025-01-02T00:00:00.000Z' };
    expect(checkpointMessage(c)).toBe(`baomi-audit-head:3:${'ab'.repeat(32)}:2025-01-02T00:00:00.000Z`);
    expect(checkpointMessage({ ...c, seq: 4 })).not.toBe(checkpointMessage(c));
    expect(checkpointMessage({ ...c, at: '2025-01-03T00:00:00.000Z' })).not.toBe(checkpointMessage(c));
  });
});

describe('judgeCheckpoints', () => {
  const hash = HASHES[0]![1];
  const rows = storedChain(10, hash);
  const head = { seq: 10, hash: rows[9]!.hash };
  const hashAt = (seq: number) => rows.find((r) => r.seq === seq)?.hash;
  const at = (n: number) => `2026-01-0${n}T00:00:00.000Z`;
  const rec = (seq: number, n: number, kind: 'head' | 'reanchor' = 'head'): CheckpointRecord => ({
    kind,
    seq,
    hash: hashAt(seq)!,
    at: at(n),
    ...(kind === 'reanchor' ? { reason: 'why' } : {}),
  });
  const ok = (r: CheckpointRecord, signatureValid = true): StoredCheckpoint => ({ ...r, signatureValid });

  it.each<[string, StoredCheckpoint[], CheckpointRecord[], AnchorProblem | null]>([
    ['store and database agree', [ok(rec(3, 1)), ok(rec(8, 2))], [rec(3, 1), rec(8, 2)], null],
    [
      'the store is ahead of the database (crash between the two writes)',
      [ok(rec(3, 1)), ok(rec(8, 2))],
      [rec(3, 1)],
      null,
    ],
    ['a shortened store', [ok(rec(3, 1))], [rec(3, 1), rec(8, 2)], { kind: 'checkpoint_missing', seq: 8, missing: 1 }],
    ['a deleted store', [], [rec(3, 1), rec(8, 2)], { kind: 'checkpoint_missing', seq: 3, missing: 2 }],
    ['no checkpoint anywhere for a chain with events', [], [], { kind: 'unanchored', seq: 1 }],
    [
      'every record fails its signature: the key was replaced',
      [ok(rec(3, 1), false), ok(rec(8, 2), false)],
      [],
      { kind: 'key_mismatch', seq: 3, records: 2 },
    ],
    ['one record fails: it was edited', [ok(rec(3, 1)), ok(rec(8, 2), false)], [], { kind: 'bad_signature', seq: 8 }],
    [
      // The database leaves out the records a re-anchor superseded (they are marked when it is made).
      'a re-anchor supersedes what came before it',
      [ok(rec(3, 1), false), ok(rec(9, 3, 'reanchor'))],
      [rec(9, 3, 'reanchor')],
      null,
    ],
    [
      'after a re-anchor, later records are required',
      [ok(rec(3, 1), false), ok(rec(9, 3, 'reanchor'))],
      [rec(9, 3, 'reanchor'), rec(10, 4)],
      { kind: 'checkpoint_missing', seq: 10, missing: 1 },
    ],
    [
      'a re-anchor with a bad signature supersedes nothing',
      [ok(rec(3, 1), false), ok(rec(9, 3, 'reanchor'), false)],
      [],
      { kind: 'key_mismatch', seq: 3, records: 2 },
    ],
    [
      'truncation is still found before a missing record',
      [ok(rec(3, 1)), ok({ ...rec(3, 2), seq: 12 })],
      [rec(3, 1)],
      { kind: 'truncated', checkpointSeq: 12, chainSeq: 10 },
    ],
  ])('%s', (_label, stored, recorded, expected) => {
    expect(judgeCheckpoints(head, stored, recorded, hashAt).problem).toEqual(expected);
  });

  it('reports the re-anchor, the superseded count and the newest valid checkpoint', () => {
    const j = judgeCheckpoints(head, [ok(rec(3, 1)), ok(rec(9, 3, 'reanchor')), ok(rec(10, 4))], [], hashAt);
    expect(j).toMatchObject({
      superseded: 1,
      reanchor: { seq: 9, reason: 'why' },
      lastCheckpoint: { seq: 10 },
      problem: null,
    });
    expect(reanchorMessage(rec(9, 3, 'reanchor'))).not.toBe(
      reanchorMessage({ ...rec(9, 3, 'reanchor'), reason: 'other' }),
    );
  });
});
