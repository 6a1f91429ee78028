import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC text set in code (never by the database
 * clock) so both dialects store and compare them identically. Booleans are 0/1 integers for the same reason.
 * Ids are UUIDs generated in code: no identity/autoincrement differences between dialects.
 */
export interface DepartmentTable {
  id: string;
  parent_id: string | null;
  name: string;
  code: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
  version: number;
}

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

/** Failed sign-in/MFA attempts per throttling window and bucket (`address:<ip>` or `total`). */
export interface SignInCounterTable {
  bucket: string;
  window_start: string;
  failures: number;
  /** Attempts refused in this window: the first refusal is audited, the flood after it is not. */
  refused: number;
}

export interface UserTable {
  id: string;
  username: string;
  /** usernameKey(username): unique (migration 006); sign-in looks people up by it. */
  username_key: string;
  display_name: string;
  email: string | null;
  department_id: string | null;
  post: string | null;
  clearance_class: string | null;
  business_roles: string; // JSON array of BusinessRole
  admin_role: string | null; // sysadmin | secadmin | auditor
  status: string; // active | disabled | departed
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  mfa_secret: string | null; // sealed with the master key
  mfa_enabled: number;
  mfa_last_step: number;
  locale: string | null;
  separation_until: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  created_at: string;
}

export interface SessionTable {
  id: string; // public id (shown in "my sessions")
  token_hash: string; // sha256 of the cookie token
  user_id: string;
  stage: string; // full | password_change | mfa | mfa_enrol
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
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

/**
 * Every table as Kysely sees it. The platform's (and, until it moves, identity's) are listed here; a module adds
 * its own from its `schema.ts` by declaration merging, so the platform never imports a module's tables.
 */
export interface Database {
  departments: DepartmentTable;
  users: UserTable;
  password_history: PasswordHistoryTable;
  sessions: SessionTable;
  settings: SettingTable;
  sign_in_counters: SignInCounterTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  job_leases: JobLeaseTable;
}

// Generated is re-exported for later modules that use database-side defaults sparingly.
export type { Generated };
