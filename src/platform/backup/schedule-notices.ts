import { z } from 'zod';
import { defineNotices, type NoticeParams } from '../contracts/notifications.js';
import { BACKUP_FAILURES } from '../contracts/backup-failures.js';

/**
 * The notices scheduled backups send to system administrators (ADR 0031): a backup or a drill failed, or no good
 * backup was made within the interval plus its grace. Each is sent once per condition (schedule.ts).
 */
export const BACKUP_NOTICES = defineNotices({
  backupFailed: {
    // `reason` is the failure's code, shown in the reader's language; `error` the English detail (notices stored
    // before the codes have none: their reason part is left out).
    params: z.object({ reason: z.enum(BACKUP_FAILURES).optional(), error: z.string(), folder: z.string() }),
    codes: { reason: 'backupFailure' },
    text: {
      'zh-CN': {
        title: '定时备份失败',
        body: '定时备份未能写入 {{folder}}[[：{{reason}}]]。详情见“任务运行”页。技术详情：{{error}}',
      },
      'en-US': {
        title: 'Scheduled backup failed',
        body:
          'The scheduled backup could not be written to {{folder}}[[: {{reason}}]]. The job runs page has the ' +
          'details. Technical detail: {{error}}',
      },
    },
  },
  backupOverdue: {
    params: z.object({ lastGoodAt: z.string().nullable(), intervalHours: z.number() }),
    text: {
      'zh-CN': {
        title: '备份已逾期',
        body:
          '在设定的备份间隔（{{intervalHours}} 小时）加宽限期内没有新的成功备份[[（最近一次成功备份：{{lastGoodAt}}）]]。' +
          '请检查定时备份任务与运行它的服务器。',
      },
      'en-US': {
        title: 'Backups are overdue',
        body:
          'No good backup was made within the backup interval ({{intervalHours}} hours) and its grace' +
          '[[ (last good backup: {{lastGoodAt}})]]. Check the scheduled backup job and the servers running it.',
      },
    },
  },
  backupDrillFailed: {
    params: z.object({ backup: z.string(), reason: z.enum(BACKUP_FAILURES).optional(), error: z.string() }),
    codes: { reason: 'backupFailure' },
    text: {
      'zh-CN': {
        title: '恢复演练失败',
        body:
          '备份 {{backup}} 的恢复演练未通过[[：{{reason}}]]。该备份可能无法用于恢复，请尽快检查并重新备份。' +
          '技术详情：{{error}}',
      },
      'en-US': {
        title: 'Restore drill failed',
        body:
          'The restore drill of backup {{backup}} failed[[: {{reason}}]]. The backup may not restore: check it and ' +
          'make a new backup soon. Technical detail: {{error}}',
      },
    },
  },
});

declare module '../contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof BACKUP_NOTICES> {}
}
