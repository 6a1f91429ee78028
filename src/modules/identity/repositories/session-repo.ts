import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { pgPoolOf, sqliteOf, type Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { UserRow } from './user-repo.js';
import { SharedLookups } from '../../../platform/db/shared-lookups.js';

type Q = Db | Trx;

export interface SessionRow {
  id: string;
  stage: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
  /** The user's department's name, read in the same statement (what `/api/auth/me` shows). */
  departmentName: string | null;
}

/**
 * The session behind a cookie, its user and the user's department name, read on every authenticated request
 * in one statement. Hand-written SQL run as a prepared statement (SQLite: through Kysely's driver, so it waits
 * for an open transaction like any query; PostgreSQL: a named statement on the pool), since building and
 * compiling this join with Kysely cost more than the database took to answer it. Always read from the
 * database, never cached: a revoked session, a disabled account or changed roles count on the next request.
 */
const SESSION_COLUMNS = `s.token_hash as session_token_hash,
  u.id, u.username, u.username_key, u.display_name, u.email, u.department_id, u.post, u.clearance_class, u.business_roles,
  u.admin_role, u.status, u.password_hash, u.password_changed_at, u.must_change_password, u.failed_logins,
  u.locked_until, u.mfa_secret, u.mfa_enabled, u.mfa_last_step, u.mfa_pending_secret, u.mfa_enrolled_at, u.locale, u.separation_until, u.hired_on,
  u.computer_user, u.created_at, u.updated_at, u.version,
  s.id as session_id, s.stage as session_stage, s.csrf_token as session_csrf, s.created_at as session_created_at,
  s.last_seen_at as session_last_seen_at, s.expires_at as session_expires_at, s.revoked_at as session_revoked_at,
  d.name as department_name
from sessions s inner join users u on u.id = s.user_id left join departments d on d.id = u.department_id`;
const SQLITE_SESSION_BY_TOKEN = `select ${SESSION_COLUMNS} where s.token_hash = ?`;
/** PostgreSQL reads the sessions of every request waiting at once in one round trip (see `pgLookup`). */
const PG_SESSIONS_BY_TOKENS = {
  name: 'baomi_sessions_by_tokens',
  text: `select ${SESSION_COLUMNS} where s.token_hash = any($1::text[])`,
};

type Flat = UserRow & {
  session_token_hash: string;
  department_name: string | null;
  session_id: string;
  session_stage: string;
  session_csrf: string;
  session_created_at: string;
  session_last_seen_at: string;
  session_expires_at: string;
  session_revoked_at: string | null;
};

function split(r: Flat): SessionWithUser {
  return {
    session: {
      id: r.session_id,
      stage: r.session_stage,
      csrfToken: r.session_csrf,
      createdAt: r.session_created_at,
      lastSeenAt: r.session_last_seen_at,
      expiresAt: r.session_expires_at,
      revokedAt: r.session_revoked_at,
    },
    user: {
      id: r.id,
      username: r.username,
      username_key: r.username_key,
      display_name: r.display_name,
      email: r.email,
      department_id: r.department_id,
      post: r.post,
      clearance_class: r.clearance_class,
      business_roles: r.business_roles,
      admin_role: r.admin_role,
      status: r.status,
      password_hash: r.password_hash,
      password_changed_at: r.password_changed_at,
      must_change_password: r.must_change_password,
      failed_logins: r.failed_logins,
      locked_until: r.locked_until,
      mfa_secret: r.mfa_secret,
      mfa_enabled: r.mfa_enabled,
      mfa_last_step: r.mfa_last_step,
      mfa_pending_secret: r.mfa_pending_secret,
      mfa_enrolled_at: r.mfa_enrolled_at,
      locale: r.locale,
      separation_until: r.separation_until,
      hired_on: r.hired_on,
      computer_user: r.computer_user,
      created_at: r.created_at,
      updated_at: r.updated_at,
      version: r.version,
    },
    departmentName: r.department_name,
  };
}

/**
 * PostgreSQL: the session reads of requests arriving together share one statement (see `SharedLookups`: no
 * timer, no answer older than the request), at most 64 tokens at a time.
 */
const lookups = new WeakMap<pg.Pool, SharedLookups<string, SessionWithUser>>();

function pgLookup(pool: pg.Pool, tokenHash: string): Promise<SessionWithUser | undefined> {
  let l = lookups.get(pool);
  if (!l) {
    l = new SharedLookups(async (hashes) => {
      const { rows } = await pool.query<Flat>({ ...PG_SESSIONS_BY_TOKENS, values: [hashes] });
      return new Map(rows.map((r) => [r.session_token_hash, split(r)]));
    });
    lookups.set(pool, l);
  }
  return l.get(tokenHash);
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionWithUser | undefined> {
  const pool = sqliteOf(db) ? undefined : pgPoolOf(db);
  if (pool) return pgLookup(pool, tokenHash);
  const { rows } = await db.executeQuery<Flat>(CompiledQuery.raw(SQLITE_SESSION_BY_TOKEN, [tokenHash]));
  return rows[0] ? split(rows[0]) : undefined;
}

/** Moves last_seen_at forward; written at most every few seconds per session (see resolveSession). */
export async function touchSession(db: Db, sessionId: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', sessionId).execute();
}

export async function revokeAllSessions(q: Q, userId: string, now: string, exceptSessionId?: string): Promise<number> {
  let u = q
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) u = u.where('id', '!=', exceptSessionId);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
