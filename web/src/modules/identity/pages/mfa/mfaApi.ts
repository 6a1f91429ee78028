/**
 * Second factors on the typed client: the sign-in step (codes, security keys), the profile's own factors, the
 * system administrator's hardware tokens and the per-class requirement. Security keys go through
 * @simplewebauthn/browser, which turns the server's JSON options into navigator.credentials calls and back.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import {
  ApiError,
  api as client,
  byId as id,
  call,
  isApiError,
  type BodyOf as Body,
} from '../../../../app/api/client.js';

export type Proof = Body<'/api/me/mfa/app/start', 'post'>;
export type FactorKind = 'app' | 'security_key' | 'token';
export type Requirement = 'none' | 'any' | 'security_key';
type Assertion = Body<'/api/auth/webauthn/sign-in/verify', 'post'>['response'];
type Registration = Body<'/api/auth/webauthn/enrol/verify', 'post'>['response'];

/**
 * The browser's part of a security-key step. When it does not finish (cancelled, timed out, no key, refused by
 * the browser) it is reported like an API error naming the problem `key_step` (identity's text, with the browser's
 * reason), so the pages show it where they show the server's refusals: `meta.quiet` lists `KEY_STEP_CODE`.
 */
async function keyStep<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isApiError(e)) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new ApiError(0, KEY_STEP_CODE, reason, { problem: 'key_step', reason });
  }
}
export const KEY_STEP_CODE = 'unknown' as const;

/** Asks the browser for an assertion over the server's request options (a touch of the key). */
const assert = (options: unknown): Promise<Assertion> =>
  keyStep(async () => {
    const optionsJSON = options as Parameters<typeof startAuthentication>[0]['optionsJSON'];
    return (await startAuthentication({ optionsJSON })) as unknown as Assertion;
  });

/** Asks the browser to create a credential for the server's creation options. */
const register = (options: unknown): Promise<Registration> =>
  keyStep(async () => {
    const optionsJSON = options as Parameters<typeof startRegistration>[0]['optionsJSON'];
    return (await startRegistration({ optionsJSON })) as unknown as Registration;
  });

/** The query of the person's own factors (the profile's list). */
export const FACTORS_KEY = ['me', 'factors'] as const;

export const mfaApi = {
  signIn: {
    methods: () => call(client.GET('/api/auth/mfa/methods')),
    /** The whole security-key step of a sign-in: options, a touch, the server's verdict (the next stage). */
    withKey: async () => {
      const { options } = await call(client.POST('/api/auth/webauthn/sign-in/options'));
      const response = await assert(options);
      return call(client.POST('/api/auth/webauthn/sign-in/verify', { body: { response } }));
    },
    /** Enrols a security key as the first factor (stage mfa_enrol). */
    enrolKey: async (name: string) => {
      const { options } = await call(client.POST('/api/auth/webauthn/enrol/options'));
      const response = await register(options);
      return call(client.POST('/api/auth/webauthn/enrol/verify', { body: { response, name } }));
    },
  },
  me: {
    factors: () => call(client.GET('/api/me/factors')),
    /** A security-key assertion for re-authentication in the profile (`Proof.assertion`). */
    keyProof: async () => {
      const { options } = await call(client.POST('/api/me/webauthn/confirm-options'));
      return (await assert(options)) as unknown as NonNullable<Proof['assertion']>;
    },
    appStart: (proof: Proof) => call(client.POST('/api/me/mfa/app/start', { body: proof })),
    appConfirm: (code: string) => call(client.POST('/api/me/mfa/app/confirm', { body: { code } })),
    /** Adds a security key: options after the proof, a touch, the server's check. */
    addKey: async (proof: Proof, name: string) => {
      const { options } = await call(client.POST('/api/me/webauthn/register/options', { body: proof }));
      const response = await register(options);
      return call(client.POST('/api/me/webauthn/register/verify', { body: { response, name } }));
    },
    renameKey: (keyId: string, name: string) =>
      call(client.PATCH('/api/me/webauthn/{id}', { ...id(keyId), body: { name } })),
    remove: (body: Body<'/api/me/factors/remove', 'post'>) => call(client.POST('/api/me/factors/remove', { body })),
  },
  tokens: {
    list: () => call(client.GET('/api/admin/otp-tokens')),
    import: (body: Body<'/api/admin/otp-tokens/import', 'post'>) =>
      call(client.POST('/api/admin/otp-tokens/import', { body })),
    assign: (tokenId: string, userId: string, version: number) =>
      call(client.POST('/api/admin/otp-tokens/{id}/assign', { ...id(tokenId), body: { userId, version } })),
    unassign: (tokenId: string, version: number) =>
      call(client.POST('/api/admin/otp-tokens/{id}/unassign', { ...id(tokenId), body: { version } })),
    resync: (tokenId: string, code1: string, code2: string) =>
      call(client.POST('/api/admin/otp-tokens/{id}/resync', { ...id(tokenId), body: { code1, code2 } })),
    remove: (tokenId: string) => call(client.DELETE('/api/admin/otp-tokens/{id}', id(tokenId))),
  },
  requirement: {
    get: () => call(client.GET('/api/settings/mfa-requirement')),
    save: (body: Body<'/api/settings/mfa-requirement', 'put'>) =>
      call(client.PUT('/api/settings/mfa-requirement', { body })),
  },
};

export type Factor = Awaited<ReturnType<typeof mfaApi.me.factors>>['items'][number];
export type OtpToken = Awaited<ReturnType<typeof mfaApi.tokens.list>>['items'][number];
