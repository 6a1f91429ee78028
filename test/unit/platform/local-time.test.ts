/** Instants as the organisation's clock shows them, with the zone's offset (exports, ADR 0012's time zone). */
import { describe, expect, it } from 'vitest';
import { localIsoOf } from '../../../src/kernel/local-time.js';

describe('localIsoOf', () => {
  it.each([
    ['2026-12-06T12:15:03.456Z', 'Asia/Shanghai', '2026-12-06T20:15:03+08:00'],
    ['2026-12-06T16:00:00Z', 'Asia/Shanghai', '2026-12-07T00:00:00+08:00'],
    ['2026-07-06T12:15:03Z', 'America/New_York', '2026-07-06T08:15:03-04:00'],
    ['2026-01-06T12:15:03Z', 'America/New_York', '2026-01-06T07:15:03-05:00'],
    ['2026-03-01T00:00:00Z', 'Asia/Kolkata', '2026-03-01T05:30:00+05:30'],
    ['2026-12-06T23:59:59.999Z', 'UTC', '2026-12-06T23:59:59+00:00'],
  ])('%s in %s is %s', (instant, zone, want) => {
    expect(localIsoOf(instant, zone)).toBe(want);
    // The same instant (to the second) for a machine reading it back.
    expect(Math.floor(Date.parse(want) / 1000)).toBe(Math.floor(Date.parse(instant) / 1000));
  });
});
