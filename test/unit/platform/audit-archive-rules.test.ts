import { describe, expect, it } from 'vitest';
import { activeSignedHeads, pinFor, planSegments, retentionCutoff } from '../../../src/platform/audit/archive-rules.js';
import type { StoredCheckpoint } from '../../../src/kernel/audit-chain.js';
import { parseArchiveCutoff } from '../../../src/cli/commands/audit.js';

describe('audit retention rules', () => {
  it('counts calendar months back, clamping the day to the shorter month', () => {
    expect(retentionCutoff(new Date('2026-12-07T06:00:00Z'), 6).toISOString()).toBe('2026-06-07T06:00:00.000Z');
    expect(retentionCutoff(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(retentionCutoff(new Date('2028-08-31T10:00:00Z'), 6).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(retentionCutoff(new Date('2027-03-15T00:00:00Z'), 24).toISOString()).toBe('2025-03-15T00:00:00.000Z');
  });

  it('refuses a retention below six months (网络安全法 Art. 21)', () => {
    expect(() => retentionCutoff(new Date('2026-12-07T00:00:00Z'), 5)).toThrow(/at least 6 months/);
    expect(() => retentionCutoff(new Date('2026-12-07T00:00:00Z'), 6.5)).toThrow();
  });

  it('splits a range into segments of at most the maximum, none when nothing is past the archived head', () => {
    expect(planSegments(0, 5, 2)).toEqual([
      { fromSeq: 1, toSeq: 2 },
      { fromSeq: 3, toSeq: 4 },
      { fromSeq: 5, toSeq: 5 },
    ]);
    expect(planSegments(10, 10, 5)).toEqual([]);
    expect(planSegments(10, 7, 5)).toEqual([]);
  });

  it('checks an archiving against the valid signed heads from the last re-anchor on, pinned at or after its end', () => {
    const cp = (seq: number, more: Partial<StoredCheckpoint> = {}): StoredCheckpoint => ({
      kind: 'head',
      seq,
      hash: `h${seq}`,
      at: '2026-12-07T00:00:00.000Z',
      signatureValid: true,
      ...more,
    });
    const stored = [
      cp(5),
      cp(9, { kind: 'reanchor' }),
      cp(12, { signatureValid: false }),
      cp(20),
      cp(15),
      cp(0, { malformed: true, signatureValid: false }),
    ];
    const heads = activeSignedHeads(stored);
    expect(heads).toEqual([
      { seq: 9, hash: 'h9' },
      { seq: 15, hash: 'h15' },
      { seq: 20, hash: 'h20' },
    ]);
    expect(pinFor(heads, 9)).toEqual({ seq: 9, hash: 'h9' });
    expect(pinFor(heads, 10)).toEqual({ seq: 15, hash: 'h15' });
    // Nothing signed at or after the range's end: not archivable until the head is signed.
    expect(pinFor(heads, 21)).toBeNull();
    expect(pinFor(activeSignedHeads([cp(5, { signatureValid: false })]), 1)).toBeNull();
    // Without a re-anchor every valid record counts.
    expect(activeSignedHeads([cp(3), cp(1)])).toEqual([
      { seq: 1, hash: 'h1' },
      { seq: 3, hash: 'h3' },
    ]);
  });

  it('reads --before as an event number or a date, and refuses anything else', () => {
    expect(parseArchiveCutoff('120')).toEqual({ throughSeq: 120 });
    expect(parseArchiveCutoff('2026-06-30')).toEqual({ before: new Date('2026-06-30T00:00:00.000Z') });
    expect(() => parseArchiveCutoff('last june')).toThrow(/--before takes a date/);
  });
});
