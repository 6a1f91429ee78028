/**
 * Table shapes of the identity module (migrations 001, 006, 007, 009, 016). Conventions as in platform/db/schema.ts.
 * `users` and `departments` are the organisation's directory: every module and the platform may read them
 * (names in joins, the access profile, notification addresses); only identity writes them.
 */
export interface DepartmentTable {
  id: string;
  parent_id: string | null;
  name: string;
  code: string | null;
  sort_order: number;
  /** The leader in charge (主管领导, migration 009): a person; the nearest ancestor's answers when null. */
  leader_in_charge_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/**
 * A functional role of the organisation (财务主管, 行政办公室, 信息化负责人, 档案管理员, and the ones the
 * security administrator adds): approval chains name it, and its members are who holds it. Migration 009.
 */
export interface FunctionalRoleTable {
  /** /^[a-z][a-z0-9_]{1,39}$/, never changed once made. */
  code: string;
  name_zh: string;
  name_en: string;
  /** 1 for the four the migration seeded: they may be renamed, never deleted. */
  built_in: number;
  created_at: string;
  updated_at: string;
  /** Bumped by every change of the role, its members included (optimistic locking). */
  version: number;
}

export interface FunctionalRoleMemberTable {
  role_code: string;
  user_id: string;
  assigned_at: string;
  /** Who assigned (a person), null for the system (the demo, the CLI). */
  assigned_by: string | null;
}

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
  /** An authenticator app being enrolled (sealed): the enrolled one stays valid until this one's first code (016). */
  mfa_pending_secret: string | null;
  /** When the authenticator app in `mfa_secret` was confirmed (016; null for ones enrolled before it). */
  mfa_enrolled_at: string | null;
  locale: string | null;
  separation_until: string | null;
  /** The start date (入职日期, organisation calendar; migration 015): onboarding training is due by it. */
  hired_on: string | null;
  /** 1: uses classified computers (涉密计算机使用人员, migration 015): their IT-security training (TRN-10). */
  computer_user: number;
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

/** A FIDO2/WebAuthn security key of a person (migration 016). */
export interface WebauthnCredentialTable {
  id: string;
  user_id: string;
  /** The authenticator's credential id, base64url. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter as last seen: a clone shows a counter that does not move forward. */
  sign_count: number;
  transports: string; // JSON array of AuthenticatorTransport
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** A challenge handed to a browser for a security key: single use, short-lived, bound to its session (016). */
export interface WebauthnChallengeTable {
  id: string;
  session_id: string;
  user_id: string;
  purpose: string; // register | sign_in | confirm
  challenge: string;
  rp_id: string;
  origin: string;
  created_at: string;
  expires_at: string;
}

/** A hardware OTP token imported from its vendor's seed file (016); the seed sealed with the master key. */
export interface OtpTokenTable {
  id: string;
  serial: string;
  kind: string; // totp | hotp
  digits: number;
  period: number | null;
  seed: string;
  /** HOTP: the next counter expected. */
  counter: number;
  /** TOTP: the last time step used. */
  last_step: number;
  user_id: string | null;
  assigned_at: string | null;
  imported_at: string;
  imported_by: string | null;
  last_used_at: string | null;
  version: number;
}

export interface IdentityTables {
  departments: DepartmentTable;
  users: UserTable;
  password_history: PasswordHistoryTable;
  sessions: SessionTable;
  sign_in_counters: SignInCounterTable;
  functional_roles: FunctionalRoleTable;
  functional_role_members: FunctionalRoleMemberTable;
  webauthn_credentials: WebauthnCredentialTable;
  webauthn_challenges: WebauthnChallengeTable;
  otp_tokens: OtpTokenTable;
}

// Identity's tables join the one Database interface (declaration merging: the platform imports nothing here).
declare module '../../platform/db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends IdentityTables {}
}
