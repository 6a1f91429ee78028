/**
 * Why a backup or a drill failed, as a code (ADR 0035): each known kind of failure maps to its code — from the
 * error a backup step throws, from the file system's, the network's, PostgreSQL's or SQLite's error codes — and
 * anything else to `unknown`; every code has a zh-CN and an en-US text, which the notices show with the English
 * detail.
 */
import { describe, expect, it } from 'vitest';
import { BackupError, backupFailureOf } from '../../../src/platform/backup/failures.js';
import { BACKUP_NOTICES } from '../../../src/platform/backup/schedule-notices.js';
import { BACKUP_CODE_TEXTS, BACKUP_FAILURES } from '../../../src/platform/contracts/backup-failures.js';
import { NOTICE_LANGS, renderNotice, type NoticeDefinition } from '../../../src/platform/contracts/notifications.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('backupFailureOf', () => {
  it.each([
    ['a backup step that knows its kind', new BackupError('checksum_mismatch', 'differs'), 'checksum_mismatch'],
    [
      'a BackupError wrapped as the cause',
      new Error('outer', { cause: new BackupError('blob_missing', 'x') }),
      'blob_missing',
    ],
    ['an error carrying a known failure', Object.assign(new Error('x'), { failure: 'no_backup' }), 'no_backup'],
    ['an error carrying a code that is none', Object.assign(new Error('x'), { failure: 'made_up' }), 'unknown'],
    ['ENOSPC: the disk is full', coded('ENOSPC'), 'disk_full'],
    ['EDQUOT: the quota is used up', coded('EDQUOT'), 'disk_full'],
    ['SQLITE_FULL: the copy filled the disk', coded('SQLITE_FULL'), 'disk_full'],
    ['EACCES: no permission', coded('EACCES'), 'target_not_writable'],
    ['EPERM', coded('EPERM'), 'target_not_writable'],
    ['EROFS: a read-only file system', coded('EROFS'), 'target_not_writable'],
    ['ENOTDIR: a file where the folder should be', coded('ENOTDIR'), 'target_not_writable'],
    ['SQLITE_CANTOPEN: the copy cannot be created', coded('SQLITE_CANTOPEN'), 'target_not_writable'],
    ['SQLITE_READONLY', coded('SQLITE_READONLY'), 'target_not_writable'],
    ['ECONNREFUSED: PostgreSQL is down', coded('ECONNREFUSED'), 'database_unreachable'],
    ['ENOTFOUND: its host is unknown', coded('ENOTFOUND'), 'database_unreachable'],
    ['ETIMEDOUT', coded('ETIMEDOUT'), 'database_unreachable'],
    ['08006: connection failure', coded('08006'), 'database_unreachable'],
    ['57P01: the server shut down', coded('57P01'), 'database_unreachable'],
    ['53300: too many connections', coded('53300'), 'database_unreachable'],
    ['node-postgres: the connection ended', new Error('Connection terminated unexpectedly'), 'database_unreachable'],
    [
      'node-postgres: the pool could not connect',
      new Error('timeout exceeded when trying to connect'),
      'database_unreachable',
    ],
    ['a plain error', new Error('something else'), 'unknown'],
    ['another error code', coded('EBUSY'), 'unknown'],
    ['a PostgreSQL error of another class', coded('42P01', 'relation does not exist'), 'unknown'],
    ['a string thrown', 'boom', 'unknown'],
    ['nothing', undefined, 'unknown'],
    ['null', null, 'unknown'],
  ])('%s', (_name, err, expected) => {
    expect(backupFailureOf(err)).toBe(expected);
  });

  it('a cause chain is followed a bounded depth (a cycle ends)', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(backupFailureOf(a)).toBe('unknown');
  });
});

describe('the failure codes’ texts', () => {
  it.each(NOTICE_LANGS)('every code has a non-empty %s text, and no text names a code that is none', (lang) => {
    const texts = BACKUP_CODE_TEXTS.backupFailure[lang];
    expect(Object.keys(texts).sort()).toEqual([...BACKUP_FAILURES].sort());
    for (const code of BACKUP_FAILURES) expect(texts[code].trim()).not.toBe('');
  });

  it.each([
    ['backupFailed', { reason: 'disk_full', error: 'ENOSPC: no space left on device', folder: '/b' }],
    ['backupDrillFailed', { backup: 'baomi-1', reason: 'checksum_mismatch', error: 'The backup is damaged' }],
  ] as const)('%s shows the reason in each language and the English detail', (name, params) => {
    const def = BACKUP_NOTICES[name] as unknown as NoticeDefinition;
    for (const lang of NOTICE_LANGS) {
      const { body } = renderNotice(def, params, lang, BACKUP_CODE_TEXTS, (iso) => iso);
      expect(body).toContain(BACKUP_CODE_TEXTS.backupFailure[lang][params.reason]);
      expect(body).toContain(params.error);
    }
  });

  it('a notice stored before the codes (no reason) still reads, without a reason', () => {
    const def = BACKUP_NOTICES.backupFailed as unknown as NoticeDefinition;
    const { body } = renderNotice(def, { error: 'EACCES', folder: '/b' }, 'zh-CN', BACKUP_CODE_TEXTS, (iso) => iso);
    expect(body).toBe('定时备份未能写入 /b。详情见“任务运行”页。技术详情：EACCES');
  });
});
