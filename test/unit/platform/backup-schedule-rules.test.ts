/**
 * The rules of scheduled backups (ADR 0031): the retention keeps the newest N and/or those younger than D days but
 * never the newest backup; a backup is overdue after the interval plus a bounded grace; one notice per condition.
 */
import { describe, expect, it } from 'vitest';
import {
  backupOverdue,
  backupsPassingDrill,
  backupsToPrune,
  conditionKey,
  createdAtOfName,
  graceMs,
} from '../../../src/platform/backup/schedule-rules.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();
// Five daily backups, listed out of order: b0 the newest.
const backups = [3, 0, 4, 1, 2].map((n) => ({ name: `b${n}`, createdAt: daysAgo(n) }));

describe('backup retention', () => {
  it('[IT-06] keeps the newest keepCount backups and deletes the rest, oldest included', () => {
    expect(backupsToPrune(backups, { keepCount: 3, keepDays: null }, NOW).sort()).toEqual(['b3', 'b4']);
    expect(backupsToPrune(backups, { keepCount: 5, keepDays: null }, NOW)).toEqual([]);
  });

  it('deletes backups older than keepDays; with both limits the stricter one wins', () => {
    expect(backupsToPrune(backups, { keepCount: null, keepDays: 2 }, NOW).sort()).toEqual(['b3', 'b4']);
    expect(backupsToPrune(backups, { keepCount: 2, keepDays: 3 }, NOW).sort()).toEqual(['b2', 'b3', 'b4']);
    expect(backupsToPrune(backups, { keepCount: 4, keepDays: 1 }, NOW).sort()).toEqual(['b2', 'b3', 'b4']);
  });

  it('never deletes the newest backup, even when every backup is past the age limit', () => {
    const old = backups.map((b, i) => ({ ...b, createdAt: daysAgo(100 + i) }));
    const pruned = backupsToPrune(old, { keepCount: null, keepDays: 30 }, NOW);
    expect(pruned).toHaveLength(4);
    expect(pruned).not.toContain('b3'); // listed first: 100 days, the newest of them
    expect(backupsToPrune(backups, { keepCount: null, keepDays: null }, NOW)).toEqual([]);
    expect(backupsToPrune([], { keepCount: 1, keepDays: 1 }, NOW)).toEqual([]);
  });

  it('never deletes the newest backup whose latest drill passed, whatever the settings', () => {
    // b0 and b1 are newer but undrilled or failed: b2, the newest that passed, stays with b0 (the newest).
    const passed = new Set(['b2', 'b4']);
    expect(backupsToPrune(backups, { keepCount: 1, keepDays: null }, NOW, passed).sort()).toEqual(['b1', 'b3', 'b4']);
    expect(backupsToPrune(backups, { keepCount: null, keepDays: 0 }, NOW, passed).sort()).toEqual(['b1', 'b3', 'b4']);
    // When the newest passed, nothing more is kept than before.
    expect(backupsToPrune(backups, { keepCount: 1, keepDays: null }, NOW, new Set(['b0', 'b2'])).sort()).toEqual([
      'b1',
      'b2',
      'b3',
      'b4',
    ]);
    // A drilled name no longer on disk keeps nothing.
    expect(backupsToPrune(backups, { keepCount: 2, keepDays: null }, NOW, new Set(['gone'])).sort()).toEqual([
      'b2',
      'b3',
      'b4',
    ]);
  });

  it('reads which backups passed their latest drill from the drill runs, newest first', () => {
    const ok = (name: string) => ({
      outcome: 'ok',
      summary: `${name}: 310 audit events, 3 blobs verified`,
      error: null,
    });
    const failed = (name: string) => ({ outcome: 'failed', summary: null, error: `${name}: a file was changed` });
    const runs = [
      failed('baomi-20261207T040000Z'),
      ok('baomi-20261206T040000Z-2'),
      failed('baomi-20261205T040000Z'), // failed last: its earlier pass no longer counts
      ok('baomi-20261205T040000Z'),
      ok('baomi-20261204T040000Z'),
      { outcome: 'failed', summary: null, error: 'no backup to drill in /data/backups' },
      { outcome: 'ok', summary: null, error: null },
    ];
    expect([...backupsPassingDrill(runs)].sort()).toEqual(['baomi-20261204T040000Z', 'baomi-20261206T040000Z-2']);
    expect(backupsPassingDrill([])).toEqual(new Set());
  });

  it('tells apart two backups of one second by their names', () => {
    const twins = [
      { name: 'baomi-20261207T120000Z', createdAt: NOW.toISOString() },
      { name: 'baomi-20261207T120000Z-2', createdAt: NOW.toISOString() },
    ];
    expect(backupsToPrune(twins, { keepCount: 1, keepDays: null }, NOW)).toEqual(['baomi-20261207T120000Z']);
  });

  it('reads a backup folder’s instant from its name, and nothing else', () => {
    expect(createdAtOfName('baomi-20261207T042041Z')).toBe('2026-12-07T04:20:41.000Z');
    expect(createdAtOfName('baomi-20261207T042041Z-3')).toBe('2026-12-07T04:20:41.000Z');
    for (const name of [
      '.baomi-20261207T042041Z.partial',
      '.drill-ab12',
      'baomi-2026',
      'notes',
      'baomi-20261399T000000Z',
    ])
      expect(createdAtOfName(name)).toBeNull();
  });
});

describe('overdue backups', () => {
  const on = { enabled: true, enabledAt: daysAgo(10) };

  it('the grace is a quarter of the interval, between ten minutes and six hours', () => {
    expect(graceMs(2000)).toBe(10 * 60_000);
    expect(graceMs(4 * 3_600_000)).toBe(3_600_000);
    expect(graceMs(DAY)).toBe(6 * 3_600_000);
  });

  it('[IT-06] is overdue once the interval plus the grace passed since the last good backup', () => {
    const justIn = new Date(NOW.getTime() - DAY - graceMs(DAY)).toISOString();
    const late = new Date(NOW.getTime() - DAY - graceMs(DAY) - 1).toISOString();
    expect(backupOverdue(on, justIn, DAY, NOW)).toBe(false);
    expect(backupOverdue(on, late, DAY, NOW)).toBe(true);
  });

  it('counts from when the schedule was turned on while there is no good backup; never while it is off', () => {
    expect(backupOverdue(on, null, DAY, NOW)).toBe(true);
    expect(backupOverdue({ enabled: true, enabledAt: daysAgo(0.5) }, null, DAY, NOW)).toBe(false);
    expect(backupOverdue({ enabled: false, enabledAt: null }, daysAgo(100), DAY, NOW)).toBe(false);
  });

  it('one notice per condition: the same key until a new good backup, or the schedule turned on again', () => {
    expect(conditionKey('failed', 'run-1', daysAgo(3))).toBe(conditionKey('failed', 'run-1', daysAgo(1)));
    expect(conditionKey('failed', 'run-1', null)).not.toBe(conditionKey('failed', 'run-2', null));
    expect(conditionKey('overdue', null, daysAgo(3))).not.toBe(conditionKey('overdue', null, daysAgo(1)));
    expect(conditionKey('overdue', 'run-1', null)).not.toBe(conditionKey('failed', 'run-1', null));
  });
});
