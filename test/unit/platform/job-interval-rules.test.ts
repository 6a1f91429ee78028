/** Job intervals as settings (issue 19): whole seconds within a job's bounds; unset or out of bounds = built-in. */
import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  effectiveIntervalMs,
  intervalProblem,
  intervalsToStore,
  MAX_INTERVAL_MS,
} from '../../../src/platform/jobs/interval-rules.js';

const daily = { name: 'x.daily', intervalMs: 86_400_000 };
const narrow = { name: 'x.narrow', intervalMs: 30_000, minIntervalMs: 10_000, maxIntervalMs: 3_600_000 };

describe('job interval rules', () => {
  it('bounds default to 1 second .. 31 days; a job may narrow them', () => {
    expect(boundsOf(daily)).toEqual({ defaultSeconds: 86_400, minSeconds: 1, maxSeconds: MAX_INTERVAL_MS / 1000 });
    expect(boundsOf(narrow)).toEqual({ defaultSeconds: 30, minSeconds: 10, maxSeconds: 3600 });
  });

  it('refuses unknown jobs, fractions and values out of bounds', () => {
    expect(intervalProblem(undefined, 60)).toBe('job_unknown');
    expect(intervalProblem(daily, 1.5)).toBe('interval_not_whole_seconds');
    expect(intervalProblem(narrow, 9)).toBe('interval_below_minimum');
    expect(intervalProblem(narrow, 3601)).toBe('interval_above_maximum');
    expect(intervalProblem(daily, 0)).toBe('interval_below_minimum');
    expect(intervalProblem(narrow, 10)).toBeNull();
    expect(intervalProblem(narrow, 3600)).toBeNull();
  });

  it('runs at the configured interval, or the built-in one when unset or out of the bounds', () => {
    expect(effectiveIntervalMs(daily, {})).toBe(86_400_000);
    expect(effectiveIntervalMs(daily, { 'x.daily': 2 })).toBe(2000);
    expect(effectiveIntervalMs(narrow, { 'x.narrow': 5 })).toBe(30_000);
    expect(effectiveIntervalMs(narrow, { 'x.daily': 5 })).toBe(30_000);
  });

  it('stores only intervals that differ from the built-in ones, of known jobs', () => {
    expect(intervalsToStore([daily, narrow], { 'x.daily': 86_400, 'x.narrow': 60, 'x.gone': 5 })).toEqual({
      'x.narrow': 60,
    });
  });
});
