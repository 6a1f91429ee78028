import crypto from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../../../platform/errors.js';
import { newId, type AppContext } from '../../../../platform/context.js';
import type { Db } from '../../../../platform/db/database.js';
import type { Trx } from '../../../../platform/audit/audit-repo.js';
import type { UserRow } from '../../repositories/user-repo.js';

/** What a challenge is for: enrolling a key, the second step of a sign-in, re-authentication (`confirmIdentity`). */
export type ChallengePurpose = 'register' | 'sign_in' | 'confirm';

/** A challenge lives as long as the browser's own timeout, plus a little for the network. */
const TIMEOUT_MS = 120_000;
const CHALLENGE_TTL_MS = TIMEOUT_MS + 30_000;

export interface RelyingParty {
  rpID: string;
  origin: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The relying party keys are bound to: the configured public URL. Without one, only a loopback origin is accepted
 * (tests and a trial on one's own machine): a key bound to a host taken from the request could be phished through
 * any name that reaches the server.
 */
export function relyingParty(ctx: AppContext, requestOrigin: string): RelyingParty {
  const configured = ctx.config.publicUrl;
  if (configured) {
    const u = new URL(configured);
    return { rpID: u.hostname, origin: u.origin };
  }
  let u: URL;
  try {
    u = new URL(requestOrigin);
  } catch {
    throw new AppError('not_configured', 'Security keys need the server public URL (BAOMI_PUBLIC_URL)');
  }
  if (!LOOPBACK.has(u.hostname))
    throw new AppError('not_configured', 'Security keys need the server public URL (BAOMI_PUBLIC_URL)');
  return { rpID: u.hostname, origin: u.origin };
}

/** The challenge a browser's response answers (from its client data), or null when it cannot be read. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}

async function storeChallenge(
  q: Db | Trx,
  ctx: AppContext,
  at: { sessionId: string; userId: string; purpose: ChallengePurpose },
  challenge: string,
  rp: RelyingParty,
): Promise<void> {
  const now = ctx.now();
  // One open challenge per session and purpose: asking again replaces it; expired ones of the person go too.
  await q
    .deleteFrom('webauthn_challenges')
    .where((eb) =>
      eb.or([
        eb.and([eb('session_id', '=', at.sessionId), eb('purpose', '=', at.purpose)]),
        eb.and([eb('user_id', '=', at.userId), eb('expires_at', '<=', now.toISOString())]),
      ]),
    )
    .execute();
  await q
    .insertInto('webauthn_challenges')
    .values({
      id: newId(),
      session_id: at.sessionId,
      user_id: at.userId,
      purpose: at.purpose,
      challenge,
      rp_id: rp.rpID,
      origin: rp.origin,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
    })
    .execute();
}

/**
 * Takes (deletes) the challenge a response answers: single use even when verification then fails, so a captured
 * response cannot be replayed. Null when it is unknown, someone else's, for another purpose, or expired; with
 * `sessionId` (sign-in, enrolment), also when another session of the person asked for it.
 */
async function takeChallenge(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  purpose: ChallengePurpose,
  clientDataJSON: string,
  sessionId: string | undefined,
): Promise<{ challenge: string; rp: RelyingParty } | null> {
  const challenge = challengeOf(clientDataJSON);
  if (!challenge) return null;
  let query = q
    .selectFrom('webauthn_challenges')
    .selectAll()
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('challenge', '=', challenge);
  if (sessionId !== undefined) query = query.where('session_id', '=', sessionId);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const r = await q.deleteFrom('webauthn_challenges').where('id', '=', row.id).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) return null;
  if (Date.parse(row.expires_at) <= ctx.now().getTime()) return null;
  return { challenge: row.challenge, rp: { rpID: row.rp_id, origin: row.origin } };
}

async function keysOf(q: Db | Trx, userId: string) {
  return q.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).execute();
}

const transportsOf = (json: string) => JSON.parse(json) as AuthenticatorTransportFuture[];

