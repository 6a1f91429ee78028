import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';

type Q = Db | Trx;

export function findSessionByTokenHash(q: Q, tokenHash: string) {
  return q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.stage as session_stage',
      'sessions.csrf_token as session_csrf',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
      'sessions.revoked_at as session_revoked_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof findSessionByTokenHash>>>;

export async function revokeAllSessions(q: Q, userId: string, now: string, exceptSessionId?: string): Promise<number> {
  let u = q.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) u = u.where('id', '!=', exceptSessionId);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
