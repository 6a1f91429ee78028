import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC text set in code (never by the database
 * clock) so both dialects store and compare them identically. Booleans are 0/1 integers for the same reason.
 * Ids are UUIDs generated in code: no identity/autoincrement differences between dialects.
 */
/** The checkpoints this database handed to the checkpoint store (migration 008). */
export interface AuditCheckpointTable {
  id: string;
  kind: string; // head | reanchor
  seq: number;
  hash: string;
  at: string;
  reason: string | null;
  signature: string;
  /** The re-anchor that accepted the chain after this record (it is then no longer required in the store). */
  superseded_by: string | null;
}

/** An archive segment of the audit trail (migration 021, audit/archive.ts): its file and its boundaries. */
export interface AuditArchiveSegmentTable {
  id: string;
  file: string;
  first_seq: number;
  last_seq: number;
  first_at: string;
  last_at: string;
  prev_hash: string;
  last_hash: string;
  events: number;
  sha256: string;
  /** The segment's header line as written (what the signature covers). */
  header: string;
  signature: string;
  kid: string;
  created_at: string;
}

/** Failed sign-in/MFA attempts per throttling window and bucket (`address:<ip>` or `total`). */
/** Named sequences (`request`, `secret_item`...): the next number of a register, never reused. */
export interface CounterTable {
  name: string;
  value: number;
}

export interface SettingTable {
  key: string;
  value: string; // JSON
  updated_at: string;
  version: number;
}

export interface AuditEventTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: string;
  ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number; // always 1: the single row writers lock
  seq: number;
  hash: string;
  alg: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string; // i18n key or plain text
  body: string; // JSON params or plain text
  link: string | null;
  created_at: string;
  read_at: string | null;
  dedupe_key: string | null;
  /** The task a to-do notice asks for (`approval:<request id>`), or null for a notice that only informs (017). */
  task_key: string | null;
  /** When the task was decided or went, by anyone: the notice is done (no longer unread, no longer a to-do). */
  done_at: string | null;
}

export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  status: string; // pending | sent | failed
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobLeaseTable {
  name: string;
  holder: string | null;
  lease_until: string;
  last_run_at: string | null;
  last_result: string | null;
}

/** One row per key version the deployment uses: a check value, never the key (migration 019, crypto/key-check.ts). */
export interface KeyCheckTable {
  id: string; // <purpose>:<kid>
  purpose: string; // master | signing
  kid: string;
  check_value: string;
  created_at: string;
}

/**
 * Every table as Kysely sees it. The platform's are listed here; a module adds its own from its `schema.ts` by
 * declaration merging (identity's directory, classification's catalogue...), so the platform never imports a
 * module's tables. Who may query which table: docs/ARCHITECTURE.md, "Where SQL lives" (the architecture test
 * checks it).
 */
export interface Database {
  settings: SettingTable;
  counters: CounterTable;
  audit_archive_segments: AuditArchiveSegmentTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  job_leases: JobLeaseTable;
  key_checks: KeyCheckTable;
}

// Generated is re-exported for later modules that use database-side defaults sparingly.
export type { Generated };