export async function registrationOptions(
  ctx: AppContext,
  q: Db | Trx,
  at: { sessionId: string; user: UserRow },
  rp: RelyingParty,
) {
  const existing = await keysOf(q, at.user.id);
  const options = await generateRegistrationOptions({
    rpName: ctx.config.organisationName,
    rpID: rp.rpID,
    userName: at.user.username,
    userDisplayName: at.user.display_name,
    // The user handle: the account id's bytes, never anything personal.
    userID: new TextEncoder().encode(at.user.id),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    // A key already registered is not registered twice.
    excludeCredentials: existing.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
    authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
  });
  await storeChallenge(
    q,
    ctx,
    { sessionId: at.sessionId, userId: at.user.id, purpose: 'register' },
    options.challenge,
    rp,
  );
  return options;
}

/** A verified new key, ready to store; null when the response does not verify. */
export async function verifyRegistration(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  response: RegistrationResponseJSON,
  sessionId: string,
): Promise<{ credentialId: string; publicKey: string; counter: number; transports: string[] } | null> {
  const taken = await takeChallenge(ctx, q, userId, 'register', response.response.clientDataJSON, sessionId);
  if (!taken) return null;
  try {
    const v = await verifyRegistrationResponse({
      response,
      expectedChallenge: taken.challenge,
      expectedOrigin: taken.rp.origin,
      expectedRPID: taken.rp.rpID,
      requireUserVerification: false,
    });
    if (!v.verified) return null;
    const c = v.registrationInfo.credential;
    return {
      credentialId: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: c.transports ?? response.response.transports ?? [],
    };
  } catch {
    return null;
  }
}

export async function authenticationOptions(
  ctx: AppContext,
  q: Db | Trx,
  at: { sessionId: string; userId: string; purpose: ChallengePurpose },
  rp: RelyingParty,
) {
  const keys = await keysOf(q, at.userId);
  if (keys.length === 0) throw new AppError('conflict', 'No security key is registered');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    timeout: TIMEOUT_MS,
    userVerification: 'preferred',
    allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k.transports) })),
    challenge: crypto.randomBytes(32),
  });
  await storeChallenge(q, ctx, at, options.challenge, rp);
  return options;
}

/** An assertion that verified against one of the person's keys; `use` records its counter (false: a race lost). */
export interface KeyMatch {
  credentialRowId: string;
  use(q: Db | Trx): Promise<boolean>;
}

/**
 * Verifies a key's assertion for the person: the challenge theirs, for this purpose, unused and fresh; the origin and
 * relying party the configured ones; the signature by one of their keys; the signature counter moved forward
 * (a cloned key shows an old one). Null when any check fails.
 */
export async function verifyAssertion(
  ctx: AppContext,
  q: Db | Trx,
  userId: string,
  purpose: ChallengePurpose,
  response: AuthenticationResponseJSON,
  sessionId?: string,
): Promise<KeyMatch | null> {
  const taken = await takeChallenge(ctx, q, userId, purpose, response.response.clientDataJSON, sessionId);
  if (!taken) return null;
  const key = await q
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .where('credential_id', '=', response.id)
    .executeTakeFirst();
  if (!key) return null;
  const oldCount = Number(key.sign_count);
  let newCounter: number;
  try {
    const v = await verifyAuthenticationResponse({
      response,
      expectedChallenge: taken.challenge,
      expectedOrigin: taken.rp.origin,
      expectedRPID: taken.rp.rpID,
      requireUserVerification: false,
      credential: {
        id: key.credential_id,
        publicKey: new Uint8Array(Buffer.from(key.public_key, 'base64url')),
        counter: oldCount,
        transports: transportsOf(key.transports),
      },
    });
    if (!v.verified) return null;
    newCounter = v.authenticationInfo.newCounter;
  } catch {
    return null;
  }
  const now = ctx.now().toISOString();
  return {
    credentialRowId: key.id,
    use: async (w) => {
      const r = await w
        .updateTable('webauthn_credentials')
        .set({ sign_count: newCounter, last_used_at: now })
        .where('id', '=', key.id)
        .where('sign_count', '=', oldCount)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
