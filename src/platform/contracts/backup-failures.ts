import type { CodeTexts } from './notifications.js';

/**
 * Why a backup or a restore drill failed (ADR 0035): the code the run history keeps beside the failure's English
 * message (`job_runs.error_code`), which the workbench and the backup notices show in the reader's language, the
 * message as the technical detail. Zod-free: the web's texts import it. `unknown` is any failure not recognised.
 */
export const BACKUP_FAILURES = [
  // Either: the folder, its disk, the database, files the database references.
  'disk_full',
  'target_not_writable',
  'database_unreachable',
  'blob_missing',
  // The backup: the copy of the database failed its check or holds what a backup cannot carry.
  'database_copy_failed',
  // The drill: what restoring and checking the latest backup found.
  'no_backup',
  'backup_incomplete',
  'checksum_mismatch',
  'manifest_invalid',
  'signing_key_missing',
  'version_mismatch',
  'dump_invalid',
  'blob_unreadable',
  'audit_chain_broken',
  'sealed_keys_unusable',
  'unknown',
] as const;
export type BackupFailure = (typeof BACKUP_FAILURES)[number];

export function isBackupFailure(code: unknown): code is BackupFailure {
  return typeof code === 'string' && (BACKUP_FAILURES as readonly string[]).includes(code);
}

/** Each code's text: a reason, shown after "the backup failed:" / "the drill failed:", saying what to do next. */
export const BACKUP_CODE_TEXTS = {
  backupFailure: {
    'zh-CN': {
      disk_full: '备份目录所在磁盘空间不足，请清理空间或减少保留的备份份数',
      target_not_writable: '备份目录不可写，请检查目录是否存在以及运行服务的账户对其有写权限',
      database_unreachable: '无法连接数据库，请检查数据库服务与网络',
      blob_missing: '数据库引用的附件文件缺失，请再运行一次；若仍缺失同样的文件，请从较早的备份中找回',
      database_copy_failed: '数据库副本未通过校验或含有备份无法保存的数据，请检查数据库',
      no_backup: '备份目录中没有已完成的备份，请先开启定时备份或运行 baomi backup',
      backup_incomplete: '备份不完整，缺少文件，请重新备份',
      checksum_mismatch: '备份文件与清单中的校验值不符（已损坏或被改动），请重新备份',
      manifest_invalid: '备份清单已损坏、被改动或签名不符，请重新备份',
      signing_key_missing: '缺少校验该备份签名所需的审计签名密钥版本，请检查密钥目录',
      version_mismatch: '备份由其他版本的保密管理系统制作，请用制作它的版本恢复或重新备份',
      dump_invalid: '备份中的数据库导出无法完整载入，请重新备份',
      blob_unreadable: '附件文件无法用当前主密钥解密（密钥不符或文件损坏），请检查主密钥并重新备份',
      audit_chain_broken: '恢复出的审计链校验未通过，请勿使用该备份，并用“审计链校验”排查',
      sealed_keys_unusable: '备份中封存的密钥无法打开或不完整，请重新进行含密钥的备份',
      unknown: '未能识别的错误，请查看技术详情',
    },
    'en-US': {
      disk_full: 'the disk of the backup folder is full: free space or keep fewer backups',
      target_not_writable:
        'the backup folder is not writable: check it exists and the account running the server may write to it',
      database_unreachable: 'the database could not be reached: check the database server and the network',
      blob_missing:
        'stored files the database references are missing: run it again, and if the same files are named again, ' +
        'recover them from an earlier backup',
      database_copy_failed: 'the copy of the database failed its check or holds what a backup cannot carry',
      no_backup: 'the backup folder holds no finished backup: turn the scheduled backup on or run baomi backup',
      backup_incomplete: 'the backup is incomplete (files are missing): make a new backup',
      checksum_mismatch: 'a backup file does not match its checksum (damaged or altered): make a new backup',
      manifest_invalid: "the backup's manifest is damaged, altered or its signature does not verify: make a new backup",
      signing_key_missing: "the audit-signing key version that signed the backup is missing: check the keys' folder",
      version_mismatch:
        'the backup was made by another version of Baomi: restore it with that version, or make a new backup',
      dump_invalid: "the backup's database dump does not load whole: make a new backup",
      blob_unreadable:
        'stored files do not decrypt with the master key (another key, or damaged files): check the key and make ' +
        'a new backup',
      audit_chain_broken: 'the restored audit chain does not verify: do not use this backup; check the audit chain',
      sealed_keys_unusable: 'the sealed keys in the backup do not open or are incomplete: make a new backup with keys',
      unknown: 'an error Baomi does not recognise: see the technical detail',
    },
  },
} satisfies CodeTexts & { backupFailure: Record<string, Record<BackupFailure, string>> };
