import { z } from 'zod';

/**
 * The WebAuthn answers of the browser (@simplewebauthn/browser), as every module that asks for a security key
 * receives them: identity's sign-in and profile, people's signing. In the platform so a module need not import
 * identity's contracts (and with them its services) to accept a key's assertion.
 */
const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8);
const clientExtensionResults = z.record(z.string().max(64), z.unknown());
const attachment = z.enum(['platform', 'cross-platform']);

/** What `startRegistration()` of @simplewebauthn/browser answers. */
export const registrationResponseSchema = z.strictObject({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults,
  response: z.strictObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().min(-65_536).max(65_536).optional(),
    publicKey: b64url.optional(),
  }),
});

/** What `startAuthentication()` of @simplewebauthn/browser answers. */
export const authenticationResponseSchema = z.strictObject({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults,
  response: z.strictObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});
